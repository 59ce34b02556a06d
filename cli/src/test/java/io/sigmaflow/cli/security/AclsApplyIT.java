package io.sigmaflow.cli.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sigmaflow.cli.support.Output;
import io.sigmaflow.cli.support.SigmaCli;
import io.sigmaflow.connectors.local.LocalKafkaBroker;
import io.sigmaflow.connectors.local.SecureKafka;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./sigma acls apply} against a broker with SCRAM and the StandardAuthorizer: creates, then finds all. */
class AclsApplyIT {
    private final String propertyBefore = System.getProperty(SigmaCli.KAFKA_CONFIG_PROPERTY);

    @AfterEach
    void restoreProcessKafkaConfig() {
        if (propertyBefore == null) {
            System.clearProperty(SigmaCli.KAFKA_CONFIG_PROPERTY);
        } else {
            System.setProperty(SigmaCli.KAFKA_CONFIG_PROPERTY, propertyBefore);
        }
    }

    @Test
    void appliesEveryRolesAclsOnceAndASecondRunFindsThemAll(@TempDir Path dir) throws Exception {
        SecureKafka security = SecureKafka.prepare(dir.resolve("security"));
        try (LocalKafkaBroker broker = LocalKafkaBroker.startSecureEphemeral(security)) {
            Path admin = dir.resolve("admin.properties");
            SecureKafka.writeClientConfig(admin, security.adminProperties());
            String[] args = {"apply", "--bootstrap", broker.bootstrapServers(), "--kafka-config", admin.toString(),
                "--hosts", "node-1,node-2", "-o", "json"};

            JsonNode dry = run("apply", "--bootstrap", broker.bootstrapServers(), "--kafka-config", admin.toString(),
                    "--hosts", "node-1", "--dry-run", "-o", "json");
            assertTrue(dry.get("dryRun").asBoolean());
            dry.get("acls").forEach(a -> assertEquals("would create", a.get("state").asText(), a.toString()));

            JsonNode first = run(args);
            int n = first.get("acls").size();
            first.get("acls").forEach(a -> assertEquals("created", a.get("state").asText(), a.toString()));
            assertTrue(n > 30, "acls: " + n);
            JsonNode second = run(args);
            assertEquals(n, second.get("acls").size());
            second.get("acls").forEach(a -> assertEquals("exists", a.get("state").asText(), a.toString()));
            boolean hostWritesPlacements = false;
            for (JsonNode a : second.get("acls")) {
                hostWritesPlacements |= a.get("principal").asText().startsWith("User:sigma-host-")
                        && a.get("operation").asText().equals("WRITE") && a.get("resource").asText().equals("sigma.placements");
            }
            assertTrue(!hostWritesPlacements, "a host may not write placements");
        }
    }

    private static JsonNode run(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SigmaCli.execute(new AclsCommand(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        return Output.json().readTree(out.toString(StandardCharsets.UTF_8));
    }
}
