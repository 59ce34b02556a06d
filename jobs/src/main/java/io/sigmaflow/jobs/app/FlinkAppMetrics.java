package io.sigmaflow.jobs.app;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/** {@link AppMetrics} as the app lifecycle operator's Flink metrics (what the dashboard shows). */
final class FlinkAppMetrics implements AppMetrics {
    private final Counter accepted;
    private final Counter rejected;
    private final Counter duplicates;
    private final Counter handBacks;
    private final Counter retries;
    private final Counter gaveUp;
    private long pendingPods;

    FlinkAppMetrics(MetricGroup metrics) {
        accepted = metrics.counter("requestsAccepted");
        rejected = metrics.counter("requestsRejected");
        duplicates = metrics.counter("requestsDuplicate");
        handBacks = metrics.counter("handBacks");
        retries = metrics.counter("pendingRetries");
        gaveUp = metrics.counter("podsGivenUp");
        metrics.gauge("pendingPods", () -> pendingPods);
    }

    @Override
    public void accepted() {
        accepted.inc();
    }

    @Override
    public void rejected() {
        rejected.inc();
    }

    @Override
    public void duplicate() {
        duplicates.inc();
    }

    @Override
    public void handedBack() {
        handBacks.inc();
    }

    @Override
    public void retried(int pods) {
        retries.inc(pods);
    }

    @Override
    public void pendingDelta(int delta) {
        pendingPods += delta;
    }

    @Override
    public void gaveUp() {
        gaveUp.inc();
    }
}
