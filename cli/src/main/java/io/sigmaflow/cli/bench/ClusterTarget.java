package io.sigmaflow.cli.bench;

import io.sigmaflow.cli.cluster.ClusterFiles;
import io.sigmaflow.cli.cluster.RunningCluster;
import io.sigmaflow.cli.local.StackClient;
import io.sigmaflow.connectors.topics.Topics;
import io.sigmaflow.connectors.view.NodeStates;
import io.sigmaflow.jobs.job.PlacementJobConfig;
import io.sigmaflow.schema.NodeState;
import io.sigmaflow.schema.OutcomeStatus;
import io.sigmaflow.schema.RequestOutcome;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cluster {@code ./sigma cluster up} started: the job from the jar on the TaskManagers, the
 * replicated topics, each in its own process. The run's apps and nodes carry a fresh {@link
 * RunIds} prefix and are destroyed and removed again after the run, so runs can follow each other
 * on one cluster; a cluster that already holds registered nodes (real hosts, or a run that was
 * interrupted before its clean-up) is refused, since this run's pods would be placed there too.
 * The deployment's cpu is that of every broker, the JobManager and the TaskManagers, read from
 * the operating system, plus this process's.
 */
final class ClusterTarget implements BenchTarget {
    private static final Duration CLEAN_UP_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(2);
    private final RunningCluster cluster;
    private final PlacementJobConfig jobConfig;
    private final RunIds ids = RunIds.fresh();
    private final int parallelism;
    private final long interval;
    private final DeploymentCpu cpu;
    private Map<String, Long> cpuAtStart;
    private final int brokers;
    private final int taskManagers;
    /** The job's restarts before this run: the JSON counts this run's. */
    private final long restartsBefore;
    private RunningCluster.Killed killed;

    private ClusterTarget(RunningCluster cluster, PlacementJobConfig jobConfig, int parallelism, long interval)
            throws Exception {
        this.cluster = cluster;
        this.jobConfig = jobConfig;
        this.parallelism = parallelism;
        this.interval = interval;
        Map<String, List<Long>> processes = cluster.processes();
        this.cpu = new DeploymentCpu(processes);
        cpu.sample();
        this.cpuAtStart = cpu.byRole();
        this.brokers = processes.get("brokers").size();
        this.taskManagers = processes.get("taskmanagers").size();
        this.restartsBefore = cluster.restarts();
    }

    /**
     * @throws IllegalStateException when no cluster runs there, its job is not RUNNING, it runs at
     *     another parallelism than asked, or it already holds nodes; the message says what to do
     */
    static ClusterTarget open(BenchOptions options, PrintStream log) throws Exception {
        Path repo = ClusterFiles.findRepo();
        ClusterFiles files = new ClusterFiles(repo, options.clusterDir() != null ? options.clusterDir()
                : repo.resolve(".sigma/cluster"));
        RunningCluster cluster = RunningCluster.open(files);
        String dir = files.dir().toString();
        int parallelism = cluster.parallelism();
        if (options.parallelism() > 0 && options.parallelism() != parallelism) {
            throw new IllegalStateException("the job on the cluster in " + dir + " runs at parallelism " + parallelism
                    + ", not " + options.parallelism() + ": rescale it first with ./sigma job upgrade --parallelism "
                    + options.parallelism() + " --dir " + dir);
        }
        int taskManagers = cluster.processes().get("taskmanagers").size();
        if (options.killTaskManagerAt() > 0 && taskManagers < 2) {
            throw new IllegalStateException("--kill-taskmanager-at: the cluster in " + dir + " has " + taskManagers
                    + " TaskManager(s) alive; killing the busiest would leave the job no slots (./sigma cluster status"
                    + " --dir " + dir + " shows which died; cluster down and up again, or --taskmanagers 3)");
        }
        PlacementJobConfig jobConfig = PlacementJobConfig.from(cluster.jobSettings());
        int live = liveNodes(cluster.bootstrap(), jobConfig.topics());
        if (live > 0) {
            throw new IllegalStateException("the cluster in " + dir + " already holds " + live + " registered nodes"
                    + " (real hosts, or a benchmark run interrupted before its clean-up): this run's pods would be"
                    + " placed there too. Run on an empty cluster: ./sigma cluster down --dir " + dir + ", remove "
                    + dir + ", ./sigma cluster up --dir " + dir);
        }
        ClusterTarget target = new ClusterTarget(cluster, jobConfig, parallelism, cluster.checkpointIntervalMs());
        log.printf("cluster %s: job %s RUNNING at parallelism %d on %d TaskManagers, %d brokers (%s);"
                        + " checkpoints every %d ms; this run's ids start with %s%n", dir, cluster.jobId(), parallelism,
                target.taskManagers, target.brokers, cluster.bootstrap(), target.interval, target.ids.prefix());
        return target;
    }

