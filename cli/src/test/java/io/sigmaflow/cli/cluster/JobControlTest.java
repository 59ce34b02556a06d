package io.sigmaflow.cli.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.sigmaflow.jobs.job.ClaimedRestore;

import java.io.PrintStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
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

    /**
     * A run from a savepoint on a cluster that restores in CLAIM mode (the latency profile) hands
     * the job a copy beside the savepoint, and the savepoint itself to one that does not. Flink's
     * REST API is stood in for by a local HTTP server answering the two calls a submit makes
     * (upload, run), recording what the run asked to restore; the cluster ITs run the real one.
     */
    @Test
    void aClaimingClusterRunsFromACopyOfTheSavepoint(@TempDir Path dir) throws Exception {
        List<String> restored = new CopyOnWriteArrayList<>();
        HttpServer rest = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        rest.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            byte[] body = exchange.getRequestBody().readAllBytes();
            String answer = path.equals("/jars/upload") ? "{\"filename\": \"/up/abc_job.jar\"}" : "{\"jobid\": \"j1\"}";
            if (path.endsWith("/run")) {
                restored.add(FlinkRest.JSON.readTree(body).path("savepointPath").asText());
            }
            byte[] out = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        rest.start();
        try {
            for (String mode : List.of("CLAIM", "NO_CLAIM")) {
                ClusterFiles files = new ClusterFiles(dir, dir.resolve("cluster-" + mode));
                Files.createDirectories(files.flinkConf());
                Files.writeString(files.flinkConf().resolve("config.yaml"), "execution.state-recovery.claim-mode: '" + mode + "'\n");
                Properties s = files.loadState();
                s.setProperty("flink.rest", "http://127.0.0.1:" + rest.getAddress().getPort());
                files.saveState(s);
                Path savepoint = metadata(files.dir().resolve("savepoints/savepoint-a"), T);
                Path jar = Files.writeString(dir.resolve("job.jar"), "jar");
                new JobControl(files, new PrintStream(OutputStream.nullOutputStream()))
                        .submit(jar, List.of(), savepoint.toUri().toString(), 2);
                Path run = path(restored.getLast());
                if (mode.equals("CLAIM")) {
                    assertEquals(savepoint.getParent(), run.getParent(), "a copy beside the savepoint");
                    assertTrue(run.getFileName().toString().startsWith("savepoint-a" + ClaimedRestore.SUFFIX), run.toString());
                    assertEquals("metadata", Files.readString(run.resolve("_metadata")));
                } else {
                    assertEquals(savepoint, run, "NO_CLAIM: the savepoint itself");
                }
                assertEquals("metadata", Files.readString(savepoint.resolve("_metadata")), "the savepoint stays");
            }
        } finally {
            rest.stop(0);
        }
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
