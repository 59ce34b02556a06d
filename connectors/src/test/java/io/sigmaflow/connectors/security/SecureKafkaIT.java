package io.sigmaflow.connectors.security;

import io.sigmaflow.connectors.testing.KafkaTestClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.connectors.admin.TopicAdmin;
import io.sigmaflow.connectors.local.LocalKafkaBroker;
import io.sigmaflow.connectors.local.SecureKafka;
import io.sigmaflow.connectors.topics.Topic;
import io.sigmaflow.connectors.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real broker with TLS + SASL/SCRAM and the StandardAuthorizer on, the roles' ACLs applied
 * ({@link SigmaAcls}): who is refused what.
 */
class SecureKafkaIT {
    private static final Topics TOPICS = Topics.of("secure-", 1);
    private static Path dir;
    private static SecureKafka security;
    private static LocalKafkaBroker broker;
    private static Map<String, String> release;
    private static Map<String, String> host;

    @BeforeAll
    static void startSecureBroker() throws Exception {
        dir = Files.createTempDirectory("sigmaflow-secure-");
        security = SecureKafka.prepare(dir.resolve("security"));
        broker = LocalKafkaBroker.startSecureEphemeral(security);
        try (TopicAdmin topics = new TopicAdmin(broker.bootstrapServers(), security.adminProperties())) {
            topics.ensure(TOPICS.all());
        }
        release = security.addUser(broker.bootstrapServers(), "sigma-release");
        host = security.addUser(broker.bootstrapServers(), "sigma-host-node-1");
        try (Admin admin = Admin.create(props(security.adminProperties()))) {
            admin.createAcls(SigmaAcls.forJob(TOPICS, "job", "job", SigmaAcls.RELEASE, SigmaAcls.JOB, SigmaAcls.REBALANCER,
                    SigmaAcls.OPERATOR, List.of("node-1")).stream().map(SigmaAcls.Grant::binding).toList())
                    .all().get(60, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (broker != null) {
            broker.close();
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void theClientPropertiesHoldNoSecretAndThePasswordFilesAreTheOwnersOnly() throws Exception {
        String shown = KafkaClientConfig.of(host).describe();
        String password = Files.readString(dir.resolve("security/sigma-host-node-1.password.properties"));
        assertTrue(password.startsWith("password="), password);
        assertTrue(!shown.contains(password.substring("password=".length()).trim()), shown);
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("security/sigma-host-node-1.password.properties"))));
    }

    @Test
    void aClientWithAWrongPasswordIsRefused() {
        Map<String, String> forged = new HashMap<>(host);
        forged.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"sigma-host-node-1\" password=\"guessed\";");
        ExecutionException e = assertThrows(ExecutionException.class, () -> send(forged, TOPICS.podStatus()));
        assertInstanceOf(SaslAuthenticationException.class, e.getCause(), e.toString());
    }

    @Test
    void aClientWithoutCredentialsGetsNothing() {
        // plaintext to a SASL_SSL listener: the handshake never completes, no metadata, no write
        ExecutionException e = assertThrows(ExecutionException.class, () -> send(Map.of(), TOPICS.podStatus()));
        assertTrue(e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException, e.toString());
    }

    @Test
    void aHostCannotWritePlacementsOrRequestsButWritesItsStatus() throws Exception {
        for (Topic<?> t : List.of(TOPICS.placements(), TOPICS.requests(), TOPICS.nodeState())) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> send(host, t), t.name());
            assertInstanceOf(TopicAuthorizationException.class, e.getCause(), t.name() + ": " + e);
        }
        send(host, TOPICS.podStatus());
    }

    @Test
    void aReleaseSystemCannotWritePlacementsButWritesRequests() throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class, () -> send(release, TOPICS.placements()));
        assertInstanceOf(TopicAuthorizationException.class, e.getCause(), e.toString());
        send(release, TOPICS.requests());
    }

    @Test
    void aHostReadsPlacementsWrittenByTheAdmin() throws Exception {
        send(security.adminProperties(), TOPICS.placements());
        Map<String, Object> p = props(host);
        p.put("key.deserializer", ByteArrayDeserializer.class.getName());
        p.put("value.deserializer", ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
            TopicPartition tp = new TopicPartition(TOPICS.placements().name(), 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            int seen = 0;
            while (seen == 0 && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    assertEquals("probe", new String(r.value(), StandardCharsets.UTF_8));
                    seen++;
                }
            }
            assertTrue(seen > 0, "the host read no placement");
        }
    }

    private static void send(Map<String, String> client, Topic<?> topic) throws Exception {
        KafkaTestClient.probe(props(client), topic.name(), "node-1");
    }

    private static Map<String, Object> props(Map<String, String> client) {
        Map<String, Object> p = new HashMap<>(client);
        p.put("bootstrap.servers", broker.bootstrapServers());
        return p;
    }
}
