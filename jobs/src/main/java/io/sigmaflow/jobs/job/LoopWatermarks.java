package io.sigmaflow.jobs.job;

import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * The feedback loop has no say in event time: its records are a checkpoint old by construction and
 * the app side applies them on arrival. Its partitions declare themselves idle, so the app side's
 * event time is that of the requests and node events alone (no watermark at all would hold it at
 * the beginning of time; a watermark at the end of time would end it whenever the other inputs
 * pause).
 */
final class LoopWatermarks<T> implements WatermarkGenerator<T> {
    @Override
    public void onEvent(T event, long timestamp, WatermarkOutput output) {
        // records do not move event time
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        output.markIdle();
    }
}
