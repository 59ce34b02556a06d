package io.sigmaflow.jobs.job;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.connectors.flink.FlinkKafka;
import io.sigmaflow.placement.framework.InvalidConfigException;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * Checkpoint settings the job refuses, naming the key.
 * <ul>
 * <li>A checkpoint may not outlive the Kafka sinks' transactions: the broker would abort the
 * transaction first and fence the sink (seen: a TaskManager lost under a burst with a 60 s
 * transaction timeout). Flink's default and the shipped 5 min pass.
 * <li>Unaligned checkpoints: the app side's routers restore one subtask's copy of the broadcast
 * node view in every subtask, which is every subtask's view only when each barrier cuts the
 * broadcast at the same record (with unaligned barriers a node change one subtask had applied and
 * another still had in flight would be lost for the first on restore).
 * </ul>
 */
class CheckpointSettingsTest {

    @Test
    void aCheckpointTimeoutAtOrAboveTheTransactionTimeoutIsRefused() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> build(Map.of("execution.checkpointing.timeout", FlinkKafka.TRANSACTION_TIMEOUT_MS + "ms")));
        assertTrue(e.getMessage().contains("execution.checkpointing.timeout"), e.getMessage());
        assertTrue(e.getMessage().contains("PT15M"), e.getMessage());
    }

    @Test
    void unalignedCheckpointsAreRefused() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> build(Map.of("execution.checkpointing.unaligned.enabled", "true")));
        assertTrue(e.getMessage().contains("execution.checkpointing.unaligned.enabled"), e.getMessage());
        assertTrue(e.getMessage().contains("aligned"), e.getMessage());
    }

    @Test
    void flinksDefaultsAndTheShippedSettingsPass() {
        build(Map.of());
        build(Map.of("execution.checkpointing.timeout", "5min"));
        build(Map.of("execution.checkpointing.unaligned.enabled", "false"));
    }

    private static void build(Map<String, String> settings) {
        Configuration conf = new Configuration();
        conf.setString("execution.checkpointing.interval", "1s");
        settings.forEach(conf::setString);
        PlacementJob.onKafka(PlacementJobConfig.from(Map.of()))
                .build(StreamExecutionEnvironment.getExecutionEnvironment(conf));
    }
}
