package io.sigmaflow.jobs.partition;

import io.sigmaflow.connectors.flink.DeadLetters;
import io.sigmaflow.connectors.flink.FlinkKafka;
import io.sigmaflow.schema.DeadLetter;
import io.sigmaflow.schema.job.NodeLiveness;
import io.sigmaflow.schema.job.PartitionCommand;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mass-silence gate between the node directory's liveness verdicts and the node partitions:
 * like Kubernetes' node lifecycle controller, which stops evicting when a large share of a zone's
 * nodes is unhealthy at once, it never evicts en masse. The directory is keyed by node, so no
 * subtask of it sees how many nodes fell silent together; every verdict passes here under one key
 * ({@link #KEY}: one subtask, a handful of records per silence).
 *
 * <p>A silence verdict is held for {@code windowMs} (from the first held one). When the window
 * closes, the nodes silent in it plus those released in the window before are counted against the
 * watched nodes ({@link NodeDirectory#WATCHED}): more than {@code share} of them (and more than one):
 * nobody is evicted, the verdicts are dropped, and an alert is raised (the {@code massSilences}
 * counter, a WARN log line, a dead letter of type {@link #MASS_SILENCE} naming the nodes on the
 * dead-letter topic). The nodes stay as they are; the directory judges a node that stays silent
 * again every timeout, so once hosts report again the few still silent are evicted one window
 * later. Otherwise the silences are released in order. A revival passes after its node's released
 * silence; one that comes while its silence is held cancels it (the node is back: it keeps its
 * pods); one whose silence was withheld is dropped (the partition never saw the node silent).
 *
 * <p>Windows run in event time (processing time with arrival order), like the verdicts.
 */
public final class SilenceGate extends KeyedCoProcessFunction<String, PartitionCommand, Tuple2<String, Boolean>, PartitionCommand> {
    /** One key: the gate is global. */
    public static final String KEY = "liveness";
    /** The dead letter's error type for a withheld mass silence. */
    public static final String MASS_SILENCE = "MASS_SILENCE";
    private static final Logger LOG = LoggerFactory.getLogger(SilenceGate.class);
    private static final int NAMED = 20;

    private final double share;
    private final long windowMs;
    private final boolean eventTime;
    private transient MapState<String, Boolean> watched;
    private transient ValueState<Integer> watchedCount;
    private transient ListState<PartitionCommand> held;
    private transient ValueState<Long> windowEnd;
    /** Nodes whose silence reached their partition (until they revive), with the silence's instant. */
    private transient MapState<String, Long> released;
    private transient Counter massSilences;
    private transient Counter withheld;
    private transient Counter passed;

    public SilenceGate(double share, long windowMs, boolean eventTime) {
        if (windowMs <= 0) {
            throw new IllegalArgumentException("mass-silence window must be positive: " + windowMs);
        }
        this.share = share;
        this.windowMs = windowMs;
        this.eventTime = eventTime;
    }

    @Override
    public void open(OpenContext context) {
        watched = getRuntimeContext().getMapState(new MapStateDescriptor<>("watched", Types.STRING, Types.BOOLEAN));
        watchedCount = getRuntimeContext().getState(new ValueStateDescriptor<>("watched-count", Types.INT));
        held = getRuntimeContext().getListState(new ListStateDescriptor<>("held-verdicts",
                FlinkKafka.typeInfo(PartitionCommand.class)));
        windowEnd = getRuntimeContext().getState(new ValueStateDescriptor<>("window-end", Types.LONG));
        released = getRuntimeContext().getMapState(new MapStateDescriptor<>("released", Types.STRING, Types.LONG));
        massSilences = getRuntimeContext().getMetricGroup().counter("massSilences");
        withheld = getRuntimeContext().getMetricGroup().counter("silencesWithheld");
        passed = getRuntimeContext().getMetricGroup().counter("silencesPassed");
    }

    /** The most nodes that may be evicted together out of {@code watched}: the share, at least one. */
    static int limit(double share, int watched) {
        return Math.max(1, (int) Math.floor(share * watched));
    }

    @Override
    public void processElement1(PartitionCommand command, Context ctx, Collector<PartitionCommand> out) throws Exception {
        NodeLiveness verdict = command.getLiveness();
        String node = verdict.getNodeId();
        boolean isHeld = heldNodes().contains(node);
        if (!verdict.getAlive()) {
            if (released.contains(node) || isHeld) {
                return; // judged again while its partition already knows (or a verdict is pending)
            }
            held.add(command);
            if (windowEnd.value() == null) {
                long end = now(ctx) + windowMs;
                windowEnd.update(end);
                if (eventTime) {
                    ctx.timerService().registerEventTimeTimer(end);
                } else {
                    ctx.timerService().registerProcessingTimeTimer(end);
                }
            }
        } else if (isHeld) {
            held.add(command); // decided with its silence
        } else if (released.contains(node)) {
            released.remove(node);
            out.collect(command);
        } // else its silence was withheld: the partition never saw the node silent
    }

    /** The watched nodes, from the directory. */
    @Override
    public void processElement2(Tuple2<String, Boolean> change, Context ctx, Collector<PartitionCommand> out)
            throws Exception {
        boolean was = watched.contains(change.f0);
        if (change.f1 && !was) {
            watched.put(change.f0, true);
            watchedCount.update(count() + 1);
        } else if (!change.f1 && was) {
            watched.remove(change.f0);
            watchedCount.update(count() - 1);
            released.remove(change.f0);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<PartitionCommand> out) throws Exception {
        Long end = windowEnd.value();
        if (end == null || timestamp != end) {
            return;
        }
        List<PartitionCommand> verdicts = new ArrayList<>();
        held.get().forEach(verdicts::add);
        held.clear();
        windowEnd.clear();
        Set<String> silent = new LinkedHashSet<>();
        Set<String> revived = new LinkedHashSet<>();
        for (PartitionCommand c : verdicts) {
            (c.getLiveness().getAlive() ? revived : silent).add(c.getLiveness().getNodeId());
        }
        int recent = 0;
        for (Map.Entry<String, Long> e : released.entries()) {
            if (e.getValue() >= end - 2 * windowMs) {
                recent++;
            }
        }
        int together = silent.size() + recent;
        int limit = limit(share, count());
        if (together > limit) {
            massSilences.inc();
            withheld.inc(silent.size());
            String reason = alert(silent, together, count(), limit);
            LOG.warn(reason);
            ctx.output(DeadLetters.TAG, DeadLetter.newBuilder().setReason(reason).setErrorType(MASS_SILENCE)
                    .setStage("silence gate").setFailedAtMs(System.currentTimeMillis()).build());
            return;
        }
        for (PartitionCommand c : verdicts) {
            String node = c.getLiveness().getNodeId();
            if (revived.contains(node)) {
                continue; // back before its silence was applied: keeps its pods
            }
            passed.inc();
            released.put(node, end);
            out.collect(c);
        }
    }

    private String alert(Set<String> silent, int together, int watchedNodes, int limit) {
        List<String> named = new ArrayList<>(silent).subList(0, Math.min(NAMED, silent.size()));
        return "liveness: " + together + " of " + watchedNodes + " watched nodes went silent within "
                + windowMs + " ms (more than " + limit + ", the share " + share + "): nobody evicted, nodes kept as"
                + " they are and judged again as hosts report; check the network between hosts and Kafka. Nodes: "
                + String.join(", ", named) + (silent.size() > NAMED ? " and " + (silent.size() - NAMED) + " more" : "");
    }

    private Set<String> heldNodes() throws Exception {
        Set<String> nodes = new LinkedHashSet<>();
        for (PartitionCommand c : held.get()) {
            nodes.add(c.getLiveness().getNodeId());
        }
        return nodes;
    }

    private int count() throws Exception {
        Integer n = watchedCount.value();
        return n == null ? 0 : n;
    }

    private long now(Context ctx) {
        if (eventTime && ctx.timestamp() != null) {
            return ctx.timestamp();
        }
        return ctx.timerService().currentProcessingTime();
    }
}
