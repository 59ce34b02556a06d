package io.sigmaflow.executor.metrics;

import io.sigmaflow.connectors.metrics.PrometheusText;
import io.sigmaflow.executor.cgroup.KnobWriter;
import io.sigmaflow.executor.kafka.CommandConsumer;
import io.sigmaflow.executor.pod.HostView;
import io.sigmaflow.executor.report.StatusSink;
import io.sigmaflow.executor.sync.PodWatcher;
import io.sigmaflow.schema.DeadLetter;
import io.sigmaflow.schema.NodeEvent;
import io.sigmaflow.schema.NodeInventory;
import io.sigmaflow.schema.PodState;
import io.sigmaflow.schema.PodStatus;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The executor's Prometheus metrics. Pod failures are counted where every one of them is
 * reported, on the way to the status sink (this class wraps it), so a failure counted here is
 * one the placement job was told about; the rest is read from the counters that already exist
 * ({@link KnobWriter}, {@link CommandConsumer}, {@link HostView}).
 */
public final class ExecutorMetrics implements StatusSink {
    private final StatusSink delegate;
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong oomKilled = new AtomicLong();

    public ExecutorMetrics(StatusSink delegate) {
        this.delegate = delegate;
    }

    @Override
    public void podStatus(PodStatus status) {
        if (status.getState() == PodState.FAILED) {
            failed.incrementAndGet();
            if (status.getMessage() != null && status.getMessage().toString().startsWith(PodWatcher.OOM_KILLED)) {
                oomKilled.incrementAndGet();
            }
        }
        delegate.podStatus(status);
    }

    @Override
    public void inventory(NodeInventory inventory) {
        delegate.inventory(inventory);
    }

    @Override
    public void nodeEvent(NodeEvent event) {
        delegate.nodeEvent(event);
    }

    @Override
    public void deadLetter(DeadLetter letter) {
        delegate.deadLetter(letter);
    }

    @Override
    public void flush() {
        delegate.flush();
    }

    /** Pod statuses FAILED reported since start, and those of them the OOM killer caused. */
    public long podsFailed() {
        return failed.get();
    }

    public long podsOomKilled() {
        return oomKilled.get();
    }

    /** One scrape: reads the live counters; {@code consumer} may be null before consuming starts. */
    public void render(PrometheusText out, HostView view, KnobWriter knobs, CommandConsumer consumer) {
        long running = view.all().stream().filter(p -> p.phase() == HostView.Phase.RUNNING).count();
        out.gauge("sigmaflow_executor_pods_running", "Pods of this node whose process is running.", running);
        out.gauge("sigmaflow_executor_pods", "Pods this executor tracks (running or stopping).", view.size());
        out.family("sigmaflow_executor_pods_failed_total", "Pod statuses FAILED reported since start, by reason"
                + " (oom_killed: the kernel's OOM killer; other: anything else).", "counter");
        out.sample("sigmaflow_executor_pods_failed_total", Map.of("reason", "oom_killed"), podsOomKilled());
        out.sample("sigmaflow_executor_pods_failed_total", Map.of("reason", "other"), podsFailed() - podsOomKilled());
        out.family("sigmaflow_executor_knob_writes_total", "cgroup knob writes since start, by outcome"
                + " (unchanged: the knob already held the value; unsupported: this kernel lacks the knob).", "counter");
        out.sample("sigmaflow_executor_knob_writes_total", Map.of("outcome", "written"), knobs.written());
        out.sample("sigmaflow_executor_knob_writes_total", Map.of("outcome", "unchanged"), knobs.unchanged());
        out.sample("sigmaflow_executor_knob_writes_total", Map.of("outcome", "unsupported"), knobs.unsupported());
        out.sample("sigmaflow_executor_knob_writes_total", Map.of("outcome", "failed"), knobs.failed());
        out.counter("sigmaflow_executor_commands_applied_total", "Placements and priority changes applied (not duplicates).",
                consumer == null ? 0 : consumer.applied());
        out.counter("sigmaflow_executor_commands_ignored_total", "Records of other nodes skipped.",
                consumer == null ? 0 : consumer.ignored());
        out.summary("sigmaflow_executor_apply_seconds", "Time to apply one command of this node (lock wait included).",
                consumer == null ? 0 : consumer.applyCount(), consumer == null ? 0 : consumer.applySeconds());
    }
}
