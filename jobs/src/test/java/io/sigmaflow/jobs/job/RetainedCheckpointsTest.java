package io.sigmaflow.jobs.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The newest completed checkpoint: {@code chk-N} with a written {@code _metadata}, across the job ids of earlier starts. */
class RetainedCheckpointsTest {
    @TempDir
    Path dir;

    /** {@code dir/job/chk-N}, with a metadata file of {@code bytes} bytes written at {@code atMs} (no file when bytes < 0). */
    private Path checkpoint(String job, String chk, int bytes, long atMs) throws Exception {
        Path c = Files.createDirectories(dir.resolve(job).resolve(chk));
        if (bytes >= 0) {
            Path metadata = Files.write(c.resolve(RetainedCheckpoints.METADATA), new byte[bytes]);
            Files.setLastModifiedTime(metadata, FileTime.fromMillis(atMs));
        }
        return c;
    }

    private Optional<Path> latest(Path root) {
        return RetainedCheckpoints.latest(root.toUri().toString()).map(c -> Path.of(c.dir().toUri()));
    }

    @Test
    void theNewestMetadataWinsAcrossJobIdsAndUnfinishedCheckpointsAreSkipped() throws Exception {
        checkpoint("job-a", "chk-40", 100, 1_000_000);
        Path newest = checkpoint("job-b", "chk-3", 100, 2_000_000); // a later start: new job id, lower number
        checkpoint("job-b", "chk-4", -1, 0); // being written when the job died: no metadata yet
        checkpoint("job-b", "chk-5", 0, 3_000_000); // metadata file created, nothing in it
        checkpoint("job-b", "savepoint-1", 100, 4_000_000); // not a checkpoint of this directory's layout
        Files.createDirectories(dir.resolve("job-b").resolve("shared"));
        Files.createDirectories(dir.resolve("job-b").resolve("taskowned"));
        Files.writeString(dir.resolve(SingleInstance.LOCK_FILE), "pid 1");
        assertEquals(Optional.of(newest), latest(dir));
    }

    @Test
    void writtenInTheSameMillisecondTheHigherIdWins() throws Exception {
        checkpoint("job", "chk-9", 10, 5_000);
        Path higher = checkpoint("job", "chk-10", 10, 5_000);
        assertEquals(Optional.of(higher), latest(dir));
    }

    @Test
    void noDirectoryOrNoCompletedCheckpointIsNone() throws Exception {
        assertTrue(latest(dir.resolve("missing")).isEmpty());
        checkpoint("job", "chk-1", -1, 0);
        assertTrue(latest(dir).isEmpty());
    }

    @Test
    void aPlainPathWorksLikeAFileUri() throws Exception {
        Path c = checkpoint("job", "chk-2", 10, 5_000);
        assertEquals(Optional.of(c), RetainedCheckpoints.latest(dir.toString()).map(x -> Path.of(x.dir().toUri())));
    }
}
