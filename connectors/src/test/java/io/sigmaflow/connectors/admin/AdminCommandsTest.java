package io.sigmaflow.connectors.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.cli.support.testing.CommandRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./sigma topics} and {@code ./sigma schemas}: help, usage errors, and a snapshot into a temp dir. */
class AdminCommandsTest {
    @Test
    void topicsHelpAndUsageErrors() {
        CommandRun.assertHelp(new TopicsCommand(), "topics", "--bootstrap=HOST:PORT", "--prefix=P", "--partitions=N",
                "--fleet-hosts=N");
        CommandRun.assertUnknownOptionRefused(new TopicsCommand(), "topics", "--bootstrap", "h:1");
        CommandRun missing = CommandRun.of(new TopicsCommand());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("topics: Missing required option: '--bootstrap=HOST:PORT'"), missing.err());
        CommandRun zero = CommandRun.of(new TopicsCommand(), "--bootstrap", "h:1", "--partitions", "0");
        assertEquals(2, zero.code());
        assertTrue(zero.err().contains("topics: --partitions: 0 must be a positive integer"), zero.err());
        CommandRun noHosts = CommandRun.of(new TopicsCommand(), "--bootstrap", "h:1", "--fleet-hosts", "-5");
        assertEquals(2, noHosts.code());
        assertTrue(noHosts.err().contains("topics: --fleet-hosts: -5 must be a positive integer"), noHosts.err());
    }

    @Test
    void schemasSnapshotWritesEverySchemaOnceThenNothing(@TempDir Path dir) throws Exception {
        CommandRun.assertHelp(new SchemasCommand(), "schemas", "snapshot");
        CommandRun.assertUnknownOptionRefused(new SchemasCommand(), "schemas");
        CommandRun bare = CommandRun.of(new SchemasCommand());
        assertEquals(2, bare.code());
        assertTrue(bare.err().contains("schemas: missing subcommand (snapshot)"), bare.err());

        CommandRun first = CommandRun.of(new SchemasCommand(), "snapshot", "--dir", dir.toString());
        assertEquals(0, first.code(), first.err());
        try (var files = Files.walk(dir)) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().equals("v1.avsc")), "no v1.avsc written");
        }
        assertTrue(first.out().contains("released " + dir.resolve("NodeEvent").resolve("v1.avsc")), first.out());
        CommandRun second = CommandRun.of(new SchemasCommand(), "snapshot", "--dir", dir.toString());
        assertEquals(0, second.code(), second.err());
        try (var files = Files.walk(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().equals("v2.avsc")), "released twice");
        }
        assertTrue(second.out().contains("every schema is already released in " + dir), second.out());
    }
}
