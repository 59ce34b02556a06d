package io.sigmaflow.cli.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.sigmaflow.jobs.job.ClaimedRestore;
import io.sigmaflow.jobs.job.FlinkConfigFiles;
import io.sigmaflow.jobs.job.RetainedCheckpoints;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.CoreOptions;

/**
 * {@code ./sigma job ...}: the placement job on the session cluster {@code cluster up} started,
 * through the REST API the dashboard uses. The job, jar and program arguments in use and the last
 * savepoint are recorded in {@code cluster.properties}, so {@code resume} and {@code upgrade}
 * need no ids. {@code upgrade} = stop with a savepoint, upload the (new) jar, run it from that
 * savepoint: apps, pods, nodes, reservations and migrations in flight are all keyed state in it.
 */
public final class JobControl {
    private static final String TERMINAL = "FINISHED CANCELED FAILED";
    private static final Duration SAVEPOINT_TIMEOUT = Duration.ofMinutes(5);
    private final ClusterFiles files;
    private final PrintStream out;

    public JobControl(ClusterFiles files, PrintStream out) {
        this.files = files;
        this.out = out;
    }

    private FlinkRest rest(Properties s) {
        String base = s.getProperty("flink.rest");
        if (base == null) {
            throw new IllegalStateException("no cluster in " + files.dir() + ": ./sigma cluster up first");
        }
        return new FlinkRest(base);
    }

    /**
     * Uploads {@code jar} (null: the one in use, else the build's) and runs it; the job id.
     * {@code args} null: the arguments in use. {@code savepoint} null: the job's newest state
     * ({@link #newestState}), if any. {@code parallelism} null: the cluster's.
     */
    public String submit(Path jar, List<String> args, String savepoint, Integer parallelism) throws IOException, InterruptedException {
        rest(files.loadState()); // no cluster: say so before looking for its state
        return run(jar, args, savepoint != null ? savepoint : newestState(), parallelism);
    }

    private String run(Path jar, List<String> args, String savepoint, Integer parallelism) throws IOException, InterruptedException {
        Properties s = files.loadState();
        FlinkRest rest = rest(s);
        String current = s.getProperty("job.id");
        if (current != null && !TERMINAL.contains(stateOrGone(rest, current))) {
            throw new IllegalStateException("job " + current + " is " + stateOrGone(rest, current)
                    + ": stop it first (./sigma job stop), or ./sigma job upgrade");
        }
        String jarId = s.getProperty("job.jar-id");
        if (jar == null && jarId != null && !known(rest, jarId)) {
            jar = uploaded(jarId); // a restarted JobManager that does not list it: the same file again
        }
        if (jar != null || jarId == null) {
            Path file = jar != null ? jar : files.jobJar();
            jarId = rest.upload(file);
            out.println("job: uploaded " + file + " as " + jarId);
        }
        List<String> programArgs = args != null ? args : recordedArgs(s);
        // The REST run otherwise starts the job at parallelism 1 (seen), not the cluster's default.
        int p = parallelism != null ? parallelism : clusterParallelism();
        // The cluster restores in CLAIM mode (the latency profile): the job gets a copy of a
        // savepoint, made here rather than in the JobManager's REST call, and the savepoint stays.
        String restore = savepoint == null ? null
                : ClaimedRestore.restoreFrom(FlinkConfigFiles.load(files.flinkConf(), java.util.Map.of()), savepoint, out, "job");
        String jobId = rest.run(jarId, programArgs, restore, p);
        out.println("job: " + jobId + " submitted at parallelism " + p + (restore != null ? " from " + restore : ""));
        s = files.loadState();
        s.setProperty("job.id", jobId);
        s.setProperty("job.jar-id", jarId);
        s.setProperty("job.args", String.join("\n", programArgs));
        s.setProperty("job.parallelism", Integer.toString(p));
        files.saveState(s);
        return jobId;
    }

    /**
     * The state a job run without a named savepoint must restore: the newer of the savepoint
     * recorded by the last {@code stop} / {@code upgrade} and the newest retained checkpoint in
     * the cluster's checkpoint directory (by when their metadata was written); null when neither
     * exists. Never an older one: after a resume from a savepoint the job commits output with its
     * checkpoints, and restoring the savepoint again would replay that output on top (pods bound
     * twice); after a stop with savepoint, the last checkpoint is older than what the savepoint
     * committed.
     */
    public String newestState() {
        String savepoint = files.loadState().getProperty("job.savepoint");
        String dir = FlinkConfigFiles.load(files.flinkConf(), java.util.Map.of()).get(CheckpointingOptions.CHECKPOINTS_DIRECTORY);
        Optional<RetainedCheckpoints.Checkpoint> checkpoint = dir == null ? Optional.empty() : RetainedCheckpoints.latest(dir);
        long savepointAt = savepoint == null ? -1 : writtenAt(savepoint);
        if (checkpoint.isPresent() && checkpoint.get().writtenAtMs() > savepointAt) {
            return checkpoint.get().dir().toUri().toString();
        }
        return savepointAt >= 0 ? savepoint : null;
    }

