package io.sigmaflow.jobs.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line of {@code ./sigma placement-job} and the refusals that come before Kafka: bad
 * arguments exit 2 naming the option or key, a held checkpoint directory or REST port exit 4.
 */
class PlacementJobMainTest {
    @TempDir
    Path dir;

    @Test
    void parsesEveryOption() {
        PlacementJobMain.Arguments a = PlacementJobMain.parse(List.of("--config-dir", "conf", "--set", "a.b = c",
                "--from-savepoint", "/sp/savepoint-1", "--set", "x=y=z"));
        assertEquals(Path.of("conf"), a.configDir());
        assertEquals(Map.of("a.b", "c", "x", "y=z"), a.overrides());
        assertEquals("/sp/savepoint-1", a.fromSavepoint());
        assertFalse(a.startEmpty());
        PlacementJobMain.Arguments empty = PlacementJobMain.parse(List.of("--start-empty"));
        assertTrue(empty.startEmpty());
        assertEquals(null, empty.fromSavepoint());
        assertEquals(FlinkConfigFiles.DEFAULT_DIR, empty.configDir());
        assertEquals(null, empty.profile());
        assertEquals("latency", PlacementJobMain.parse(List.of("--profile", "latency")).profile());
    }

    @Test
    void badArgumentsNameTheOption() {
        assertMessage("--from-savepoint: needs a value", List.of("--from-savepoint"));
        assertMessage("--set: expected KEY=VALUE, got 'novalue'", List.of("--set", "novalue"));
        assertMessage("--resume: unknown option", List.of("--resume", "x"));
        assertMessage("--start-empty: cannot go with --from-savepoint: choose one",
                List.of("--start-empty", "--from-savepoint", "/sp"));
    }

    private static void assertMessage(String message, List<String> args) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> PlacementJobMain.parse(args)).getMessage());
    }

    /** Runs the command as main does, on the repository's config.yaml with this test's checkpoint directory. */
    private Outcome run(String... extra) {
        List<String> args = new ArrayList<>(List.of("--config-dir", FlinkConfigTest.DIR.toString(),
                "--set", "execution.checkpointing.dir=" + dir.resolve("checkpoints").toUri(),
                // Nothing may reach Kafka in these tests: a refusal must come first.
                "--set", PlacementJobConfig.BOOTSTRAP + "=127.0.0.1:1"));
        args.addAll(List.of(extra));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = PlacementJobMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, err.toString(StandardCharsets.UTF_8));
    }

    record Outcome(int code, String err) {}

    @Test
    void aCheckpointDirectoryHeldByAnotherJobExits4() throws Exception {
        try (SingleInstance first = SingleInstance.lock(dir.resolve("checkpoints").toUri().toString())) {
            Outcome o = run("--set", "rest.port=0");
            assertEquals(LaunchRefusedException.ALREADY_RUNNING, o.code(), o.err());
            assertTrue(o.err().contains("another placement job is running on " + dir.resolve("checkpoints")), o.err());
            assertTrue(o.err().contains("locked by pid " + ProcessHandle.current().pid()), o.err());
        }
        // Released with the first one: the next start gets past the lock (and fails on the port, held below).
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Outcome o = run("--set", "rest.port=" + taken.getLocalPort());
            assertEquals(LaunchRefusedException.ALREADY_RUNNING, o.code(), o.err());
            assertTrue(o.err().contains("the REST port " + taken.getLocalPort() + " on 127.0.0.1 is in use"), o.err());
        }
    }

    @Test
    void aConfigurationThatCannotResumeExits2NamingTheKey() {
        Outcome o = run("--set", "execution.checkpointing.externalized-checkpoint-retention=DELETE_ON_CANCELLATION");
        assertEquals(PlacementJobMain.USAGE_ERROR, o.code(), o.err());
        assertTrue(o.err().contains("execution.checkpointing.externalized-checkpoint-retention: must be RETAIN_ON_CANCELLATION"),
                o.err());
        o = run("--set", "execution.state-recovery.path=/x");
        assertEquals(PlacementJobMain.USAGE_ERROR, o.code(), o.err());
        assertTrue(o.err().contains("execution.state-recovery.path: use --from-savepoint PATH"), o.err());
    }

    @Test
    void aSavepointThatIsNotThereExits2() throws Exception {
        Path missing = dir.resolve("savepoint-1");
        Outcome o = run("--from-savepoint", missing.toString());
        assertEquals(PlacementJobMain.USAGE_ERROR, o.code(), o.err());
        assertTrue(o.err().contains("--from-savepoint: no savepoint at " + missing), o.err());
        Files.createDirectories(missing);
        o = run("--from-savepoint", missing.toString());
        assertEquals(PlacementJobMain.USAGE_ERROR, o.code(), "a directory without _metadata is no savepoint: " + o.err());
    }
}
