package io.sigmaflow.cli.bench;

import io.sigmaflow.connectors.admin.TopicAdmin;
import io.sigmaflow.connectors.local.LocalKafkaBroker;
import io.sigmaflow.connectors.local.LocalPorts;
import io.sigmaflow.connectors.topics.Topics;
import io.sigmaflow.jobs.job.FlinkConfigFiles;
import io.sigmaflow.jobs.job.PlacementJob;
import io.sigmaflow.jobs.job.PlacementJobConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A KRaft broker and the placement job on a Flink mini cluster, both in this process (the whole
 * system shares this machine's cores), with RocksDB, incremental checkpoints and exactly-once
 * sinks, on the production configuration (flink-conf/config.yaml) unless told otherwise.
 */
final class EmbeddedTarget implements BenchTarget {
    private final Path work;
    private final LocalKafkaBroker broker;
    private final PlacementJobConfig jobConfig;
    private final int parallelism;
    private final long interval;
    private final JobClient job;
    private final ThreadCpu threadCpu;
    private final NativeThreadCpu nativeCpu = new NativeThreadCpu();
    private final CheckpointCost checkpoints;
    private final JobStages stages;
    private final PrintStream log;
    private Map<String, Long> cpuAtStart = Map.of();
    private Map<String, Long> nativeAtStart = Map.of();
    private long lastProcessNanos;
    private long timingStartedMillis;

    private EmbeddedTarget(Path work, LocalKafkaBroker broker, PlacementJobConfig jobConfig, int parallelism,
                           long interval, JobClient job, ThreadCpu threadCpu, CheckpointCost checkpoints, JobStages stages,
                           PrintStream log) {
        this.checkpoints = checkpoints;
        this.stages = stages;
        this.log = log;
        this.work = work;
        this.broker = broker;
        this.jobConfig = jobConfig;
        this.parallelism = parallelism;
        this.interval = interval;
        this.job = job;
        this.threadCpu = threadCpu;
    }

    static EmbeddedTarget start(BenchOptions options, PrintStream log) throws Exception {
        Path work = Files.createTempDirectory("sigmaflow-bench-");
        java.util.Set<Long> beforeBroker = ThreadCpu.aliveNow();
        LocalKafkaBroker broker = LocalKafkaBroker.startEphemeral();
        ThreadCpu threadCpu = ThreadCpu.brokerStartedSince(beforeBroker);
        try {
            Configuration flink = flinkConfig(options, work, log);
            PlacementJobConfig jobConfig = jobConfig(options, flink, broker.bootstrapServers());
            try (TopicAdmin admin = new TopicAdmin(broker.bootstrapServers())) {
                admin.ensure(jobConfig.topics().all());
            }
            int parallelism = options.parallelism() > 0 ? options.parallelism()
                    : flink.getOptional(CoreOptions.DEFAULT_PARALLELISM).orElse(2);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, flink);
            PlacementJob.onKafka(jobConfig).build(env);
            JobClient job = env.executeAsync("SigmaFlow placement (benchmark)");
            long interval = flink.get(CheckpointingOptions.CHECKPOINTING_INTERVAL).toMillis();
            log.printf("job running: parallelism %d, checkpoints every %d ms, %s order%n", parallelism, interval,
                    jobConfig.eventTimeOrder() ? "event-time" : "arrival");
            CheckpointCost cost = new CheckpointCost(restPort(flink));
            EmbeddedTarget target = new EmbeddedTarget(work, broker, jobConfig, parallelism, interval, job, threadCpu, cost,
                    new JobStages(restPort(flink)), log);
            target.nativeCpu.sampleNow(); // reads every thread's name once, now rather than when timing starts
            return target;
        } catch (Exception | Error e) {
            broker.close();
            deleteQuietly(work);
            throw e;
        }
    }

    /** The job's settings of config.yaml, on this run's broker and topics, without preemption. */
    private static PlacementJobConfig jobConfig(BenchOptions options, Configuration flink, String bootstrap) {
        Map<String, String> keys = new HashMap<>(flink.toMap());
        keys.put(PlacementJobConfig.BOOTSTRAP, bootstrap);
        keys.put(PlacementJobConfig.TOPIC_PREFIX, "bench-");
        keys.put(PlacementJobConfig.GROUP_ID, "sigmaflow-bench");
        keys.put(PlacementJobConfig.PLACEMENT_PREFIX + "preemption", "false");
        if (options.maxCandidates() >= 0) {
            keys.put(PlacementJobConfig.PLACEMENT_PREFIX + "maxCandidates", String.valueOf(options.maxCandidates()));
        }
        if (options.order() != null) {
            keys.put(PlacementJobConfig.ORDER, options.order());
        }
        return PlacementJobConfig.from(keys);
    }

    /**
     * flink-conf/config.yaml (production settings) when found, the profile's file over it (latency:
     * flink-conf/profile-latency.yaml), then this run's directories and options.
     */
    private static Configuration flinkConfig(BenchOptions options, Path work, PrintStream log) {
        Map<String, String> overrides = new HashMap<>(profileSettings(options.profile(), log));
        if (options.checkpointIntervalMs() > 0) {
            overrides.put("execution.checkpointing.interval", options.checkpointIntervalMs() + "ms");
        }
        // The mini cluster's REST API on a free port, with the whole run's checkpoint history, for
        // CheckpointCost (the default keeps 10 checkpoints: two seconds of the latency profile).
        overrides.put(RestOptions.BIND_PORT.key(), String.valueOf(LocalPorts.free()));
        overrides.put(RestOptions.PORT.key(), overrides.get(RestOptions.BIND_PORT.key()));
        overrides.put(WebOptions.CHECKPOINTS_HISTORY_SIZE.key(), "5000");
        overrides.putAll(options.flink());
        if (FlinkConfigFiles.findDefault() == null) {
            log.println("flink-conf/config.yaml not found (run from the repository root): RocksDB with defaults");
        }
        return FlinkConfigFiles.forRun(work, overrides);
    }

    /** Where the mini cluster's REST API listens: rest.bind-port when it is one port, else rest.port. */
    private static int restPort(Configuration flink) {
        try {
            return Integer.parseInt(flink.get(RestOptions.BIND_PORT).trim());
        } catch (RuntimeException e) {
            return flink.get(RestOptions.PORT);
        }
    }

    /** The settings of flink-conf/profile-NAME.yaml (none for throughput: config.yaml is that profile). */
    static Map<String, String> profileSettings(String profile, PrintStream log) {
        if (profile == null || profile.equals(BenchOptions.THROUGHPUT)) {
            return Map.of();
        }
        try {
            Map<String, String> keys = FlinkConfigFiles.profile(FlinkConfigFiles.DEFAULT_DIR, profile);
            log.printf("profile %s: %s%n", profile, keys);
            return keys;
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage() + " (run from the repository root)", e);
        }
    }

    @Override
    public String deployment() {
        return "embedded";
    }

    @Override
    public String bootstrap() {
        return broker.bootstrapServers();
    }

    @Override
    public Topics topics() {
        return jobConfig.topics();
    }

    @Override
    public RunIds ids() {
        return RunIds.NONE; // a fresh broker every run
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

    /** The whole process (broker, job, benchmark), its threads read too for {@link #extra()}'s split. */
    @Override
    public synchronized long cpuNanos() {
        return cpuNanos(false);
    }

    @Override
    public synchronized long nativeCpuNanos(String group) {
        return nativeCpu.byGroup().getOrDefault(group, -1L);
    }

    /** The process and its native threads now; the threads' split and {@code lastProcessNanos} stay the last BIND's. */
    @Override
    public synchronized long markCpuNanos() {
        nativeCpu.sample();
        return DeploymentCpu.thisProcess();
    }

    /** The native threads read last, just before the process: under load a reading takes a while. */
    private long cpuNanos(boolean nativeNow) {
        threadCpu.sample();
        if (nativeNow) {
            nativeCpu.sampleNow();
        } else {
            nativeCpu.sample();
        }
        lastProcessNanos = DeploymentCpu.thisProcess();
        return lastProcessNanos;
    }

    @Override
    public synchronized long timingStarts() {
        // The native threads not throttled here: a stale start would count more than the window.
        long now = cpuNanos(true);
        cpuAtStart = threadCpu.byRole(now);
        nativeAtStart = nativeCpu.byGroup();
        timingStartedMillis = System.currentTimeMillis();
        return now;
    }

    /**
     * Cpu seconds by role from {@link #timingStarts()} to the last {@link #cpuNanos()} (the reader's,
     * at the last BIND): {@code cpu_s_job}, {@code cpu_s_brokers}, {@code cpu_s_bench} by thread,
     * {@code cpu_s_unattributed} (GC, JIT, RocksDB's native threads); they add up to {@code cpu_seconds}.
     * The unattributed part split by native thread group: {@code cpu_s_gc}, {@code cpu_s_jit},
     * {@code cpu_s_rocksdb} and {@code cpu_s_other} (the rest: the JVM's own threads, and what /proc's
     * 10 ms ticks and the two readings' few ms apart leave over); they add up to {@code cpu_s_unattributed}.
     */
    @Override
    public synchronized Map<String, Object> extra() {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        threadCpu.byRole(lastProcessNanos).forEach((role, nanos) ->
                out.put("cpu_s_" + role, Math.round((nanos - cpuAtStart.getOrDefault(role, 0L)) / 1e6) / 1e3));
        double rest = (Double) out.get("cpu_s_" + ThreadCpu.UNATTRIBUTED);
        for (Map.Entry<String, Long> group : nativeCpu.byGroup().entrySet()) {
            double seconds = Math.round((group.getValue() - nativeAtStart.getOrDefault(group.getKey(), 0L)) / 1e6) / 1e3;
            out.put("cpu_s_" + group.getKey(), seconds);
            rest -= seconds;
        }
        out.put("cpu_s_other", Math.max(0, Math.round(rest * 1e3) / 1e3));
        out.putAll(checkpoints.measure(timingStartedMillis, log));
        out.putAll(stages.measure(log));
        return out;
    }

    @Override
    public List<TailSplit.Checkpoint> completedCheckpoints() {
        return checkpoints.completed();
    }

    @Override
    public void close() throws Exception {
        try {
            job.cancel().get();
        } finally {
            broker.close();
            deleteQuietly(work);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }
}
