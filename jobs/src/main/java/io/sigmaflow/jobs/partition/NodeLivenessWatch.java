package io.sigmaflow.jobs.partition;

import io.sigmaflow.connectors.flink.FlinkKafka;
import io.sigmaflow.schema.job.HostReport;
import io.sigmaflow.schema.job.NodeLiveness;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;

/**
 * The node directory's liveness watch, one node (key) at a time, in keyed state.
 *
 * <p><b>Event time, in order.</b> With event-time order on (the default), a host report waits
 * in keyed state until the watermark passes its timestamp (a timer at that instant), and the
 * silence deadline is a timer at the last report's time plus the timeout. Flink fires one key's
 * timers in timestamp order, so the verdicts depend only on the timestamps of the node's reports —
 * not on how the inputs interleave — and a bounded replay gives the same verdicts at the same event
 * times (DeterminismIT). A silence is declared at the instant it began plus the timeout, which the
 * partitions then apply in event-time order like any command. The end of a bounded input (the
 * final watermark) is not silence. Event time advances with every node's reports (executors send
 * an inventory every 30 s), so if every host goes silent at once event time stops and nobody is
 * declared silent: a cluster-wide outage looks the same as the job being cut off, and evicting
 * everything would be wrong in that case (Kubernetes' node lifecycle controller stops evicting
 * when all nodes are unhealthy for the same reason). With arrival order, processing time is used.
 *
 * <p>Only nodes that have reported once are watched: a node registered by an operator with no
 * executor (tests, simulations) is never declared silent.
 */
final class NodeLivenessWatch {
    /** What the directory does with the watch's output. */
    interface Verdicts {
        /** Forward a report (after a revival verdict if the node was silent). */
        void report(HostReport report) throws Exception;

        void verdict(NodeLiveness verdict) throws Exception;
    }

    private final long timeoutMs;
    private final boolean eventTime;
    private final ValueState<Long> lastReport;
    private final ValueState<Boolean> silent;
    private final ValueState<Boolean> drained;
    private final ListState<HostReport> waiting;
    private final Counter silences;

    NodeLivenessWatch(RuntimeContext context, long timeoutMs, boolean eventTime) {
        this.timeoutMs = timeoutMs;
        this.eventTime = eventTime;
        lastReport = context.getState(new ValueStateDescriptor<>("last-report", Types.LONG));
        silent = context.getState(new ValueStateDescriptor<>("silent", Types.BOOLEAN));
        drained = context.getState(new ValueStateDescriptor<>("drained", Types.BOOLEAN));
        waiting = context.getListState(new ListStateDescriptor<>("waiting-reports", FlinkKafka.typeInfo(HostReport.class)));
        silences = context.getMetricGroup().counter("nodesMarkedSilent");
    }

    /** A report arrived: handled now (arrival order, or already behind the watermark) or at its instant. */
    void arrived(HostReport report, TimerService timers, Verdicts out) throws Exception {
        if (eventTime && report.getTimeMs() > timers.currentWatermark()) {
            waiting.add(report);
            timers.registerEventTimeTimer(report.getTimeMs());
            return;
        }
        if (!eventTime) {
            report.setTimeMs(timers.currentProcessingTime());
        }
        handle(report, timers, out);
    }

    /** A timer: due reports in timestamp order, then the silence deadline. */
    void timer(String nodeId, long time, TimerService timers, Verdicts out) throws Exception {
        List<HostReport> due = new ArrayList<>();
        List<HostReport> later = new ArrayList<>();
        for (HostReport r : waiting.get()) {
            (r.getTimeMs() <= time ? due : later).add(r);
        }
        if (!due.isEmpty()) {
            waiting.update(later);
            due.sort(Comparator.comparingLong(HostReport::getTimeMs)); // stable: arrival order within an instant
            for (HostReport r : due) {
                handle(r, timers, out);
            }
        }
        Long last = lastReport.value();
        boolean endOfInput = eventTime && timers.currentWatermark() == Long.MAX_VALUE;
        if (last != null && !isSilent() && time >= last + timeoutMs && !endOfInput) {
            silent.update(true);
            silences.inc();
            out.verdict(new NodeLiveness(nodeId, false, last, isDrained()));
        }
    }

    private void handle(HostReport report, TimerService timers, Verdicts out) throws Exception {
        Long last = lastReport.value();
        if (last != null && !isSilent() && report.getTimeMs() >= last + timeoutMs) {
            // silent between the two reports (only when a report comes behind the watermark)
            silent.update(true);
            silences.inc();
            out.verdict(new NodeLiveness(report.getNodeId(), false, last, isDrained()));
        }
        if (isSilent()) {
            silent.clear();
            out.verdict(new NodeLiveness(report.getNodeId(), true, last == null ? 0 : last, isDrained()));
        }
        long time = last == null ? report.getTimeMs() : Math.max(last, report.getTimeMs());
        lastReport.update(time);
        deadline(time, timers);
        out.report(report);
    }

    private void deadline(long from, TimerService timers) {
        if (eventTime) {
            timers.registerEventTimeTimer(from + timeoutMs); // earlier deadlines find a newer report and pass
        } else {
            timers.registerProcessingTimeTimer(from + timeoutMs);
        }
    }

    /** A REGISTER: schedulable again; a watched node's silence clock restarts. */
    void registered(Long time, TimerService timers) throws Exception {
        silent.clear();
        drained.clear();
        if (lastReport.value() != null) {
            long now = eventTime ? (time == null ? lastReport.value() : time) : timers.currentProcessingTime();
            lastReport.update(Math.max(now, lastReport.value()));
            deadline(lastReport.value(), timers);
        }
    }

    void drained() throws Exception {
        drained.update(true);
    }

    /** A REMOVE: nothing is kept (a timer still set finds no state and does nothing). */
    void forget() {
        lastReport.clear();
        silent.clear();
        drained.clear();
        waiting.clear();
    }

    private boolean isSilent() throws Exception {
        return Boolean.TRUE.equals(silent.value());
    }

    private boolean isDrained() throws Exception {
        return Boolean.TRUE.equals(drained.value());
    }
}
