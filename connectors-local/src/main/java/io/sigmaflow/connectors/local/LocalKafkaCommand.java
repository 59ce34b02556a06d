package io.sigmaflow.connectors.local;

import io.sigmaflow.cli.support.Problems;
import io.sigmaflow.cli.support.SigmaCli;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./sigma kafka [--port N] [--dir DIR]}: a {@link LocalKafkaBroker} in the foreground until killed. */
@Command(name = "kafka",
        description = "Run a local single-node KRaft broker on 127.0.0.1 in the foreground until Ctrl-C.",
        footer = "  ./sigma kafka --port 19092 --dir /tmp/sigma-kafka")
public final class LocalKafkaCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--port", paramLabel = "N", description = "port to listen on (default: ${DEFAULT-VALUE})")
    private int port = 9092;

    @Option(names = "--dir", paramLabel = "DIR", description = "data directory, kept between runs (default: ${DEFAULT-VALUE})")
    private Path dir = Path.of(System.getProperty("java.io.tmpdir"), "sigmaflow", "kafka");

    public static void main(String[] args) {
        SigmaCli.main(new LocalKafkaCommand(), args);
    }

    @Override
    public Integer call() throws InterruptedException {
        Problems problems = new Problems();
        if (port < 1 || port > 65535) {
            problems.add("--port: " + port + " must be between 1 and 65535");
        }
        problems.throwIfAny(spec);
        LocalKafkaBroker broker = LocalKafkaBroker.start(dir, port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "broker-shutdown"));
        System.out.println("kafka ready at " + broker.bootstrapServers());
        stopped.await();
        return 0;
    }
}
