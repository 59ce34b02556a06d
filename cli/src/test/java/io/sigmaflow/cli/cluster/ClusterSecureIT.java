package io.sigmaflow.cli.cluster;

import static io.sigmaflow.jobs.testing.JobRecords.publish;
import static io.sigmaflow.jobs.testing.JobRecords.register;
import static io.sigmaflow.jobs.testing.JobRecords.template;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sigmaflow.client.Outcome;
import io.sigmaflow.client.SigmaClient;
import io.sigmaflow.client.Submission;
import io.sigmaflow.connectors.security.KafkaClientConfig;
import io.sigmaflow.connectors.testing.KafkaTestClient;
import io.sigmaflow.connectors.topics.Topic;
import io.sigmaflow.connectors.topics.Topics;
import io.sigmaflow.schema.NodeState;
import io.sigmaflow.schema.OutcomeStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cluster up --secure} on real processes (one broker on TLS + SASL/SCRAM with ACLs, a
 * JobManager, one TaskManager): the job runs as its own principal from the role file {@code up}
 * wrote; two hosts register themselves with their own files, the release system's file publishes
 * an app through {@link SigmaClient} and sees it PLACED; a client without credentials is refused
 * and a host cannot write requests. After {@code down} the cluster is still recorded as secure.
 */
class ClusterSecureIT {
    private static final Duration WAIT = Duration.ofMinutes(3);

    @Test
    void aSecureClusterPlacesForTheReleaseSystemAndRefusesTheOthers(@TempDir Path dir) throws Exception {
        ClusterFiles files = new ClusterFiles(ClusterFiles.findRepo(), dir);
        LocalCluster cluster = new LocalCluster(files, System.out);
        try {
            assertEquals(0, cluster.up(new LocalCluster.Options(1, 1, 0, 0, Map.of(), WAIT, true, List.of("node-1", "node-2"))));
            JsonNode kafka = cluster.status().path("kafka");
            assertEquals("SASL_SSL", kafka.path("security").asText(), kafka.toString());
            String bootstrap = kafka.path("bootstrap").asText();
            Path releaseFile = Path.of(kafka.path("roleFiles").path("release-system").asText());
            assertEquals(dir.resolve("security/release-system.properties"), releaseFile);
            Map<String, String> release = KafkaClientConfig.load(releaseFile).properties();
            // the file names the password file (owner-only); it holds no password itself
            Path passwordFile = dir.resolve("security/sigma-release.password.properties");
            String password = Files.readString(passwordFile, StandardCharsets.UTF_8).trim().substring("password=".length());
            assertFalse(Files.readString(releaseFile).contains(password), "the role file holds no password");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile)));
            Map<String, String> host1 = roleProperties(kafka, "host-node-1");
            Map<String, String> host2 = roleProperties(kafka, "host-node-2");
            Map<String, String> admin = roleProperties(kafka, "admin");

            Topics topics = Topics.defaults();
            try (KafkaTestClient n1 = new KafkaTestClient(bootstrap, host1);
                    KafkaTestClient n2 = new KafkaTestClient(bootstrap, host2);
                    KafkaTestClient operator = new KafkaTestClient(bootstrap, admin)) {
                n1.produce(topics.nodeEvents(), register("node-1", "s0", "s0-c0", 8000, 16384));
                n2.produce(topics.nodeEvents(), register("node-2", "s0", "s0-c0", 8000, 16384));
                List<NodeState> known = operator.consumeUntil(topics.nodeState(),
                        l -> l.stream().map(n -> n.getNodeId().toString()).distinct().count() >= 2, WAIT);
                assertTrue(known.size() >= 2, "the job (its own principal) saw both hosts: " + known);
            }
            try (SigmaClient client = SigmaClient.builder().bootstrapServers(bootstrap).kafkaConfig(releaseFile).build()) {
                Submission s = client.submit(publish("web-1", "web", 2, template(1000, 1024)));
                Outcome placed = awaitPlaced(s);
                assertEquals(2, placed.placed(), placed.toString());
            }

            ExecutionException anonymous = assertThrows(ExecutionException.class,
                    () -> send(bootstrap, Map.of(), topics.requests()));
            assertInstanceOf(org.apache.kafka.common.errors.TimeoutException.class, anonymous.getCause(),
                    "a plaintext client without credentials gets no connection: " + anonymous);
            ExecutionException forged = assertThrows(ExecutionException.class, () -> send(bootstrap, host1, topics.requests()));
            assertInstanceOf(TopicAuthorizationException.class, forged.getCause(), "a host writes no request: " + forged);
        } finally {
            cluster.down();
        }
        assertTrue(cluster.running().isEmpty(), "down stops every process: " + cluster.running());
        assertTrue(ClusterSecurity.isSecure(files.loadState()), "the cluster stays secure for the next up");
        assertEquals("SASL_SSL", cluster.status().path("kafka").path("security").asText());
    }

    private static Map<String, String> roleProperties(JsonNode kafka, String role) {
        return KafkaClientConfig.load(Path.of(kafka.path("roleFiles").path(role).asText())).properties();
    }

    private static Outcome awaitPlaced(Submission s) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (Outcome o : s.outcomes()) {
                if (o.status() == OutcomeStatus.PLACED) {
                    return o;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("web-1 not PLACED within " + WAIT + ": " + s.outcomes());
    }

    /** One record to {@code topic} as {@code client}; a refusal comes back as the ExecutionException's cause. */
    private static void send(String bootstrap, Map<String, String> client, Topic<?> topic) throws Exception {
        Map<String, Object> p = new HashMap<>(client);
        p.put("bootstrap.servers", bootstrap);
        KafkaTestClient.probe(p, topic.name(), "web");
    }
}
