package io.sigmaflow.jobs.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    void aBoundedReadStaysBelowTheNewestUntilItsPartitionEnds() {
        QuietPartitionWatermarks<String> w = new QuietPartitionWatermarks<>();
        w.onPeriodicEmit(output);
        assertTrue(emitted.isEmpty(), "nothing before the first record");
        w.onEvent("a", 100, output);
        w.onEvent("b", 90, output);
        w.onPeriodicEmit(output);
        w.onPeriodicEmit(output);
        w.onEvent("c", 120, output);
        w.onPeriodicEmit(output);
        assertEquals(List.of(99L, 119L), emitted, "more of a millisecond may still be in the partition (its end: Flink's)");
    }

    @Test
    void aMillisecondReadInTwoBatchesIsNotPassedBetweenThem() {
        long[] now = {1_000_000};
        QuietPartitionWatermarks<String> w = QuietPartitionWatermarks.following(1_000, () -> now[0]);
        w.onEvent("wave-1", 999_000, output);
        now[0] += 50;
        w.onPeriodicEmit(output);
        now[0] += 50;
        w.onPeriodicEmit(output); // an emit interval without records: the reader may be between two fetches
        assertEquals(List.of(998_999L), emitted, "not onto the wave's millisecond before the partition was quiet");
        w.onEvent("wave-2", 999_000, output);
        now[0] += 999;
        w.onPeriodicEmit(output);
        assertEquals(List.of(998_999L), emitted, "the second batch of that millisecond is still ahead of event time");
        assertFalse(idle);
        now[0] += 1;
        w.onPeriodicEmit(output);
        assertEquals(List.of(998_999L, 999_000L), emitted, "quiet for the quiet period: onto it");
        assertTrue(idle);
    }

    @Test
    void theLoopIsAlwaysIdle() {
        LoopWatermarks<String> w = new LoopWatermarks<>();
        w.onEvent("x", 5, output);
        w.onPeriodicEmit(output);
        assertTrue(idle);
        assertTrue(emitted.isEmpty());
    }

    @Test
    void inAStreamAPartitionWithNothingToReplayStartsFromTheWallClockThenGoesIdle() {
        long[] now = {1_000_000};
        QuietPartitionWatermarks<String> w = QuietPartitionWatermarks.following(1_000, () -> now[0]);
        w.onPeriodicEmit(output);
        assertTrue(emitted.isEmpty(), "nothing before one quiet period: a replay may still be on its way");
        assertFalse(idle);
        now[0] += 1_000;
        w.onPeriodicEmit(output);
        assertEquals(List.of(1_000_000L), emitted, "no record since the start: now - 1 s, once");
        assertTrue(idle, "then idle");
        now[0] += 60_000;
        w.onPeriodicEmit(output);
        assertEquals(List.of(1_000_000L), emitted, "an idle partition does not follow the clock: all quiet, time stands");
        w.onEvent("a", 1_061_500, output);
        idle = false; // Flink marks the output active again on the next watermark
        now[0] += 100;
        w.onPeriodicEmit(output);
        w.onPeriodicEmit(output);
        assertEquals(List.of(1_000_000L, 1_061_499L), emitted, "records again: their timestamps rule");
        assertFalse(idle);
        now[0] += 1_000;
        w.onPeriodicEmit(output);
        assertTrue(idle, "quiet again: idle, no second wall-clock start");
        assertEquals(List.of(1_000_000L, 1_061_499L, 1_061_500L), emitted, "onto the newest once quiet");
    }

    @Test
    void inAStreamAPartitionWithRecordsNeverJumpsToTheWallClock() {
        long[] now = {5_000_000};
        QuietPartitionWatermarks<String> w = QuietPartitionWatermarks.following(1_000, () -> now[0]);
        w.onEvent("replayed", 4_000_000, output);
        now[0] += 2_000;
        w.onPeriodicEmit(output);
        assertEquals(List.of(4_000_000L), emitted, "a replayed record's time, not the clock");
        assertTrue(idle);
    }

    @Test
    void aRecordStampedTooFarAheadOfTheWallClockDoesNotMoveEventTime() {
        long[] now = {1_000_000};
        QuietPartitionWatermarks<String> w = QuietPartitionWatermarks.<String>following(1_000, () -> now[0])
                .boundedAhead(30_000, () -> now[0]);
        w.onEvent("a", 999_000, output);
        w.onEvent("hostile", now[0] + 50 * 60_000, output);
        w.onPeriodicEmit(output);
        assertEquals(List.of(998_999L), emitted, "the hostile record is not the newest");
        assertEquals(1, w.ignoredAhead());
        w.onEvent("b", now[0] + 30_000, output); // at the skew: accepted
        w.onPeriodicEmit(output);
        assertEquals(List.of(998_999L, 1_029_999L), emitted);
        now[0] += 1_000;
        w.onPeriodicEmit(output);
        assertTrue(idle, "the hostile record was no activity either");
    }

    @Test
    void aBoundedReadIsBoundedAheadToo() {
        QuietPartitionWatermarks<String> w = new QuietPartitionWatermarks<String>().boundedAhead(30_000, () -> 5_000L);
        w.onEvent("a", 4_000, output);
        w.onEvent("hostile", Long.MAX_VALUE, output);
        w.onPeriodicEmit(output);
        assertEquals(List.of(3_999L), emitted);
    }
}
