package io.sigmaflow.connectors.local;

import io.sigmaflow.connectors.admin.TopicAdmin;
import io.sigmaflow.connectors.topics.Topic;
import io.sigmaflow.connectors.topics.Topics;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The local stack on its embedded defaults: a KRaft broker on 127.0.0.1:9092 with its data in
 * {@code .sigma/kafka}, and every SigmaFlow topic. Runs until Ctrl-C.
 */
public final class LocalStack {
    private LocalStack() {}

    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 1 && args[0].equals("--port") ? Integer.parseInt(args[1]) : 9092;
        LocalKafkaBroker broker = LocalKafkaBroker.start(Path.of(".sigma", "kafka"), port);
        try (TopicAdmin admin = new TopicAdmin(broker.bootstrapServers())) {
            admin.ensure(Topics.defaults().all());
        }
        System.out.println("SigmaFlow local stack");
        System.out.println("  kafka   " + broker.bootstrapServers() + "  (data in " + broker.dataDir() + ")");
        for (Topic<?> t : Topics.defaults().all()) {
            System.out.printf("  topic   %-24s %d partitions%s%n", t.name(), t.partitions(), t.compacted() ? ", compacted" : "");
        }
        System.out.println("Ctrl-C stops it.");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "local-stack-shutdown"));
        stopped.await();
    }
}
