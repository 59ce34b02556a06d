package io.sigmaflow.jobs.job;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.placement.framework.InvalidConfigException;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * Unaligned checkpoints are refused, naming the key: the app side's routers restore one subtask's
 * copy of the broadcast node view in every subtask, which is the same view everywhere only when
 * each barrier cuts the broadcast at the same record (with unaligned barriers a node change one
 * subtask had applied and another still had in flight would be lost for the first on restore).
 */
class AlignedCheckpointsTest {

    @Test
    void unalignedCheckpointsAreRefused() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> build("true"));
        assertTrue(e.getMessage().contains("execution.checkpointing.unaligned.enabled"), e.getMessage());
        assertTrue(e.getMessage().contains("aligned"), e.getMessage());
    }

    @Test
    void alignedCheckpointsPass() {
        build(null);
        build("false");
    }

    private static void build(String unaligned) {
        Configuration conf = new Configuration();
        conf.setString("execution.checkpointing.interval", "1s");
        if (unaligned != null) {
            conf.setString("execution.checkpointing.unaligned.enabled", unaligned);
        }
        PlacementJob.onKafka(PlacementJobConfig.from(java.util.Map.of()))
                .build(StreamExecutionEnvironment.getExecutionEnvironment(conf));
    }
}
