package io.sigmaflow.jobs.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.junit.jupiter.api.Test;

class StageLatencyTest {
    private final DescriptiveStatisticsHistogram histogram = new DescriptiveStatisticsHistogram(StageLatency.WINDOW);
    private final StageLatency.AtCommit committed = new StageLatency.AtCommit(new StageLatency(histogram));

    @Test
    void workCountsAsCommittedWhenItsCheckpointOrALaterOneCompletes() {
        long now = System.currentTimeMillis();
        committed.released(now - 500);
        committed.barrier(1);
        committed.released(now - 100);
        committed.barrier(2);
        committed.released(now); // after checkpoint 2's barrier: waits for checkpoint 3
        assertEquals(0, histogram.getCount(), "nothing committed before a checkpoint completes");

        committed.completed(2); // checkpoint 1 was subsumed: its work committed with 2
        assertEquals(2, histogram.getCount());
        assertTrue(histogram.getStatistics().getMax() >= 500, "lag from the event time to now");

        committed.completed(2);
        assertEquals(2, histogram.getCount(), "a checkpoint's work counts once");
        committed.barrier(3);
        committed.completed(3);
        assertEquals(3, histogram.getCount());
    }

    @Test
    void withoutCheckpointsOnlyTheNewestWorkIsKept() {
        for (int i = 0; i < 3 * StageLatency.WINDOW; i++) {
            committed.released(i);
        }
        committed.barrier(1);
        committed.completed(1);
        assertEquals(StageLatency.WINDOW, histogram.getCount(), "a bounded run without barriers holds at most one window");
    }
}
