package io.sigmaflow.jobs.partition;

import io.sigmaflow.connectors.flink.DeadLetters;
import io.sigmaflow.connectors.flink.FlinkKafka;
import io.sigmaflow.jobs.deadletters.InvalidRecords;
import io.sigmaflow.jobs.metrics.StageLatency;
import io.sigmaflow.placement.placer.PlacementConfig;
import io.sigmaflow.jobs.routing.PartitionScheme;
import io.sigmaflow.jobs.routing.PartitionSpec;
import io.sigmaflow.schema.NodeEvent;
import io.sigmaflow.schema.NodeState;
import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.PlacementFeedback;
import io.sigmaflow.schema.PriorityChange;
import io.sigmaflow.schema.job.BoundPod;
import io.sigmaflow.schema.job.OutcomePart;
import io.sigmaflow.schema.job.PartitionClock;
import io.sigmaflow.schema.job.PartitionCommand;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.types.Either;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Node partitions, keyed by partition id: each key's {@link NodePartition} is the only committer of
 * pods on its nodes (Sigma's per-machine lock, one partition at a time).
 *
 * <p><b>State.</b> RocksDB holds the truth per partition: node descriptions and bound pods (one map
 * entry each, so a bind writes one small entry) and the partition's clock. The {@link NodePartition}
 * with its in-memory index is derived from it on the first command after a start or a restore (a
 * rescale moves whole partitions: key groups carry their keys), and changed together with it
 * afterwards; placing a pod never reads RocksDB.
 *
 * <p><b>Order.</b> With event-time order on, a command that carries a timestamp ahead of the
 * watermark waits in keyed state for it (a timer per partition and timestamp), then commands of
 * one timestamp apply sorted by (order key, sequence): the same input gives the same placements
 * whatever the interleaving of the channels. Commands without a timestamp (caused by feedback)
 * or behind the watermark apply at once.
 *
 * <p><b>Output.</b> BIND/UNBIND records go out as they are committed (main output, chained to the
 * exactly-once sink of the partitions' topics, so per node they stay in commit order). Pod results,
 * summaries, node snapshots and priority changes are buffered and flushed just before each checkpoint
 * barrier (and at end of input); node snapshots and priority changes on the main output too
 * ({@link PartitionOutput}: one sink, one transaction per checkpoint for the three topics): they become visible when that checkpoint commits, which is when the loop could see them
 * anyway, and one record per app and partition replaces one per pod. Parts of request outcomes given
 * at commit ({@link #OUTCOME_PARTS}: did a command that carries its request's outcome bind every
 * pod?) go with them to the outcome parts operator, so an outcome commits with its BINDs instead of
 * after a trip through the loop.
 */
public final class NodePartitionOperator extends AbstractStreamOperator<Either<Placement, Either<NodeState, PriorityChange>>>
        implements OneInputStreamOperator<PartitionCommand, Either<Placement, Either<NodeState, PriorityChange>>>, Triggerable<String, VoidNamespace> {
    public static final OutputTag<PlacementFeedback> FEEDBACK =
            new OutputTag<>("feedback", FlinkKafka.typeInfo(PlacementFeedback.class));
    /** Parts of request outcomes given at commit (flushed with the feedback), for the outcome parts operator. */
    public static final OutputTag<OutcomePart> OUTCOME_PARTS =
            new OutputTag<>("outcome-parts", FlinkKafka.typeInfo(OutcomePart.class));
    /** DEBUG: every timestamped command applied behind the watermark (as it came, not in order). */
    private static final Logger LOG = LoggerFactory.getLogger(NodePartitionOperator.class);
    static final Comparator<PartitionCommand> APPLY_ORDER =
            Comparator.comparing(PartitionCommand::getOrderKey).thenComparingLong(PartitionCommand::getSequence);

    private final PartitionSpec spec;
    private final boolean eventTimeOrder;
    private final String nodeEventsTopic;
    private final long inventoryGraceMs;

    private transient PlacementConfig config;
    private transient PartitionScheme scheme;
    private transient MapState<String, NodeState> nodes;
    private transient MapState<String, BoundPod> pods;
    private transient ValueState<PartitionClock> clock;
    private transient ListStateDescriptor<PartitionCommand> waitingDescriptor;
    private transient InternalTimerService<VoidNamespace> timers;
    /** Partitions of this subtask loaded so far, by id (sorted: flushes go out in a stable order). */
    private transient TreeMap<String, NodePartition> partitions;
    private transient Store store;
    /** The latest event time applied by this subtask (transient: after a restore, from the next command on). */
    private transient long latestEventTime;
    private transient FlinkMetrics metrics;
    /** Where a PLACE command's time goes here: read, released by event time, committed (StageLatency). */
    private transient StageLatency commandRead;
    private transient StageLatency commandReleased;
    private transient StageLatency.AtCommit commandCommitted;

    /** @param inventoryGraceMs how long after its BIND a pod missing from its host's inventory is still on its way */
    public NodePartitionOperator(PartitionSpec spec, boolean eventTimeOrder, String nodeEventsTopic,
                                 long inventoryGraceMs) {
        this.spec = spec;
        this.eventTimeOrder = eventTimeOrder;
        this.nodeEventsTopic = nodeEventsTopic;
        this.inventoryGraceMs = inventoryGraceMs;
    }

    @Override
    public void open() throws Exception {
        super.open();
        config = spec.config();
        scheme = spec.scheme();
        nodes = getKeyedStateStore().getMapState(
                new MapStateDescriptor<>("nodes", Types.STRING, FlinkKafka.typeInfo(NodeState.class)));
        pods = getKeyedStateStore().getMapState(
                new MapStateDescriptor<>("pods", Types.STRING, FlinkKafka.typeInfo(BoundPod.class)));
        clock = getKeyedStateStore().getState(new ValueStateDescriptor<>("clock", FlinkKafka.typeInfo(PartitionClock.class)));
        waitingDescriptor = new ListStateDescriptor<>("waiting-commands", FlinkKafka.typeInfo(PartitionCommand.class));
        timers = getInternalTimerService("command-order", VoidNamespaceSerializer.INSTANCE, this);
        partitions = new TreeMap<>();
        store = new Store();
        metrics = new FlinkMetrics(getMetricGroup());
        commandRead = new StageLatency(getMetricGroup(), StageLatency.COMMAND_READ);
        commandReleased = new StageLatency(getMetricGroup(), StageLatency.COMMAND_RELEASED);
        commandCommitted = new StageLatency.AtCommit(new StageLatency(getMetricGroup(), StageLatency.COMMAND_COMMITTED));
    }

    @Override
    public void processElement(StreamRecord<PartitionCommand> record) throws Exception {
        PartitionCommand command = record.getValue();
        if (command.getPlace() != null && record.hasTimestamp()) {
            commandRead.reached(record.getTimestamp());
        }
        if (eventTimeOrder && record.hasTimestamp() && record.getTimestamp() > timers.currentWatermark()) {
            waiting(record.getTimestamp()).add(command);
            timers.registerEventTimeTimer(VoidNamespace.INSTANCE, record.getTimestamp());
            return;
        }
        if (record.hasTimestamp() && LOG.isDebugEnabled()) {
            LOG.debug("partition {}: {} at {} applied late, behind watermark {}", getCurrentKey(), command.getOrderKey(),
                    record.getTimestamp(), timers.currentWatermark());
        }
        if (record.hasTimestamp()) {
            released(command, record.getTimestamp());
        }
        apply(command, record.hasTimestamp() ? record.getTimestamp() : now());
    }

    private void released(PartitionCommand command, long eventTime) {
        if (command.getPlace() != null) {
            commandReleased.reached(eventTime);
            commandCommitted.released(eventTime);
        }
    }

    /**
     * Event time for a command without one (from the loop): the watermark, except after bounded
     * inputs ended (the watermark is then the end of time, and a placement stamped with it would be
     * refused by Kafka, which takes timestamps at most an hour ahead): the latest event time seen.
     */
    private long now() {
        long watermark = timers.currentWatermark();
        return watermark == Long.MAX_VALUE ? latestEventTime : Math.max(0, watermark);
    }

    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        ListState<PartitionCommand> waiting = waiting(timer.getTimestamp());
        List<PartitionCommand> due = new ArrayList<>();
        waiting.get().forEach(due::add);
        waiting.clear();
        due.sort(APPLY_ORDER);
        for (PartitionCommand command : due) {
            released(command, timer.getTimestamp());
            apply(command, timer.getTimestamp());
        }
    }

    @Override
    public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) {
        // no processing-time timers
    }

    private ListState<PartitionCommand> waiting(long timestamp) throws Exception {
        return getPartitionedState(timestamp, LongSerializer.INSTANCE, waitingDescriptor);
    }

    private void apply(PartitionCommand command, long eventTime) throws Exception {
        latestEventTime = Math.max(latestEventTime, eventTime);
        NodePartition partition = partition();
        try {
            partition.apply(command, eventTime, store, p -> output.collect(new StreamRecord<>(PartitionOutput.of(p), eventTime)), metrics);
        } catch (IllegalArgumentException e) {
            NodeEvent event = command.getNodeEvent();
            if (event == null) {
                throw e; // commands from the app side are built valid; anything else is a bug
            }
            output.collect(DeadLetters.TAG, new StreamRecord<>(InvalidRecords.of(NodeEvent.class, event,
                    nodeEventsTopic, event.getNodeId(), e.getMessage(), "node partition " + partition.id())));
        }
    }

    /** The current key's partition, rebuilt from RocksDB the first time it is touched. */
    private NodePartition partition() throws Exception {
        String id = (String) getCurrentKey();
        NodePartition partition = partitions.get(id);
        if (partition == null) {
            partition = NodePartition.restore(id, config, scheme, nodes.values(), pods.values(), clock.value())
                    .inventoryGraceMs(inventoryGraceMs);
            partitions.put(id, partition);
        }
        return partition;
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        flush();
        commandCommitted.barrier(checkpointId);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        super.notifyCheckpointComplete(checkpointId);
        commandCommitted.completed(checkpointId);
    }

    @Override
    public void finish() throws Exception {
        flush();
        super.finish();
    }

    private void flush() {
        for (NodePartition partition : partitions.values()) {
            for (OutcomePart part : partition.drainOutcomeParts()) {
                output.collect(OUTCOME_PARTS, new StreamRecord<>(part));
            }
            for (PlacementFeedback feedback : partition.drainFeedback()) {
                output.collect(FEEDBACK, new StreamRecord<>(feedback));
            }
            for (NodeState state : partition.drainNodeStates()) {
                output.collect(new StreamRecord<>(PartitionOutput.of(state)));
            }
            List<PriorityChange> changes = partition.drainPriorityChanges();
            for (PriorityChange change : changes) {
                output.collect(new StreamRecord<>(PartitionOutput.of(change)));
            }
            metrics.priorityChanges(changes.size());
        }
    }

    /** Subtask totals, for the gauges. */
    private long totalNodes() {
        return partitions.values().stream().mapToLong(p -> p.placer().index().size()).sum();
    }

    private long totalPods() {
        return partitions.values().stream().mapToLong(NodePartition::boundPods).sum();
    }

    /** The current key's durable state. */
    private final class Store implements PartitionStore {
        @Override
        public void putNode(NodeState description) {
            run(() -> nodes.put(description.getNodeId(), description));
        }

        @Override
        public void removeNode(String nodeId) {
            run(() -> nodes.remove(nodeId));
        }

        @Override
        public void putPod(BoundPod pod) {
            run(() -> pods.put(pod.getPodId(), pod));
        }

        @Override
        public void removePod(String podId) {
            run(() -> pods.remove(podId));
        }

        @Override
        public void putClock(PartitionClock value) {
            run(() -> clock.update(value));
        }

        private void run(StateWrite write) {
            try {
                write.run();
            } catch (Exception e) {
                throw new IllegalStateException("cannot write partition state", e);
            }
        }
    }

    @FunctionalInterface
    private interface StateWrite {
        void run() throws Exception;
    }

    /**
     * placements/s (meter over binds), binds, unbinds, commit conflicts (a pod the router sent here
     * that no node of the partition could take: its summary was stale), preemptions, rejections per
     * filter, and nodes / pods / partitions held by this subtask.
     */
    private final class FlinkMetrics implements PartitionMetrics {
        private final Counter bound;
        private final Counter unbound;
        private final Counter conflicts;
        private final Counter preempted;
        private final Counter failedOnHost;
        private final Counter strays;
        private final Counter stale;
        private final Counter silentNodes;
        private final Counter priorityChanges;
        private final Counter slotsReserved;
        private final Counter slotsTaken;
        private final MetricGroup rejections;
        private final Map<String, Counter> byFilter = new TreeMap<>();

        FlinkMetrics(MetricGroup group) {
            bound = group.counter("podsBound");
            group.meter("placementsPerSecond", new MeterView(bound));
            unbound = group.counter("podsUnbound");
            conflicts = group.counter("commitConflicts");
            preempted = group.counter("podsPreempted");
            failedOnHost = group.counter("podsFailedOnHost");
            strays = group.counter("strayPodsUnbound");
            stale = group.counter("staleHostReports");
            silentNodes = group.counter("nodesSilent");
            priorityChanges = group.counter("priorityChanges");
            slotsReserved = group.counter("reservationSlotsBound");
            slotsTaken = group.counter("reservationSlotsTaken");
            rejections = group.addGroup("rejections");
            group.gauge("nodes", NodePartitionOperator.this::totalNodes);
            group.gauge("boundPods", NodePartitionOperator.this::totalPods);
            group.gauge("partitions", () -> partitions.size());
        }

        @Override
        public void bound(int n) {
            bound.inc(n);
        }

        @Override
        public void unschedulable(Map<String, Integer> byFilterNodes) {
            conflicts.inc();
            byFilterNodes.keySet().forEach(f -> byFilter.computeIfAbsent(f, rejections::counter).inc());
        }

        @Override
        public void unbound(int n) {
            unbound.inc(n);
        }

        @Override
        public void preempted(int n) {
            preempted.inc(n);
        }

        @Override
        public void slotsReserved(int n) {
            slotsReserved.inc(n);
        }

        @Override
        public void slotsTaken(int n) {
            slotsTaken.inc(n);
        }

        @Override
        public void failedOnHost(int n) {
            failedOnHost.inc(n);
        }

        @Override
        public void strayUnbound(int n) {
            strays.inc(n);
        }

        @Override
        public void staleHostReport() {
            stale.inc();
        }

        @Override
        public void nodeSilent() {
            silentNodes.inc();
        }

        @Override
        public void priorityChanges(int n) {
            priorityChanges.inc(n);
        }
    }
}
