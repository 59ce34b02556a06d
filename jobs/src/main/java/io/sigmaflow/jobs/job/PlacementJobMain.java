package io.sigmaflow.jobs.job;

import io.sigmaflow.connectors.admin.TopicAdmin;
import io.sigmaflow.placement.framework.InvalidConfigException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * {@code ./sigma placement-job [--config-dir DIR] [--profile P] [--set KEY=VALUE]... [--from-savepoint PATH |
 * --start-empty]}: runs the placement job on the Flink configuration in DIR (default {@code
 * flink-conf/}), a profile's file over it ({@code profile-latency.yaml}), with overrides, against the Kafka cluster it names ({@code
 * sigmaflow.kafka.bootstrap-servers}); missing topics are created. Run with {@code java}, it
 * starts a local mini cluster; submitted to a cluster (the job jar through {@code flink run} or
 * REST), it takes the cluster's configuration instead and returns once submitted ({@link SubmittedJob}).
 *
 * <p>A start resumes the job's state: from {@code --from-savepoint}, else from the newest completed
 * checkpoint in {@code execution.checkpointing.dir} (kept on cancel and on a crash). With neither,
 * it refuses to start empty when Kafka shows an earlier run ({@link EarlierWork}) unless the
 * operator types {@code --start-empty}. Exit codes: 0 the job finished, 1 it failed, 2 bad
 * arguments or configuration (naming the key), 3 refused to start empty on top of an earlier run,
 * 4 another placement job holds the checkpoint directory or the REST port.
 */
public final class PlacementJobMain {
    static final int FAILED = 1;
    static final int USAGE_ERROR = 2;
    static final String JOB_NAME = "SigmaFlow placement";
    static final String USAGE = """
            usage: ./sigma placement-job [--config-dir DIR] [--profile P] [--set KEY=VALUE]... [--from-savepoint PATH | --start-empty]
              --config-dir DIR        Flink configuration directory holding config.yaml (default flink-conf)
              --profile P             throughput (config.yaml, the default) or latency (DIR/profile-latency.yaml over it)
              --set KEY=VALUE         a setting over config.yaml, Flink's or the job's (sigmaflow.*), repeatable
              --from-savepoint PATH   restore this savepoint (or retained chk-N directory) instead of the newest
                                      checkpoint in execution.checkpointing.dir; with claim-mode CLAIM (the
                                      latency profile) a savepoint is restored from a copy beside it and stays
              --start-empty           start with no nodes and no apps even though Kafka shows an earlier run:
                                      the job reads on from its committed offsets and forgets everything before
            A start resumes from the newest checkpoint in execution.checkpointing.dir when there is one.
            exit: 0 finished, 1 failed, 2 bad arguments, 3 refused to start empty, 4 already running
            e.g. ./sigma placement-job --set sigmaflow.kafka.bootstrap-servers=kafka-1:9092 \\
                     --set sigmaflow.placement.scores=Dispersion:2,NodeResourcesAllocated:1""";

    private PlacementJobMain() {}

    /** The parsed command line; {@code fromSavepoint} null when not given. */
    record Arguments(Path configDir, Map<String, String> overrides, String fromSavepoint, boolean startEmpty,
                     String profile) {}

    /**
     * A started job, where its state came from (empty: nothing), and the checkpoint directory's
     * lock, held until closed (by the process's end in production).
     */
    public record Started(JobClient client, Optional<String> restoredFrom, SingleInstance instance)
            implements AutoCloseable {
        @Override
        public void close() {
            instance.close();
        }
    }

    public static void main(String[] args) throws Exception {
        if (SubmittedJob.isSubmitted()) {
            // On a cluster: submit and return; the JobManager (REST upload) must not exit or block.
            SubmittedJob.start(Arrays.asList(args), System.out);
            return;
        }
        // Always exit: a failed start must not leave the process hanging on Flink's or Kafka's threads.
        System.exit(run(Arrays.asList(args), System.out, System.err));
    }

