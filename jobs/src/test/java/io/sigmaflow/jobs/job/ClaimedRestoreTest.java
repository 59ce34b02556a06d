package io.sigmaflow.jobs.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.RecoveryClaimMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ClaimedRestore}: which restores get a copy, and the copy's files and layout. */
class ClaimedRestoreTest {
    @TempDir
    Path tmp;

    private static Configuration mode(RecoveryClaimMode mode) {
        Configuration conf = new Configuration();
        conf.set(StateRecoveryOptions.RESTORE_MODE, mode);
        return conf;
    }

    /** A savepoint's shape: _metadata beside its state files, one of them a level down. */
    private Path savepoint(String name) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("savepoints").resolve(name));
        Files.write(dir.resolve(RetainedCheckpoints.METADATA), new byte[] {1, 2, 3});
        Files.writeString(dir.resolve("a1b2-op-state"), "operator state");
        Files.createDirectories(dir.resolve("nested"));
        Files.write(dir.resolve("nested").resolve("keyed-1"), new byte[70_000]); // more than one buffer
        return dir;
    }

    /** Every file under {@code dir} by its path relative to it, with its bytes. */
    private static Map<String, byte[]> files(Path dir) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path f : all.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(f).toString(), Files.readAllBytes(f));
            }
        }
        return files;
    }

    private static Path local(String path) {
        return Path.of(java.net.URI.create(path.startsWith("file:") ? path : "file:" + path));
    }

    @Test
    void aClaimedSavepointIsRestoredFromACopyWithTheSameFilesAndLayout() throws IOException {
        Path savepoint = savepoint("savepoint-abc123-0f0f0f0f");
        Map<String, byte[]> before = files(savepoint);
        ByteArrayOutputStream said = new ByteArrayOutputStream();

        String restored = ClaimedRestore.restoreFrom(mode(RecoveryClaimMode.CLAIM), savepoint.toUri().toString(),
                new PrintStream(said, true, StandardCharsets.UTF_8), "placement-job");

        Path copy = local(restored);
        assertEquals(savepoint.getParent(), copy.getParent(), "a sibling of the savepoint");
        assertTrue(copy.getFileName().toString().startsWith("savepoint-abc123-0f0f0f0f" + ClaimedRestore.SUFFIX), restored);
        Map<String, byte[]> copied = files(copy);
        assertEquals(before.keySet(), copied.keySet(), "the same files at the same relative paths");
        before.forEach((f, bytes) -> assertArrayEquals(bytes, copied.get(f), f));
        Map<String, byte[]> after = files(savepoint);
        assertEquals(before.keySet(), after.keySet(), "the savepoint is untouched");
        String message = said.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains("restoring from a copy of") && message.contains(copy.toString())
                && message.contains("stays yours"), message);
    }

    @Test
    void theMetadataFileNamesItsDirectoryAndTwoRestoresGetTwoCopies() throws IOException {
        Path savepoint = savepoint("savepoint-1");
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        String first = ClaimedRestore.restoreFrom(mode(RecoveryClaimMode.CLAIM),
                savepoint.resolve(RetainedCheckpoints.METADATA).toString(), quiet, "t");
        Path second = local(ClaimedRestore.copy(new org.apache.flink.core.fs.Path(savepoint.toUri()),
                Instant.now().plusSeconds(1)).toString());
        assertEquals(files(savepoint).keySet(), files(local(first)).keySet());
        assertTrue(!local(first).equals(second), "each restore its own copy");
        try (Stream<Path> siblings = Files.list(savepoint.getParent())) {
            assertEquals(3, siblings.count(), "the savepoint and two copies");
        }
    }

    @Test
    void whatIsNotCopied() throws IOException {
        Path savepoint = savepoint("savepoint-2");
        Path checkpoint = Files.createDirectories(tmp.resolve("checkpoints/0123abcd/chk-7"));
        Files.write(checkpoint.resolve(RetainedCheckpoints.METADATA), new byte[] {1});
        Path copy = Files.createDirectories(tmp.resolve("savepoints/savepoint-2" + ClaimedRestore.SUFFIX + "20261207T060000000Z"));
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(said, true, StandardCharsets.UTF_8);
        for (String path : List.of(savepoint.toUri().toString(), checkpoint.toString())) {
            assertEquals(path, ClaimedRestore.restoreFrom(mode(RecoveryClaimMode.NO_CLAIM), path, out, "t"), "NO_CLAIM: " + path);
        }
        assertEquals("", said.toString(StandardCharsets.UTF_8), "NO_CLAIM says nothing");
        // A retained checkpoint refers to its job's shared/ files by absolute path: claimed where it is, and said so.
        assertEquals(checkpoint.toString(), ClaimedRestore.restoreFrom(mode(RecoveryClaimMode.CLAIM), checkpoint.toString(), out, "t"));
        assertTrue(said.toString(StandardCharsets.UTF_8).contains("restoring retained checkpoint"), said.toString());
        // A copy ./sigma job made before submitting is not copied again by the submitted job.
        assertEquals(copy.toString(), ClaimedRestore.restoreFrom(mode(RecoveryClaimMode.CLAIM), copy.toString(), out, "t"));
        try (Stream<Path> siblings = Files.list(savepoint.getParent())) {
            assertEquals(2, siblings.count(), "no copy made: " + said);
        }
    }

    @Test
    void aDirectoryWithoutMetadataIsNotASavepointAndLeavesNoCopy() throws IOException {
        Path notSavepoint = Files.createDirectories(tmp.resolve("savepoints/half-written"));
        Files.writeString(notSavepoint.resolve("state"), "x");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> ClaimedRestore.restoreFrom(
                mode(RecoveryClaimMode.CLAIM), notSavepoint.toString(), new PrintStream(new ByteArrayOutputStream()), "t"));
        assertTrue(e.getMessage().contains("cannot copy savepoint") && e.getMessage().contains("no _metadata"), e.getMessage());
        try (Stream<Path> siblings = Files.list(notSavepoint.getParent())) {
            assertEquals(1, siblings.count(), "nothing left behind");
        }
    }
}
