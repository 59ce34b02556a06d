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
 *
 * <p><b>Gaps.</b> A deadline that the clock passes by more than {@link #JUMP_MS} at once was not
 * watched as it came: the job was down (after a restore the watermark starts again near the wall
 * clock) or event time jumped (every input was quiet, then moved). The node then gets
 * {@code graceMs} from that instant to report before it is judged (once; the next firing judges),
 * so a restart or a cluster-wide pause does not evict hosts that simply had no chance to report.
 * The grace is off (0) in bounded replays, whose watermark jumps are only the speed of reading.
 *
 * <p><b>Judged again.</b> A silence verdict passes the mass-silence gate ({@link SilenceGate}),
 * which may withhold it; so while a node stays silent it is judged again every timeout, and the
 * gate decides again with the nodes silent then.
 */
final class NodeLivenessWatch {
    /** What the directory does with the watch's output. */
    interface Verdicts {
        /** Forward a report (after a revival verdict if the node was silent). */
        void report(HostReport report) throws Exception;

        void verdict(NodeLiveness verdict) throws Exception;

        /** The node reported for the first time: it is watched from now on. */
        void watched() throws Exception;
    }

    /** A deadline passed by more than this at once was passed in a jump (see the class comment). */
    static final long JUMP_MS = 1_000;

    private final long timeoutMs;
    private final long graceMs;
    private final boolean eventTime;
    private final ValueState<Long> silentSince;
    private final ValueState<Long> graceUntil;
    private final Counter graces;
    private final ValueState<Long> lastReport;
    private final ValueState<Boolean> silent;
    private final ValueState<Boolean> drained;
    private final ListState<HostReport> waiting;
    private final Counter silences;

    NodeLivenessWatch(RuntimeContext context, long timeoutMs, long graceMs, boolean eventTime) {
        this.timeoutMs = timeoutMs;
        this.graceMs = graceMs;
        this.eventTime = eventTime;
        silentSince = context.getState(new ValueStateDescriptor<>("silent-since", Types.LONG));
        graceUntil = context.getState(new ValueStateDescriptor<>("grace-until", Types.LONG));
        graces = context.getMetricGroup().counter("silenceGraces");
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
        if (last == null || endOfInput) {
            return;
        }
        if (isSilent()) {
            Long since = silentSince.value();
            if (since != null && time >= since + timeoutMs) { // still silent: judged again
                declareSilent(nodeId, time, last, timers, out);
            }
            return;
        }
        if (time < last + timeoutMs) {
            return;
        }
        long now = eventTime ? timers.currentWatermark() : timers.currentProcessingTime();
        Long grace = graceUntil.value();
        if (grace == null && graceMs > 0 && time == last + timeoutMs && now - time > JUMP_MS) {
            graceUntil.update(now + graceMs); // the clock jumped past the deadline: a chance to report first
            graces.inc();
            at(now + graceMs, timers);
            return;
        }
        if (grace != null && time < grace) {
            return;
        }
        graceUntil.clear();
        declareSilent(nodeId, time, last, timers, out);
    }

    private void declareSilent(String nodeId, long time, long last, TimerService timers, Verdicts out) throws Exception {
        silent.update(true);
        silentSince.update(time);
        silences.inc();
        at(time + timeoutMs, timers); // judged again if it stays silent
        out.verdict(new NodeLiveness(nodeId, false, last, isDrained()));
    }

    private void handle(HostReport report, TimerService timers, Verdicts out) throws Exception {
        Long last = lastReport.value();
        if (last != null && !isSilent() && graceUntil.value() == null && report.getTimeMs() >= last + timeoutMs) {
            // silent between the two reports (only when a report comes behind the watermark)
            silent.update(true);
            silences.inc();
            out.verdict(new NodeLiveness(report.getNodeId(), false, last, isDrained()));
        }
        graceUntil.clear(); // reported within its grace
        if (last == null) {
            out.watched();
        }
        if (isSilent()) {
            silent.clear();
            silentSince.clear();
            out.verdict(new NodeLiveness(report.getNodeId(), true, last == null ? 0 : last, isDrained()));
        }
        long time = last == null ? report.getTimeMs() : Math.max(last, report.getTimeMs());
        lastReport.update(time);
        deadline(time, timers);
        out.report(report);
    }

    private void deadline(long from, TimerService timers) {
        at(from + timeoutMs, timers); // earlier deadlines find a newer report and pass
    }

    private void at(long time, TimerService timers) {
        if (eventTime) {
            timers.registerEventTimeTimer(time);
        } else {
            timers.registerProcessingTimeTimer(time);
        }
    }

    /** A REGISTER: schedulable again; a watched node's silence clock restarts. */
    void registered(Long time, TimerService timers) throws Exception {
        silent.clear();
        silentSince.clear();
        graceUntil.clear();
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

    /** A REMOVE: nothing is kept (a timer still set finds no state and does nothing); true if it was watched. */
    boolean forget() throws Exception {
        boolean watched = lastReport.value() != null;
        lastReport.clear();
        silent.clear();
        silentSince.clear();
        graceUntil.clear();
        drained.clear();
        waiting.clear();
        return watched;
    }

    private boolean isSilent() throws Exception {
        return Boolean.TRUE.equals(silent.value());
    }

    private boolean isDrained() throws Exception {
        return Boolean.TRUE.equals(drained.value());
    }
}
