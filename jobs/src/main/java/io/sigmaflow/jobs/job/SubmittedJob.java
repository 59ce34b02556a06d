package io.sigmaflow.jobs.job;

import io.sigmaflow.connectors.admin.TopicAdmin;
import io.sigmaflow.placement.framework.InvalidConfigException;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * {@link PlacementJobMain} submitted to a cluster ({@code flink run}, the dashboard's upload, REST
 * {@code POST /jars/{id}/run}): its {@code main} runs in the client or in the JobManager, so it
 * submits and returns, never exits the JVM or waits for the job's end.
 *
 * <p>Settings are the cluster's configuration (its {@code config.yaml}, which Flink hands the
 * program) with {@code --config-dir DIR} only when given and {@code --set} on top: no local
 * directory is needed. No checkpoint-directory lock and no REST-port check: those guard a mini
 * cluster this process would run itself; on a session cluster Flink owns both. The state to
 * restore: the savepoint the submitter named (REST {@code savepointPath}, {@code flink run -s},
 * or {@code --from-savepoint}), else the newest retained checkpoint in the cluster's {@code
 * execution.checkpointing.dir}; with neither, the same refusal to start empty on top of an
 * earlier run as on the local path ({@link EarlierWork}).
 */
final class SubmittedJob {
    private SubmittedJob() {}

    /** True when a cluster client runs this main (Flink set a context environment), not {@code java}. */
    static boolean isSubmitted() {
        return !(StreamExecutionEnvironment.getExecutionEnvironment() instanceof LocalStreamEnvironment);
    }

    /** Submits the job to the cluster and returns its client; throws with the reason otherwise. */
    static JobClient start(List<String> args, PrintStream out) throws Exception {
        PlacementJobMain.Arguments a = PlacementJobMain.parse(args);
        Configuration conf = Configuration.fromMap(StreamExecutionEnvironment.getExecutionEnvironment()
                .getConfiguration().toMap());
        if (args.contains("--config-dir")) {
            conf.addAll(FlinkConfigFiles.load(a.configDir(), a.overrides()));
        }
        conf.addAll(Configuration.fromMap(a.overrides()));
        PlacementJobConfig config = PlacementJobConfig.from(conf);
        String checkpoints = conf.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY);
        if (checkpoints == null || checkpoints.isBlank()) {
            throw new InvalidConfigException(CheckpointingOptions.CHECKPOINTS_DIRECTORY.key(),
                    "not set in the cluster's configuration: a durable directory is needed to resume after a restart");
        }
        if (conf.get(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION)
                != ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION) {
            throw new InvalidConfigException(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION.key(),
                    "must be RETAIN_ON_CANCELLATION: a cancelled job must leave its last checkpoint to resume from");
        }
        Optional<String> restore = a.fromSavepoint() != null ? Optional.of(a.fromSavepoint())
                : conf.getOptional(StateRecoveryOptions.SAVEPOINT_PATH)
                        .or(() -> RetainedCheckpoints.latest(checkpoints).map(c -> c.dir().toUri().toString()));
        try (TopicAdmin admin = new TopicAdmin(config.bootstrapServers(), config.kafkaClientProperties())) {
            admin.ensure(config.topics().all());
        }
        if (restore.isEmpty() && !a.startEmpty()) {
            List<String> found = EarlierWork.find(config);
            if (!found.isEmpty()) {
                throw new LaunchRefusedException(LaunchRefusedException.EARLIER_WORK,
                        PlacementJobMain.refusal(checkpoints, found));
            }
        }
        // In CLAIM mode a savepoint is restored from a copy (./sigma job made one already: not again).
        restore = restore.map(path -> ClaimedRestore.restoreFrom(conf, path, out, "placement-job"));
        restore.ifPresent(path -> conf.set(StateRecoveryOptions.SAVEPOINT_PATH, path));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        PlacementJob.onKafka(config).build(env);
        JobClient client = env.executeAsync(PlacementJobMain.JOB_NAME);
        out.println("placement-job: job " + client.getJobID() + " submitted"
                + restore.map(p -> ", resuming from " + p).orElse(", empty (no checkpoint in " + checkpoints + ")"));
        return client;
    }
}
