package io.sigmaflow.connectors.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sigmaflow.connectors.admin.TopicAdmin;
import io.sigmaflow.connectors.testing.KafkaTestClient;
import io.sigmaflow.connectors.testing.SampleRecords;
import io.sigmaflow.connectors.topics.Topics;
import io.sigmaflow.schema.Placement;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalKafkaBrokerIT {
    @Test
    void aRestartOnTheSameDirectoryKeepsTopicsAndRecords(@TempDir Path dir) throws Exception {
        int port = LocalPorts.free();
        Topics topics = Topics.of("restart-", 1);
        Placement p = SampleRecords.placement("cart-0", "node-1", 1);
        try (LocalKafkaBroker broker = LocalKafkaBroker.start(dir, port);
                TopicAdmin admin = new TopicAdmin(broker.bootstrapServers());
                KafkaTestClient kafka = new KafkaTestClient(broker.bootstrapServers())) {
            admin.ensure(List.of(topics.placements()));
            kafka.produce(topics.placements(), p);
        }
        try (LocalKafkaBroker broker = LocalKafkaBroker.start(dir, port);
                TopicAdmin admin = new TopicAdmin(broker.bootstrapServers());
                KafkaTestClient kafka = new KafkaTestClient(broker.bootstrapServers())) {
            assertEquals(List.of(), admin.ensure(List.of(topics.placements())).created());
            assertEquals(List.of(p), kafka.consume(topics.placements(), 1, Duration.ofSeconds(20)));
        }
    }
}
