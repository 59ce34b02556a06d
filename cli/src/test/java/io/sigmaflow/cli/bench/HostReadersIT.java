package io.sigmaflow.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.connectors.admin.TopicAdmin;
import io.sigmaflow.connectors.local.LocalKafkaBroker;
import io.sigmaflow.connectors.serde.AvroCodec;
import io.sigmaflow.connectors.testing.SampleRecords;
import io.sigmaflow.connectors.topics.Topics;
import io.sigmaflow.schema.Placement;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * The host-facing topics created by the sizing rule on a real broker, read by simulated hosts as
 * executors read them: what they fetch is exactly what the arithmetic on the real partitioner
 * says ({@link ReadAmplification}), aborted BINDs are never kept, and a topic that already exists
 * with another count is reported, not changed.
 */
class HostReadersIT {
    private static final int HOSTS = 150; // the rule: 10 partitions

    @Test
    void hostsFetchWhatTheRuleSaysAndKeepOnlyTheirCommittedBinds() throws Exception {
        try (LocalKafkaBroker broker = LocalKafkaBroker.startEphemeral()) {
            Topics topics = Topics.of("fleet-", 0).withHosts(HOSTS);
            try (TopicAdmin admin = new TopicAdmin(broker.bootstrapServers())) {
                TopicAdmin.Report created = admin.ensure(topics.all());
                assertTrue(created.created().contains("fleet-sigma.placements"), created.toString());
            }
            List<String> nodes = ReadAmplification.hostNames(HOSTS);
            List<String> bound = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                bound.add(nodes.get((i * 7) % HOSTS)); // every host, some twice or more
            }
            try (HostReaders hosts = new HostReaders(broker.bootstrapServers(), topics.placements(), nodes)) {
                assertEquals(10, hosts.partitions());
                assertTrue(hosts.start(Duration.ofSeconds(60)), "every host fetching");
                try (KafkaProducer<byte[], byte[]> producer = transactional(broker.bootstrapServers())) {
                    producer.initTransactions();
                    producer.beginTransaction(); // aborted: read_committed hosts never see it
                    send(producer, topics, List.of(nodes.get(0), nodes.get(1)), "aborted-");
                    producer.flush();
                    producer.abortTransaction();
                    producer.beginTransaction();
                    send(producer, topics, bound, "pod-");
                    producer.commitTransaction();
                }
                assertTrue(hosts.awaitOwn(bound.size(), Duration.ofSeconds(45)), "kept " + hosts.ownRecords());
                hosts.stop();
                Map<String, Object> measured = hosts.perPlacement(bound.size());
                assertEquals((long) bound.size(), measured.get("host_records_kept"), measured.toString());
                double expected = ReadAmplification.fetchedPerPlacement(nodes, 10, bound)[0];
                assertEquals(expected, (double) measured.get("host_records_fetched_per_placement"), 0.06, measured.toString());
                assertTrue(expected <= 20, "the rule's point: " + expected);
                // each fetched record is a whole BIND or more on the wire (batch headers, aborted ones)
                long perRecord = (long) measured.get("host_bytes_fetched_per_placement");
                assertTrue(perRecord > expected * 100, measured.toString());
            }
            // Made again for a larger fleet: the existing topics are left as they are, and said so.
            try (TopicAdmin admin = new TopicAdmin(broker.bootstrapServers())) {
                TopicAdmin.Report again = admin.ensure(Topics.of("fleet-", 0).withHosts(10_000).all());
                assertTrue(again.created().isEmpty(), again.toString());
                assertEquals(2, again.mismatched().size(), again.toString());
                String placements = again.mismatched().stream().filter(m -> m.contains("fleet-sigma.placements ")).findFirst()
                        .orElseThrow();
                assertTrue(placements.contains("has 10 partitions, configured 625")
                        && placements.contains("growing the host-facing topics"), placements);
            }
        }
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, Topics topics, List<String> nodes, String podPrefix) {
        AvroCodec<Placement> codec = AvroCodec.of(Placement.class);
        for (int i = 0; i < nodes.size(); i++) {
            Placement p = SampleRecords.placement(podPrefix + i, nodes.get(i), 1);
            producer.send(new ProducerRecord<>(topics.placements().name(), nodes.get(i).getBytes(StandardCharsets.UTF_8),
                    codec.encode(p)));
        }
    }

    private static KafkaProducer<byte[], byte[]> transactional(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "host-readers-it");
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