    /** Starts the job, waits for its end; the exit code. */
    static int run(List<String> args, PrintStream out, PrintStream err) {
        Started job;
        try {
            job = start(args, out);
        } catch (IllegalArgumentException e) {
            err.println("placement-job: " + e.getMessage());
            err.println(USAGE);
            return USAGE_ERROR;
        } catch (LaunchRefusedException e) {
            err.println("placement-job: " + e.getMessage());
            return e.exitCode();
        } catch (RuntimeException e) {
            err.println("placement-job: cannot start: " + e.getMessage());
            return FAILED;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // Ctrl-C or a TERM: cancel, which keeps the last checkpoint for the next start.
            try {
                job.client().cancel().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                // already over; a kill -9 leaves the last checkpoint too
            }
        }, "placement-job-shutdown"));
        try {
            job.client().getJobExecutionResult().get();
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FAILED;
        } catch (ExecutionException e) {
            err.println("placement-job: the job ended: " + (e.getCause() == null ? e : e.getCause()).getMessage());
            return FAILED;
        }
    }

    /**
     * Everything {@code main} does up to a running job: parse, load the configuration, lock the
     * checkpoint directory, check the REST port, find the state to restore, refuse to start empty
     * on top of an earlier run, create missing topics, submit.
     *
     * @throws IllegalArgumentException bad arguments or configuration (exit 2)
     * @throws LaunchRefusedException the job must not start (its exit code says why)
     */
    public static Started start(List<String> args, PrintStream out) throws LaunchRefusedException {
        Arguments a = parse(args);
        Configuration conf = FlinkConfigFiles.withChangelogBesideCheckpoints(FlinkConfigFiles.load(a.configDir(),
                FlinkConfigFiles.withProfile(a.configDir(), a.profile(), a.overrides())));
        PlacementJobConfig config = PlacementJobConfig.from(conf);
        String checkpoints = checkpointDir(conf);
        String savepoint = a.fromSavepoint() == null ? null : savepoint(a.fromSavepoint());
        SingleInstance instance = SingleInstance.lock(checkpoints);
        try {
            StreamExecutionEnvironment probe = StreamExecutionEnvironment.getExecutionEnvironment(conf);
            if (probe instanceof LocalStreamEnvironment) {
                // This process will run the mini cluster and its REST endpoint itself.
                SingleInstance.checkPortFree(conf.get(RestOptions.BIND_ADDRESS),
                        conf.getOptional(RestOptions.BIND_PORT).orElse(String.valueOf(conf.get(RestOptions.PORT))));
            }
            Optional<String> restore = savepoint != null ? Optional.of(savepoint)
                    : RetainedCheckpoints.latest(checkpoints).map(c -> c.dir().toString());
            try (TopicAdmin admin = new TopicAdmin(config.bootstrapServers(), config.kafkaClientProperties())) {
                admin.ensure(config.topics().all());
            }
            if (restore.isEmpty() && !a.startEmpty()) {
                List<String> found = EarlierWork.find(config);
                if (!found.isEmpty()) {
                    throw new LaunchRefusedException(LaunchRefusedException.EARLIER_WORK, refusal(checkpoints, found));
                }
            }
            // In CLAIM mode a savepoint is restored from a copy, so that it stays the operator's.
            restore = restore.map(path -> ClaimedRestore.restoreFrom(conf, path, out, "placement-job"));
            restore.ifPresent(path -> conf.set(StateRecoveryOptions.SAVEPOINT_PATH, path));
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
            PlacementJob.onKafka(config).build(env);
            JobClient client = env.executeAsync(JOB_NAME);
            out.println("placement-job: job " + client.getJobID() + restore.map(p -> " resumed from " + p)
                    .orElse(a.startEmpty() ? " started EMPTY (--start-empty): every node and app before is forgotten"
                            : " started empty (no checkpoint in " + checkpoints + ", no earlier run in Kafka)"));
            return new Started(client, restore, instance);
        } catch (LaunchRefusedException | RuntimeException e) {
            instance.close();
            throw e;
        } catch (Exception e) {
            instance.close();
            throw new IllegalStateException("cannot start the job: " + e.getMessage(), e);
        }
    }

    static String refusal(String checkpoints, List<String> found) {
        StringBuilder s = new StringBuilder("no checkpoint to resume in " + checkpoints
                + ", but Kafka shows this job ran before:\n");
        found.forEach(f -> s.append("  - ").append(f).append('\n'));
        return s.append("""
                Starting empty would forget every node and app that run knew, while Kafka holds its answers. Either
                  restore its state: --from-savepoint PATH (a savepoint, or a retained chk-N directory), or set
                  execution.checkpointing.dir to where its checkpoints are; or, accepting that every node and app
                  before is forgotten until they are sent again: --start-empty""").toString();
    }

    /** execution.checkpointing.dir, required: without it nothing survives a restart. */
    private static String checkpointDir(Configuration conf) {
        String dir = conf.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY);
        if (dir == null || dir.isBlank()) {
            throw new InvalidConfigException(CheckpointingOptions.CHECKPOINTS_DIRECTORY.key(),
                    "not set: a durable directory is needed to resume after a restart");
        }
        if (conf.get(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION)
                != ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION) {
            throw new InvalidConfigException(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION.key(),
                    "must be RETAIN_ON_CANCELLATION: a cancelled job must leave its last checkpoint to resume from");
        }
        if (conf.contains(StateRecoveryOptions.SAVEPOINT_PATH)) {
            throw new InvalidConfigException(StateRecoveryOptions.SAVEPOINT_PATH.key(), "use --from-savepoint PATH");
        }
        return dir;
    }

    /** A local savepoint must exist (its directory or its _metadata file); other file systems are Flink's to check. */
    private static String savepoint(String path) {
        Path local = SingleInstance.localPath(path);
        if (local == null) {
            return path;
        }
        if (!Files.isRegularFile(local.resolve(RetainedCheckpoints.METADATA))
                && !(Files.isRegularFile(local) && local.getFileName().toString().equals(RetainedCheckpoints.METADATA))) {
            throw new InvalidConfigException("--from-savepoint", "no savepoint at " + local
                    + " (a savepoint or chk-N directory holds a " + RetainedCheckpoints.METADATA + " file)");
        }
        return local.toUri().toString();
    }

    static Arguments parse(List<String> args) {
        Path dir = FlinkConfigFiles.DEFAULT_DIR;
        Map<String, String> overrides = new LinkedHashMap<>();
        String savepoint = null;
        String profile = null;
        boolean startEmpty = false;
        for (int i = 0; i < args.size(); i++) {
            String option = args.get(i);
            if (option.equals("--start-empty")) {
                startEmpty = true;
                continue;
            }
            if (i + 1 >= args.size()) {
                throw new InvalidConfigException(option, "needs a value");
            }
            String value = args.get(++i);
            switch (option) {
                case "--config-dir" -> dir = Path.of(value);
                case "--from-savepoint" -> savepoint = value;
                case "--profile" -> profile = value;
                case "--set" -> {
                    int eq = value.indexOf('=');
                    if (eq <= 0) {
                        throw new InvalidConfigException("--set", "expected KEY=VALUE, got '" + value + "'");
                    }
                    overrides.put(value.substring(0, eq).trim(), value.substring(eq + 1).trim());
                }
                default -> throw new InvalidConfigException(option, "unknown option");
            }
        }
        if (startEmpty && savepoint != null) {
            throw new InvalidConfigException("--start-empty", "cannot go with --from-savepoint: choose one");
        }
        return new Arguments(dir, overrides, savepoint, startEmpty, profile);
    }
}
