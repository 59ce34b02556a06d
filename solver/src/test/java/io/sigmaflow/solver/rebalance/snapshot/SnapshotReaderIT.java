package io.sigmaflow.solver.rebalance.snapshot;

import static io.sigmaflow.solver.rebalance.testing.ClusterFixtures.node;
import static io.sigmaflow.solver.rebalance.testing.ClusterFixtures.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.connectors.serde.AvroCodec;
import io.sigmaflow.connectors.testing.SharedKafka;
import io.sigmaflow.connectors.topics.Topics;
import io.sigmaflow.schema.NodeState;
import io.sigmaflow.solver.rebalance.testing.TestTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** The snapshot read from a real broker: latest committed state per live node, and what changed after it. */
class SnapshotReaderIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static Topics topics(String test) {
        return TestTopics.create(test, 3);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Writes {@code state} in a transaction that is aborted: a read_committed reader must never see it. */
    private static void abortedWrite(Topics topics, NodeState state) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "aborting-" + topics.prefix());
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topics.nodeState().name(), state.getNodeId().getBytes(StandardCharsets.UTF_8),
                    AvroCodec.of(NodeState.class).encode(state)));
            producer.flush();
            producer.abortTransaction();
        }
    }

    @Test
    void readsTheLatestCommittedStateOfEveryLiveNode() {
        Topics topics = topics("snapshot");
        TestTopics.produce(topics.nodeState(), List.of(
                node("n1").version(1).build(), node("n2").version(1).pod(pod("p", "a")).build(),
                node("n1").version(2).pod(pod("q", "a")).build(), node("n3").build(), node("n3").removed().build(),
                node("n4").build()));
        String name = topics.nodeState().name();
        TestTopics.produceRaw(name, List.of(new ProducerRecord<>(name, bytes("n4"), null),
                new ProducerRecord<>(name, bytes("n5"), bytes("not avro"))));
        abortedWrite(topics, node("n2").version(99).build());

        try (SnapshotReader reader = new SnapshotReader(SharedKafka.bootstrapServers(), topics.nodeState(), TIMEOUT)) {
            ClusterSnapshot snapshot = reader.read();
            assertEquals(List.of("n1", "n2"), snapshot.nodes().stream().map(NodeState::getNodeId).toList());
            assertEquals(2, snapshot.nodes().get(0).getVersion());
            assertEquals(1, snapshot.nodes().get(1).getVersion(), "the aborted version 99 is invisible");
            assertEquals(2, snapshot.podCount());
            assertEquals(1, snapshot.stats().removed());
            assertEquals(1, snapshot.stats().tombstones());
            assertEquals(1, snapshot.stats().skipped());
            assertTrue(snapshot.stats().problems().get(0).contains("not an Avro single-object encoded NodeState"),
                    snapshot.stats().problems().toString());
            assertEquals(3, snapshot.endOffsets().size());

            assertEquals(Set.of(), reader.changedSince(snapshot));
            TestTopics.produce(topics.nodeState(), List.of(node("n2").version(2).build(), node("n6").build()));
            assertEquals(Set.of("n2", "n6"), reader.changedSince(snapshot));
            // A later snapshot starts from the new state.
            ClusterSnapshot next = reader.read();
            assertEquals(List.of("n1", "n2", "n6"), next.nodes().stream().map(NodeState::getNodeId).toList());
            assertEquals(Set.of(), reader.changedSince(next));
        }
    }

    @Test
    void anEmptyTopicIsAnEmptyCluster() {
        Topics topics = topics("empty");
        try (SnapshotReader reader = new SnapshotReader(SharedKafka.bootstrapServers(), topics.nodeState(), TIMEOUT)) {
            ClusterSnapshot snapshot = reader.read();
            assertEquals(List.of(), snapshot.nodes());
            assertEquals(0, snapshot.stats().records());
        }
    }

    @Test
    void aMissingTopicSaysWhatToDo() {
        Topics topics = Topics.of(SharedKafka.uniquePrefix("missing"), 1);
        try (SnapshotReader reader = new SnapshotReader(SharedKafka.bootstrapServers(), topics.nodeState(), TIMEOUT)) {
            SnapshotReader.SnapshotException e = assertThrows(SnapshotReader.SnapshotException.class, reader::read);
            assertTrue(e.getMessage().contains("does not exist: create the topics (./sigma topics"), e.getMessage());
        }
    }
}
