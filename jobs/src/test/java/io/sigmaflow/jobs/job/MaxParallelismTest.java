package io.sigmaflow.jobs.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.placement.framework.InvalidConfigException;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

/**
 * The job's key groups are fixed: every operator of the production job graph has max parallelism
 * {@link PlacementJob#MAX_PARALLELISM} whatever the parallelism, so a savepoint taken at one
 * parallelism restores at another (Flink moves whole key groups), and a configuration that would
 * change it is refused naming the key.
 */
class MaxParallelismTest {

    @Test
    void everyOperatorHasTheFixedMaxParallelismAtAnyParallelism() {
        for (int parallelism : new int[] {1, 2, 8, 100}) {
            StreamExecutionEnvironment env = env(parallelism, Map.of());
            PlacementJob.onKafka(PlacementJobConfig.from(Map.of())).build(env);
            var nodes = env.getStreamGraph().getStreamNodes();
            assertFalse(nodes.isEmpty());
            for (StreamNode n : nodes) {
                assertEquals(PlacementJob.MAX_PARALLELISM, n.getMaxParallelism(), n.getOperatorName() + " at p=" + parallelism);
            }
        }
    }

    @Test
    void anotherMaxParallelismOrAParallelismAboveItIsRefused() {
        StreamExecutionEnvironment other = env(2, Map.of("pipeline.max-parallelism", "256"));
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> PlacementJob.onKafka(PlacementJobConfig.from(Map.of())).build(other));
        assertTrue(e.getMessage().contains("pipeline.max-parallelism"), e.getMessage());

        StreamExecutionEnvironment wide = env(PlacementJob.MAX_PARALLELISM + 1, Map.of());
        e = assertThrows(InvalidConfigException.class, () -> PlacementJob.onKafka(PlacementJobConfig.from(Map.of())).build(wide));
        assertTrue(e.getMessage().contains("at most " + PlacementJob.MAX_PARALLELISM), e.getMessage());

        StreamExecutionEnvironment same = env(2, Map.of("pipeline.max-parallelism", "128"));
        PlacementJob.onKafka(PlacementJobConfig.from(Map.of())).build(same); // the same value is fine
    }

    private static StreamExecutionEnvironment env(int parallelism, Map<String, String> keys) {
        Configuration conf = Configuration.fromMap(keys);
        conf.setString("execution.checkpointing.interval", "1s");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        return env;
    }
}
