package io.sigmaflow.cli.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.PrintStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a job run without a named savepoint restores ({@link JobControl#newestState}): the newer of
 * the savepoint {@code job stop} recorded and the newest retained checkpoint, never an older one.
 */
class JobControlTest {
    private static final long T = 1_780_000_000_000L;

    @Test
    void theNewerOfTheRecordedSavepointAndTheNewestCheckpoint(@TempDir Path dir) throws Exception {
        ClusterFiles files = new ClusterFiles(dir, dir.resolve("cluster"));
        Path checkpoints = files.dir().resolve("checkpoints");
        Files.createDirectories(files.flinkConf());
        Files.writeString(files.flinkConf().resolve("config.yaml"),
                "execution.checkpointing.dir: '" + checkpoints.toUri() + "'\n");
        JobControl jobs = new JobControl(files, new PrintStream(OutputStream.nullOutputStream()));
        assertNull(jobs.newestState(), "nothing yet: the job decides (empty, or refuses on earlier work)");

        Path oldJob = metadata(checkpoints.resolve("job-a/chk-7"), T);
        assertEquals(oldJob, path(jobs.newestState()), "no savepoint: the newest checkpoint");

        Path savepoint = metadata(files.dir().resolve("savepoints/savepoint-a"), T + 1000);
        record(files, savepoint.toUri().toString());
        assertEquals(savepoint, path(jobs.newestState()), "stopped with a savepoint after chk-7: the savepoint");

        Path resumed = metadata(checkpoints.resolve("job-b/chk-3"), T + 2000);
        assertEquals(resumed, path(jobs.newestState()),
                "resumed from the savepoint and checkpointed since (then the JobManager died): that checkpoint");

        Files.writeString(resumed.resolve("_metadata"), ""); // died while writing chk-3: not restorable
        assertEquals(savepoint, path(jobs.newestState()));

        record(files, files.dir().resolve("savepoints/gone").toUri().toString());
        assertEquals(oldJob, path(jobs.newestState()), "a recorded savepoint that was deleted is not offered");
    }

    private static Path metadata(Path dir, long writtenAt) throws Exception {
        Files.createDirectories(dir);
        Path m = dir.resolve("_metadata");
        Files.writeString(m, "metadata");
        Files.setLastModifiedTime(m, FileTime.fromMillis(writtenAt));
        return dir;
    }

    private static void record(ClusterFiles files, String savepoint) {
        Properties s = files.loadState();
        s.setProperty("job.savepoint", savepoint);
        files.saveState(s);
    }

    private static Path path(String uri) {
        return Path.of(URI.create(uri).getPath());
    }
}
