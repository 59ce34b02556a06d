package io.sigmaflow.jobs.job;

import java.io.Serializable;
import java.util.function.LongSupplier;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Event time of one Kafka partition from its record timestamps (a producer writes them in order):
 * the watermark stays just below the newest timestamp, since another record of the same
 * millisecond may follow; after one quiet period without records it moves onto it, so the last
 * records before a pause do not wait for the next one. (With plain monotonous watermarks a lone
 * request would wait until the next request or forever.) Not sooner: the reader hands a
 * partition's records over in batches, and on a busy machine two batches of one millisecond came
 * more than one emit interval apart; moving onto the newest after an interval without records (as
 * this class once did) made the second batch late, applied on arrival instead of in order
 * (StreamBatchIT: 674 of 886 pods on another node than the replay's). The price: the last
 * records before a pause wait one quiet period ({@code sigmaflow.job.watermark-idleness}, 1 s)
 * instead of one emit interval.
 *
 * <p>In a stream ({@link #following}), a partition quiet for {@code quietMs} then goes idle and
 * steps out of event time, so a quiet input does not hold the others back, and when every input is
 * quiet event time stands still (the node directory relies on that: hosts that all fall silent at
 * once are not all declared dead). One exception: a partition that has had no record at all since
 * the reader started first moves to "now − quietMs" of the wall clock, then goes idle. Watermarks
 * are not checkpointed: after a restore every generator starts from nothing, and if no input had
 * records to replay, commands buffered in state for the watermark (taken before the failure, so
 * older than that) would wait for the next request, however long that took (RecoveryIT, 1 run in
 * 3). Producers stamp records with the time they send them, so nothing older than that is still to
 * come on a partition whose replay is over; a record that is (a producer with a skewed clock) is
 * applied as it arrives, behind the watermark. A bounded read needs none of this: it stays just
 * below its newest timestamp until its partition ends, and a finished partition no longer holds
 * event time back, so a replay is ordered exactly.
 *
 * <p><b>Future skew</b> ({@link #boundedAhead}, host reports): a record stamped more than
 * {@code maxAheadMs} ahead of the wall clock does not count at all: one host with a wrong clock (or
 * one undecodable record with a hostile timestamp) must not move the job's event time ahead, since
 * every node's silence deadline would pass at once. The decoded record is dead-lettered downstream
 * (the node directory); an undecodable one is dead-lettered by the decoder anyway.
 */
final class QuietPartitionWatermarks<T> implements WatermarkGenerator<T> {
    /** A wall clock that travels with the strategy. */
    interface WallClock extends LongSupplier, Serializable {}

    private final long quietMs;
    private final LongSupplier clock;
    private long newest = Long.MIN_VALUE;
    private long lastEventAt;
    private long emitted = Long.MIN_VALUE;
    private boolean startedFromClock;
    private long maxAheadMs;
    private LongSupplier wallClock = () -> Long.MAX_VALUE;
    /** Records whose timestamp was ignored as too far ahead (for tests and logs). */
    private long ignoredAhead;

    /** Record timestamps only (bounded reads). */
    QuietPartitionWatermarks() {
        this(0, () -> 0L);
    }

    private QuietPartitionWatermarks(long quietMs, LongSupplier clock) {
        this.quietMs = quietMs;
        this.clock = clock;
        this.lastEventAt = clock.getAsLong();
    }

    /** Record timestamps, idle after {@code quietMs} without records; see the class comment. */
    static <T> QuietPartitionWatermarks<T> following(long quietMs, LongSupplier clock) {
        if (quietMs <= 0) {
            throw new IllegalArgumentException("quiet period must be positive: " + quietMs);
        }
        return new QuietPartitionWatermarks<>(quietMs, clock);
    }

    /**
     * This generator, ignoring timestamps more than {@code maxAheadMs} ahead of {@code wallClock}
     * (bounded and streamed reads alike: a record recorded in the past is never ahead of the clock).
     */
    QuietPartitionWatermarks<T> boundedAhead(long maxAheadMs, LongSupplier wallClock) {
        if (maxAheadMs <= 0) {
            throw new IllegalArgumentException("future skew must be positive: " + maxAheadMs);
        }
        this.maxAheadMs = maxAheadMs;
        this.wallClock = wallClock;
        return this;
    }

    long ignoredAhead() {
        return ignoredAhead;
    }

    @Override
    public void onEvent(T event, long timestamp, WatermarkOutput output) {
        if (maxAheadMs > 0 && timestamp - maxAheadMs > wallClock.getAsLong()) {
            ignoredAhead++; // neither a timestamp nor activity: as if it had not come
            return;
        }
        newest = Math.max(newest, timestamp);
        if (quietMs > 0) {
            lastEventAt = clock.getAsLong();
        }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        boolean quiet = false;
        long now = 0;
        if (quietMs > 0) {
            now = clock.getAsLong();
            quiet = now - lastEventAt >= quietMs;
        }
        // Onto the newest only once quiet: a reader hands over a partition's records in batches, and
        // one emit interval without records does not mean the rest of that millisecond was read.
        long watermark = newest == Long.MIN_VALUE ? Long.MIN_VALUE : quiet ? newest : newest - 1;
        if (quietMs > 0) {
            if (quiet && newest == Long.MIN_VALUE && !startedFromClock) {
                startedFromClock = true; // nothing since the (re)start: the replay is over
                watermark = now - quietMs;
            }
        }
        if (watermark > emitted) { // never backwards
            emitted = watermark;
            output.emitWatermark(new Watermark(watermark));
        }
        if (quiet) {
            output.markIdle();
        }
    }
}