    /** When a savepoint's metadata was written; -1 when it is gone. */
    private static long writtenAt(String savepoint) {
        try {
            org.apache.flink.core.fs.Path metadata = new org.apache.flink.core.fs.Path(savepoint, "_metadata");
            org.apache.flink.core.fs.FileSystem fs = metadata.getFileSystem();
            return fs.exists(metadata) ? fs.getFileStatus(metadata).getModificationTime() : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    private static boolean known(FlinkRest rest, String jarId) throws IOException, InterruptedException {
        for (JsonNode f : rest.get("/jars").path("files")) {
            if (jarId.equals(f.path("id").asText())) {
                return true;
            }
        }
        return false;
    }

    /** The jar uploaded as {@code jarId} (under the cluster's {@code jars/}), else the build's. */
    private Path uploaded(String jarId) throws IOException {
        try (var found = Files.find(files.dir().resolve("jars"), 4, (f, a) -> f.getFileName().toString().equals(jarId))) {
            Optional<Path> copy = found.findFirst();
            out.println("job: the JobManager does not list jar " + jarId + "; uploading "
                    + copy.map(Path::toString).orElse(files.jobJar() + " (the build's)"));
            return copy.orElseGet(files::jobJar);
        } catch (java.nio.file.NoSuchFileException e) {
            return files.jobJar();
        }
    }

    /** {@code parallelism.default} of the cluster's config.yaml. */
    private int clusterParallelism() {
        return FlinkConfigFiles.load(files.flinkConf(), java.util.Map.of()).get(CoreOptions.DEFAULT_PARALLELISM);
    }

    private static List<String> recordedArgs(Properties s) {
        String a = s.getProperty("job.args", "");
        return a.isEmpty() ? List.of() : Arrays.asList(a.split("\n"));
    }

    private static String stateOrGone(FlinkRest rest, String jobId) {
        try {
            return rest.state(jobId);
        } catch (IOException e) {
            return "FINISHED"; // unknown to this JobManager (a restarted cluster): nothing runs it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "UNKNOWN";
        }
    }

    /** The build's job jar (a fresh submit uploads what was built, not an older upload). */
    public Path jobJarOrRecorded() {
        return files.jobJar();
    }

    /** The recorded job's id; throws when none. */
    public String jobId() {
        String id = files.loadState().getProperty("job.id");
        if (id == null) {
            throw new IllegalStateException("no job recorded in " + files.dir() + ": ./sigma job submit");
        }
        return id;
    }

    public void awaitState(String jobId, String wanted, Duration timeout) throws IOException, InterruptedException {
        FlinkRest rest = rest(files.loadState());
        long deadline = System.nanoTime() + timeout.toNanos();
        String state = "?";
        while (System.nanoTime() < deadline) {
            state = rest.state(jobId);
            if (state.equals(wanted)) {
                return;
            }
            if (TERMINAL.contains(state)) {
                break;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("job " + jobId + " is " + state + ", not " + wanted
                + " (its exceptions: " + rest.base() + "/#/job/running/" + jobId + "/exceptions, logs in " + files.logs() + ")");
    }

    /** One line: id, state, restarts, the last savepoint recorded. */
    public String status() throws IOException, InterruptedException {
        Properties s = files.loadState();
        String jobId = jobId();
        FlinkRest rest = rest(s);
        return "job " + jobId + " " + rest.state(jobId) + ", restarts " + rest.restarts(jobId)
                + ", jar " + s.getProperty("job.jar-id") + ", last savepoint " + s.getProperty("job.savepoint", "none");
    }

    /** A savepoint of the running job ({@code stop}: and stop it); its path, recorded for resume. */
    public String savepoint(boolean stop, String targetDir) throws IOException, InterruptedException {
        Properties s = files.loadState();
        String jobId = jobId();
        FlinkRest rest = rest(s);
        String path = rest.savepoint(jobId, targetDir, stop, SAVEPOINT_TIMEOUT);
        if (stop) {
            // The savepoint completes before the job reaches FINISHED; a resume right after must
            // not find it still RUNNING.
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!TERMINAL.contains(rest.state(jobId)) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
        }
        s = files.loadState();
        s.setProperty("job.savepoint", path);
        files.saveState(s);
        out.println("job: " + jobId + (stop ? " stopped with savepoint " : " savepoint ") + path);
        return path;
    }

    /**
     * Runs the job again from {@code from} (null: its {@link #newestState}) at {@code parallelism}
     * (null: the parallelism it last ran at).
     */
    public String resume(Path jar, String from, Integer parallelism) throws IOException, InterruptedException {
        return submit(jar, null, from, parallelismInUse(parallelism));
    }

    /** {@code parallelism}, else the one the job last ran at (null: never ran, the cluster's). */
    private Integer parallelismInUse(Integer parallelism) {
        String recorded = files.loadState().getProperty("job.parallelism");
        return parallelism != null ? parallelism : recorded != null ? Integer.valueOf(recorded) : null;
    }

    /** Stop with savepoint, then the (new) jar from it, at {@code parallelism} (null: the one in use). */
    public String upgrade(Path jar, Integer parallelism) throws IOException, InterruptedException {
        Integer p = parallelismInUse(parallelism);
        String savepoint = savepoint(true, null);
        return submit(jar != null ? jar : files.jobJar(), null, savepoint, p);
    }

    /** Cancels (its last checkpoint stays: RETAIN_ON_CANCELLATION). */
    public void cancel(String jobId) throws IOException, InterruptedException {
        FlinkRest rest = rest(files.loadState());
        rest.patch("/jobs/" + jobId + "?mode=cancel");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline && !TERMINAL.contains(rest.state(jobId))) {
            Thread.sleep(300);
        }
        out.println("job: " + jobId + " " + rest.state(jobId) + " (last checkpoint kept)");
    }
}
