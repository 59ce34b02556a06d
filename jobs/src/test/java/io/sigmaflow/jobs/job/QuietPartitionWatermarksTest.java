package io.sigmaflow.jobs.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

class QuietPartitionWatermarksTest {
    private final List<Long> emitted = new ArrayList<>();
    private boolean idle;
    private final WatermarkOutput output = new WatermarkOutput() {
        @Override
        public void emitWatermark(Watermark watermark) {
            emitted.add(watermark.getTimestamp());
        }

        @Override
        public void markIdle() {
            idle = true;
        }

        @Override
        public void markActive() {
            idle = false;
        }
    };

    @Test
    void staysBelowTheNewestWhileRecordsComeAndReachesItAfterAQuietPeriod() {
        QuietPartitionWatermarks<String> w = new QuietPartitionWatermarks<>();
        w.onPeriodicEmit(output);
        assertTrue(emitted.isEmpty(), "nothing before the first record");
        w.onEvent("a", 100, output);
        w.onEvent("b", 90, output);
        w.onPeriodicEmit(output);
        w.onPeriodicEmit(output);
        w.onEvent("c", 120, output);
        w.onPeriodicEmit(output);
        assertEquals(List.of(99L, 100L, 119L), emitted);
    }

    @Test
    void theLoopIsAlwaysIdle() {
        LoopWatermarks<String> w = new LoopWatermarks<>();
        w.onEvent("x", 5, output);
        w.onPeriodicEmit(output);
        assertTrue(idle);
        assertTrue(emitted.isEmpty());
    }
}
