package io.sigmaflow.jobs.job;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Event time of one Kafka partition from its record timestamps (a producer writes them in order):
 * while records keep coming, the watermark stays just below the newest timestamp, since another
 * record of the same millisecond may follow; after one quiet period it moves onto it, so the last
 * records before a pause do not wait for the next one. (With plain monotonous watermarks a lone
 * request would wait until the next request or forever.) Idleness, set on the strategy, then
 * takes a partition that stays quiet out of the job's event time altogether.
 */
final class QuietPartitionWatermarks<T> implements WatermarkGenerator<T> {
    private long newest = Long.MIN_VALUE;
    private boolean recent;

    @Override
    public void onEvent(T event, long timestamp, WatermarkOutput output) {
        newest = Math.max(newest, timestamp);
        recent = true;
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        if (newest == Long.MIN_VALUE) {
            return;
        }
        output.emitWatermark(new Watermark(recent ? newest - 1 : newest));
        recent = false;
    }
}
