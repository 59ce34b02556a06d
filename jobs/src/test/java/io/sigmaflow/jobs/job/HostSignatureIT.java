package io.sigmaflow.jobs.job;

import static io.sigmaflow.jobs.testing.JobRecords.publish;
import static io.sigmaflow.jobs.testing.JobRecords.template;
import static io.sigmaflow.jobs.testing.JobRecords.topology;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.connectors.flink.DeadLetters;
import io.sigmaflow.connectors.testing.SharedKafka;
import io.sigmaflow.connectors.security.HostSignatures;
import io.sigmaflow.connectors.serde.AvroCodec;
import io.sigmaflow.connectors.topics.Topic;
import io.sigmaflow.jobs.testing.RunningJob;
import io.sigmaflow.schema.DeadLetter;
import io.sigmaflow.schema.NodeEvent;
import io.sigmaflow.schema.NodeInventory;
import io.sigmaflow.schema.NodeState;
import io.sigmaflow.schema.OutcomeStatus;
import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.PlacementAction;
import io.sigmaflow.schema.PodState;
import io.sigmaflow.schema.PodStatus;
import io.sigmaflow.schema.RequestOutcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signed host reports (issue 17) against the real job (parallelism 2, RocksDB) on the real broker,
 * with {@code sigmaflow.security.host-signing=true}: nodes registered by records signed with their
 * own keys get pods; a fake node registered unsigned, and a pod status and inventory for node V
 * signed with node A's key or not signed at all, are dead letters naming V and "signature", and
 * change nothing; V's own signed FAILED status still re-places its pod.
 */
class HostSignatureIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void onlyRecordsSignedWithTheirOwnNodesKeyAreUsed() throws Exception {
        byte[] master = new byte[32];
        new SecureRandom().nextBytes(master);
        Path masterFile = dir.resolve("host-signing.master");
        Files.writeString(masterFile, HostSignatures.keyText(master) + "\n");
        Map<String, String> keys = Map.of(PlacementJobConfig.HOST_SIGNING, "true",
                PlacementJobConfig.HOST_SIGNING_MASTER_FILE, masterFile.toString(),
                PlacementJobConfig.INVENTORY_GRACE, "10min");
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
        try (RunningJob job = RunningJob.prepare("host-signature", keys).start(2);
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            Hosts hosts = new Hosts(producer, master);
            List<NodeEvent> nodes = topology(1, 1, 2, 4000, 8192);
            for (NodeEvent node : nodes) {
                hosts.send(job.topics.nodeEvents(), node, node.getNodeId());
            }
            NodeEvent fake = topology(1, 1, 3, 4000, 8192).get(2);
            hosts.send(job.topics.nodeEvents(), fake, null);
            producer.flush();
            job.kafka.consumeUntil(job.topics.nodeState(), l -> l.size() >= 2, WAIT);

            job.kafka.produce(job.topics.requests(), publish("w1", "web", 1, template(1000, 1024)));
            job.kafka.consumeUntil(job.topics.outcomes(), l -> outcome(l, "w1"), WAIT);
            Placement web0 = job.placements(l -> RunningJob.bound(l).containsKey("web-0"), WAIT).stream()
                    .filter(p -> p.getPodId().equals("web-0") && p.getAction() == PlacementAction.BIND).findFirst().orElseThrow();
            String victim = web0.getNodeId();
            String attacker = nodes.stream().map(NodeEvent::getNodeId).filter(n -> !n.equals(victim)).findFirst().orElseThrow();

            PodStatus failed = new PodStatus(victim, "web-0", "web", web0.getGeneration(), PodState.FAILED, 137,
                    "forged", System.currentTimeMillis());
            hosts.send(job.topics.podStatus(), failed, attacker);
            hosts.send(job.topics.podStatus(), failed, null);
            hosts.send(job.topics.inventory(), new NodeInventory(victim, List.of(), System.currentTimeMillis()), attacker);
            producer.flush();

            List<DeadLetter> dead = job.kafka.consumeUntil(job.topics.deadLetters(), l -> l.size() >= 4, WAIT);
            assertEquals(4, dead.size(), dead.toString());
            assertTrue(dead.stream().allMatch(d -> d.getErrorType().equals(DeadLetters.SIGNATURE)
                    && d.getReason().contains("signature")), dead.toString());
            assertTrue(has(dead, "node event for node " + fake.getNodeId() + " has no host signature"), dead.toString());
            assertTrue(has(dead, "pod status for node " + victim + " has no valid host signature"), dead.toString());
            assertTrue(has(dead, "pod status for node " + victim + " has no host signature"), dead.toString());
            assertTrue(has(dead, "inventory for node " + victim + " has no valid host signature"), dead.toString());

            // The victim's own FAILED status is used: the pod is placed again, once.
            hosts.send(job.topics.podStatus(), new PodStatus(victim, "web-0", "web", web0.getGeneration(), PodState.FAILED,
                    137, "killed", System.currentTimeMillis()), victim);
            producer.flush();
            List<Placement> placements = job.placements(l -> l.stream().anyMatch(p -> p.getPodId().equals("web-0")
                    && p.getAction() == PlacementAction.BIND && p.getGeneration() > web0.getGeneration()), WAIT);
            List<Placement> unbinds = placements.stream().filter(p -> p.getPodId().equals("web-0")
                    && p.getAction() == PlacementAction.UNBIND).toList();
            assertEquals(1, unbinds.size(), "only the genuine status unbinds: " + unbinds);
            assertTrue(unbinds.get(0).getReason().contains("killed"), unbinds.get(0).getReason());
            List<NodeState> states = job.kafka.consumeUntil(job.topics.nodeState(), l -> l.size() >= 2, WAIT);
            assertTrue(states.stream().noneMatch(s -> s.getNodeId().equals(fake.getNodeId())), "the fake node never registered");
            assertNotEquals(victim, attacker);
            assertEquals(4, job.kafka.consumeUntil(job.topics.deadLetters(), l -> l.size() > 4, Duration.ofSeconds(3)).size(),
                    "the genuine records made no dead letter");
        }
    }

    private static boolean outcome(List<RequestOutcome> outcomes, String requestId) {
        return outcomes.stream().anyMatch(o -> o.getRequestId().equals(requestId) && o.getStatus() == OutcomeStatus.PLACED);
    }

    private static boolean has(List<DeadLetter> dead, String reason) {
        return dead.stream().anyMatch(d -> d.getReason().startsWith(reason));
    }

    /** Produces records as an executor does: keyed by node, signed with {@code signer}'s key (null: unsigned). */
    private record Hosts(KafkaProducer<byte[], byte[]> producer, byte[] master) {
        @SuppressWarnings("unchecked")
        <T extends SpecificRecord> void send(Topic<T> topic, T record, String signer) {
            byte[] key = topic.keyOf(record).getBytes(StandardCharsets.UTF_8);
            byte[] value = AvroCodec.of((Class<T>) record.getClass()).encode(record);
            ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(topic.name(), key, value);
            if (signer != null) {
                out.headers().add(HostSignatures.HEADER,
                        HostSignatures.sign(HostSignatures.nodeKey(master, signer), topic.name(), key, value));
            }
            producer.send(out);
        }
    }
}
