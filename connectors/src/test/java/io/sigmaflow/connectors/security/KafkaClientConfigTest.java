package io.sigmaflow.connectors.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientConfigTest {
    @TempDir
    Path dir;

    @Test
    void readsAClientPropertiesFileAndAddsTheCallersBootstrap() throws Exception {
        Path file = dir.resolve("host.properties");
        Files.writeString(file, """
                security.protocol=SASL_SSL
                sasl.mechanism=SCRAM-SHA-512
                sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="host" password="s3cret";
                ssl.truststore.location=/etc/sigma/ca.p12
                ssl.truststore.password=${file:/etc/sigma/secrets:truststore}
                """);
        KafkaClientConfig config = KafkaClientConfig.load(file);
        assertEquals("SASL_SSL", config.properties().get("security.protocol"));
        assertEquals("h:1", config.withBootstrap("h:1").get("bootstrap.servers"));
        String shown = config.describe();
        assertFalse(shown.contains("s3cret"), shown);
        assertFalse(shown.contains("/etc/sigma/secrets"), shown);
        assertTrue(shown.contains("sasl.jaas.config=[hidden]") && shown.contains("ssl.truststore.location=/etc/sigma/ca.p12"),
                shown);
    }

    @Test
    void aBootstrapInTheFileIsRefusedSoOneAddressHasOneSource() throws Exception {
        Path file = dir.resolve("bad.properties");
        Files.writeString(file, "bootstrap.servers=a:1\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KafkaClientConfig.load(file));
        assertTrue(e.getMessage().contains("bootstrap.servers") && e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void theProcessConfigFollowsTheSystemProperty() throws Exception {
        Path file = dir.resolve("ops.properties");
        Files.writeString(file, "security.protocol=SSL\n");
        String before = System.getProperty(KafkaClientConfig.PROPERTY);
        try {
            System.setProperty(KafkaClientConfig.PROPERTY, file.toString());
            assertEquals("SSL", KafkaClientConfig.clientProperties("h:1").get("security.protocol"));
            System.clearProperty(KafkaClientConfig.PROPERTY);
            if (System.getenv(KafkaClientConfig.ENV) == null) {
                assertEquals(java.util.Map.of("bootstrap.servers", "h:1"), KafkaClientConfig.clientProperties("h:1"));
            }
        } finally {
            if (before != null) {
                System.setProperty(KafkaClientConfig.PROPERTY, before);
            }
        }
    }

    @Test
    void anUnreadableFileIsAnErrorNamingIt() {
        Path missing = dir.resolve("missing.properties");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KafkaClientConfig.load(missing));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }
}
