package io.sigmaflow.jobs.job;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.connectors.flink.FlinkKafka;
import io.sigmaflow.placement.framework.InvalidConfigException;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * A checkpoint may not outlive the Kafka sinks' transactions: the broker would abort the
 * transaction first and fence the sink (seen: a TaskManager lost under a burst with a 60 s
 * transaction timeout). The job refuses such a configuration naming the key; Flink's default and
 * the shipped 5 min pass.
 */
class CheckpointTimeoutTest {

    @Test
    void aCheckpointTimeoutAtOrAboveTheTransactionTimeoutIsRefused() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> build(FlinkKafka.TRANSACTION_TIMEOUT_MS + "ms"));
        assertTrue(e.getMessage().contains("execution.checkpointing.timeout"), e.getMessage());
        assertTrue(e.getMessage().contains("PT15M"), e.getMessage());
    }

    @Test
    void flinksDefaultAndTheShippedTimeoutPass() {
        build(null);
        build("5min");
    }

    private static void build(String timeout) {
        Configuration conf = new Configuration();
        conf.setString("execution.checkpointing.interval", "1s");
        if (timeout != null) {
            conf.setString("execution.checkpointing.timeout", timeout);
        }
        PlacementJob.onKafka(PlacementJobConfig.from(java.util.Map.of()))
                .build(StreamExecutionEnvironment.getExecutionEnvironment(conf));
    }
}
