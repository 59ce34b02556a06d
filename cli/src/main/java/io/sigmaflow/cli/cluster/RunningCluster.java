package io.sigmaflow.cli.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.sigmaflow.jobs.job.FlinkConfigFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The cluster {@code ./sigma cluster up} started, as a client that drives it sees it (the
 * benchmark's {@code --cluster} mode): its endpoints, its live processes by role, the job and
 * the settings it runs with, and one way to break it: kill -9 the TaskManager with the most
 * occupied slots. {@link #open} refuses, with what to do, a cluster that is not up or whose job
 * is not RUNNING.
 */
public final class RunningCluster {
    /** A TaskManager killed by {@link #killBusiestTaskManager()}: its number (1-based) and pid. */
    public record Killed(int taskManager, long pid) {}

    private final ClusterFiles files;
    private final Properties state;
    private final FlinkRest rest;
    private final String jobId;

    private RunningCluster(ClusterFiles files, Properties state, FlinkRest rest, String jobId) {
        this.files = files;
        this.state = state;
        this.rest = rest;
        this.jobId = jobId;
    }

    /** @throws IllegalStateException naming what is missing and the command that fixes it */
    public static RunningCluster open(ClusterFiles files) throws InterruptedException {
        String dir = files.dir().toString();
        Properties s = files.loadState();
        if (s.getProperty("flink.rest") == null || s.getProperty("kafka.bootstrap") == null) {
            throw new IllegalStateException("no cluster in " + dir + ": start one with ./sigma cluster up --dir " + dir);
        }
        List<String> alive = new LocalCluster(files, new PrintStream(OutputStream.nullOutputStream())).running();
        if (alive.isEmpty()) {
            throw new IllegalStateException("the cluster in " + dir + " is not running (none of its recorded processes"
                    + " is alive): ./sigma cluster up --dir " + dir);
        }
        String jobId = s.getProperty("job.id");
        if (jobId == null) {
            throw new IllegalStateException("no job on the cluster in " + dir + ": ./sigma job submit --dir " + dir);
        }
        FlinkRest rest = new FlinkRest(s.getProperty("flink.rest"));
        String jobState;
        try {
            jobState = rest.state(jobId);
        } catch (IOException e) {
            throw new IllegalStateException("Flink at " + rest.base() + " does not answer for job " + jobId + " ("
                    + e.getMessage() + "): ./sigma cluster status --dir " + dir);
        }
        if (!"RUNNING".equals(jobState)) {
            throw new IllegalStateException("job " + jobId + " on the cluster in " + dir + " is " + jobState
                    + ", not RUNNING: see ./sigma cluster status --dir " + dir + "; ./sigma job resume --dir " + dir
                    + " runs it again");
        }
        return new RunningCluster(files, s, rest, jobId);
    }

    public ClusterFiles files() {
        return files;
    }

    public String bootstrap() {
        return state.getProperty("kafka.bootstrap");
    }

    public String jobId() {
        return jobId;
    }

    public FlinkRest rest() {
        return rest;
    }

    /**
     * The settings the job runs with: the cluster's config.yaml, then the {@code --set KEY=VALUE}
     * program arguments it was submitted with (topic prefix, placement profile, ...).
     */
    public Map<String, String> jobSettings() {
        Map<String, String> keys = new HashMap<>(FlinkConfigFiles.load(files.flinkConf(), Map.of()).toMap());
        String args = state.getProperty("job.args", "");
        List<String> list = args.isEmpty() ? List.of() : List.of(args.split("\n"));
        for (int i = 0; i + 1 < list.size(); i++) {
            if (list.get(i).equals("--set") && list.get(i + 1).contains("=")) {
                String kv = list.get(++i);
                keys.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            }
        }
        return keys;
    }

    /** The largest parallelism of the job's vertices (what it was submitted or rescaled with). */
    public int parallelism() throws IOException, InterruptedException {
        int p = 0;
        for (JsonNode v : rest.get("/jobs/" + jobId).path("vertices")) {
            p = Math.max(p, v.path("parallelism").asInt());
        }
        return p;
    }

    public long checkpointIntervalMs() throws IOException, InterruptedException {
        return rest.get("/jobs/" + jobId + "/checkpoints/config").path("interval").asLong();
    }

    public long restarts() throws IOException, InterruptedException {
        return rest.restarts(jobId);
    }

    /** TaskManagers registered with the JobManager now. */
    public int registeredTaskManagers() throws IOException, InterruptedException {
        return rest.overview().path("taskmanagers").asInt();
    }

    /** Pids of the live processes by role ({@code brokers}, {@code jobmanager}, {@code taskmanagers}). */
    public Map<String, List<Long>> processes() {
        Map<String, List<Long>> roles = new LinkedHashMap<>();
        List<Long> brokers = new ArrayList<>();
        for (int i = 1; i <= Integer.parseInt(state.getProperty("kafka.brokers", "0")); i++) {
            long pid = Long.parseLong(state.getProperty("kafka.broker." + i + ".pid", "-1"));
            if (JavaProcesses.alive(pid, KafkaNodes.MAIN)) {
                brokers.add(pid);
            }
        }
        roles.put("brokers", brokers);
        long jm = Long.parseLong(state.getProperty("flink.jobmanager.pid", "-1"));
        roles.put("jobmanager", JavaProcesses.alive(jm, FlinkProcesses.JOBMANAGER) ? List.of(jm) : List.of());
        roles.put("taskmanagers", FlinkProcesses.taskManagerPids(state).stream()
                .filter(pid -> JavaProcesses.alive(pid, FlinkProcesses.TASKMANAGER)).toList());
        return roles;
    }

    /**
     * kill -9 of the live TaskManager with the fewest free slots (the one running the most of the
     * job): the failure the job must survive without losing or doubling a placement.
     */
    public Killed killBusiestTaskManager() throws IOException, InterruptedException {
        JsonNode busiest = null;
        for (JsonNode tm : rest.get("/taskmanagers").path("taskmanagers")) {
            if (busiest == null || tm.path("freeSlots").asInt() < busiest.path("freeSlots").asInt()) {
                busiest = tm;
            }
        }
        if (busiest == null) {
            throw new IllegalStateException("no TaskManager registered at " + rest.base());
        }
        // Ids are taskmanager-N (FlinkProcesses names them), N as cluster.properties numbers them.
        int index = Integer.parseInt(busiest.path("id").asText().replace("taskmanager-", ""));
        long pid = Long.parseLong(state.getProperty("flink.taskmanager." + index + ".pid", "-1"));
        if (!JavaProcesses.alive(pid, FlinkProcesses.TASKMANAGER)) {
            throw new IllegalStateException("TaskManager " + index + " (pid " + pid + ") is not running");
        }
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        return new Killed(index, pid);
    }

    /**
     * Starts TaskManager {@code index} again (nothing restarts a killed one by itself: the job goes
     * on with the slots left), records its pid for {@code cluster down}, and waits until the
     * JobManager has as many TaskManagers as before.
     */
    public long restartTaskManager(int index, Duration timeout) throws IOException, InterruptedException {
        long pid = new FlinkProcesses(files).startTaskManager(index);
        Properties s = files.loadState();
        s.setProperty("flink.taskmanager." + index + ".pid", Long.toString(pid));
        files.saveState(s);
        state.setProperty("flink.taskmanager." + index + ".pid", Long.toString(pid));
        int wanted = FlinkProcesses.taskManagerPids(s).size();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (registeredTaskManagers() < wanted) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("TaskManager " + index + " (pid " + pid + ") not registered after "
                        + timeout.toSeconds() + " s (log: " + files.logs().resolve("taskmanager-" + index + ".log") + ")");
            }
            Thread.sleep(500);
        }
        return pid;
    }
}