    /** Nodes whose latest state on the node-state topic is not REMOVED. */
    private static int liveNodes(String bootstrap, Topics topics) {
        try (StackClient client = new StackClient(bootstrap, topics, READ_TIMEOUT)) {
            return NodeStates.live(NodeStates.lastRead(client.readToEnd(topics.nodeState()))).size();
        }
    }

    @Override
    public String deployment() {
        return "cluster";
    }

    @Override
    public String bootstrap() {
        return cluster.bootstrap();
    }

    @Override
    public Topics topics() {
        return jobConfig.topics();
    }

    @Override
    public RunIds ids() {
        return ids;
    }

    @Override
    public int parallelism() {
        return parallelism;
    }

    @Override
    public long checkpointIntervalMs() {
        return interval;
    }

    @Override
    public int maxCandidates() {
        return jobConfig.placement().profile().maxCandidates();
    }

    @Override
    public long cpuNanos() {
        return cpu.sample();
    }

    @Override
    public long timingStarts() {
        long now = cpu.sample();
        cpuAtStart = cpu.byRole();
        return now;
    }

    @Override
    public String injectFailure() throws Exception {
        cpu.sample(); // what the TaskManager used until now stays counted
        killed = cluster.killBusiestTaskManager();
        return "killed -9 TaskManager " + killed.taskManager() + " (pid " + killed.pid() + ")";
    }

    @Override
    public Map<String, Object> extra() throws Exception {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("taskmanagers", taskManagers);
        extra.put("brokers", brokers);
        long restarts = cluster.restarts();
        extra.put("job_restarts", restarts - restartsBefore);
        extra.put("job_restarts_total", restarts);
        extra.put("taskmanagers_registered_after", cluster.registeredTaskManagers());
        extra.put("killed_taskmanager", killed == null ? 0 : killed.taskManager());
        // Died during the run without being killed (e.g. Flink ends a TaskManager on a fatal task error).
        extra.put("taskmanagers_lost", taskManagers - cluster.processes().get("taskmanagers").size() - (killed == null ? 0 : 1));
        // As of the last BIND read (the collector's last sample): the same window as cpu_seconds.
        cpu.secondsByRole(cpuAtStart).forEach((role, seconds) -> extra.put("cpu_s_" + role, Math.round(seconds * 10) / 10.0));
        extra.put("preemption", String.valueOf(jobConfig.placement().profile().preemption()));
        extra.put("run_id", ids.prefix());
        return extra;
    }

    /**
     * Destroys this run's apps (every pod released, the DESTROYs' outcomes COMPLETED), then
     * removes its nodes (node-state says removed): the next run finds the cluster as this one did.
     * Apps first: a node removed under a live app would have its pods re-placed.
     */
    @Override
    public void cleanUp(List<String> appIds, List<String> nodeIds, PrintStream log) throws Exception {
        long start = System.nanoTime();
        Topics topics = jobConfig.topics();
        try (StackClient client = new StackClient(cluster.bootstrap(), topics, READ_TIMEOUT)) {
            client.send(topics.requests(), appIds.stream().map(ids::id).map(BenchRecords::destroy).toList());
            Set<String> waiting = new HashSet<>(appIds.stream().map(a -> BenchRecords.destroyRequestId(ids.id(a))).toList());
            awaitEmpty(waiting, () -> {
                for (RequestOutcome o : client.readToEnd(topics.outcomes())) {
                    if (o.getStatus() == OutcomeStatus.COMPLETED) {
                        waiting.remove(o.getRequestId());
                    }
                }
            }, "apps destroyed");
            client.send(topics.nodeEvents(), nodeIds.stream().map(ids::id).map(BenchRecords::remove).toList());
            Set<String> live = new HashSet<>(nodeIds.stream().map(ids::id).toList());
            awaitEmpty(live, () -> {
                for (NodeState n : client.readToEnd(topics.nodeState())) {
                    if (n.getRemoved()) {
                        live.remove(n.getNodeId());
                    }
                }
            }, "nodes removed");
        }
        log.printf("clean-up: %d apps destroyed, %d nodes removed in %.1f s%n", appIds.size(), nodeIds.size(),
                (System.nanoTime() - start) / 1e9);
        if (killed != null) {
            long pid = cluster.restartTaskManager(killed.taskManager(), READ_TIMEOUT);
            log.printf("TaskManager %d started again (pid %d): the cluster is as the run found it%n",
                    killed.taskManager(), pid);
        }
    }

    private static void awaitEmpty(Set<String> waiting, Runnable read, String what) throws InterruptedException {
        long deadline = System.nanoTime() + CLEAN_UP_TIMEOUT.toNanos();
        int total = waiting.size();
        while (true) {
            read.run();
            if (waiting.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("clean-up: only " + (total - waiting.size()) + " of " + total + " " + what
                        + " after " + CLEAN_UP_TIMEOUT.toMinutes() + " min (e.g. " + waiting.iterator().next()
                        + "); the next run will refuse this cluster");
            }
            Thread.sleep(2000);
        }
    }

    @Override
    public void close() {
        // the cluster runs on: ./sigma cluster down stops it
    }
}
