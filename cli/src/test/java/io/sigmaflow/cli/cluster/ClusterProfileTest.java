package io.sigmaflow.cli.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.jobs.job.FlinkConfigFiles;
import io.sigmaflow.jobs.job.PlacementJobConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code ./sigma cluster up --profile latency}: the profile's keys go to the cluster, --flink over them. */
class ClusterProfileTest {
    private static final Path FLINK_CONF = Path.of("..", "flink-conf");

    @Test
    void theLatencyProfileReachesTheClusterWithSingleKeysOverIt() {
        Map<String, String> keys = FlinkConfigFiles.withProfile(FLINK_CONF, "latency", Map.of());
        assertEquals("200ms", keys.get(PlacementJobConfig.WATERMARK_IDLENESS), keys.toString());
        assertEquals("200ms", keys.get("execution.checkpointing.interval"), keys.toString());
        assertEquals("true", keys.get("state.changelog.enabled"), keys.toString());
        assertEquals("CLAIM", keys.get("execution.state-recovery.claim-mode"), keys.toString());
        Map<String, String> over = FlinkConfigFiles.withProfile(FLINK_CONF, "latency",
                Map.of(PlacementJobConfig.WATERMARK_IDLENESS, "300ms"));
        assertEquals("300ms", over.get(PlacementJobConfig.WATERMARK_IDLENESS));
        assertEquals(Map.of("a.b", "c"), FlinkConfigFiles.withProfile(FLINK_CONF, "throughput", Map.of("a.b", "c")));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> FlinkConfigFiles.withProfile(FLINK_CONF, "fast", Map.of()));
        assertTrue(unknown.getMessage().startsWith("profile fast: no "), unknown.getMessage());
    }
}
