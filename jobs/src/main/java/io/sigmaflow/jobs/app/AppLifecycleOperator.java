package io.sigmaflow.jobs.app;

import io.sigmaflow.connectors.flink.FlinkKafka;
import io.sigmaflow.jobs.routing.PartitionScheme;
import io.sigmaflow.jobs.routing.PartitionSpec;
import io.sigmaflow.jobs.metrics.StageLatency;
import io.sigmaflow.jobs.routing.PartitionRouter;
import io.sigmaflow.schema.PlacementFeedback;
import io.sigmaflow.schema.PlacementRequest;
import io.sigmaflow.schema.RequestOutcome;
import io.sigmaflow.schema.ShardSummary;
import io.sigmaflow.schema.job.AppState;
import io.sigmaflow.schema.job.RoutingInput;
import io.sigmaflow.schema.job.PartitionCommand;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app side of the placement job, keyed by app id: {@link AppLifecycle} over RocksDB keyed state,
 * with one {@link PartitionRouter} per subtask.
 *
 * <p>Input 1: requests, keyed by app. Input 2 ({@link RoutingInput}): node changes from the node
 * directory and partition summaries from the feedback loop, both broadcast (every subtask routes),
 * and pod results from the loop, keyed by app.
 *
 * <p><b>Event-time order.</b> With it on, requests and node changes apply in event-time order, node
 * changes first at equal times: a request waits in keyed state for the watermark (the requests'
 * and node events' one; the loop never holds it back), node changes wait in memory (in operator
 * state at checkpoints). So the routers know the same nodes at the same instant of every run, and a
 * pod's first route is a function of the input. A request behind the watermark applies at once,
 * unless an earlier request of its app still waits (an app's requests apply in order). Commands
 * caused by requests and node changes carry their event time (partitions order them by it);
 * commands caused by the loop carry none (partitions apply them on arrival).
 *
 * <p>A node change that adds capacity, or a summary whose capacity epoch moved, retries the pending
 * pods of every app of this subtask that has some (found through a marker state, without a scan of
 * the others).
 */
public final class AppLifecycleOperator extends AbstractStreamOperator<PartitionCommand>
        implements TwoInputStreamOperator<PlacementRequest, RoutingInput, PartitionCommand>,
                Triggerable<String, VoidNamespace> {
    public static final OutputTag<RequestOutcome> OUTCOMES = AppOutputs.OUTCOMES;
    /** DEBUG: requests and node changes that came behind the watermark (applied as they came). */
    private static final Logger LOG = LoggerFactory.getLogger(AppLifecycleOperator.class);
    /** Migrations settled, into the job's loop (for the migration waves). */
    public static final OutputTag<PlacementFeedback> MIGRATIONS_SETTLED = AppOutputs.MIGRATIONS_SETTLED;

    private final PartitionSpec spec;
    private final boolean eventTimeOrder;
    private final String requestsTopic;
    private final int maxPodFailures;
    private final MaxNodeSize maxNode;

    private transient PartitionScheme scheme;
    private transient PartitionRouter router;
    private transient AppLifecycle lifecycle;
    private transient ListState<PlacementFeedback> summaryState;
    private transient RouterNodeCopy nodeCopy;
    private transient ListState<RoutingInput> waitingNodeState;
    /** Node changes ahead of the watermark, by event time, in arrival order. */
    private transient TreeMap<Long, List<PartitionCommand>> waitingNodes;
    private transient ValueState<Long> lastRequestTime;
    private transient ListStateDescriptor<PlacementRequest> waitingRequests;
    private transient InternalTimerService<VoidNamespace> timers;
    private transient KeyedAppStore store;
    /** Requests waiting for their app's pods to land (event-time order only). */
    private transient RequestHolds holds;
    /** The latest watermark in, and the latest one out (held back while a request is held). */
    private transient long inputMark;
    private transient long emittedMark;
    /** Where a request's time goes here: read from its topic, released by event time (StageLatency). */
    private transient StageLatency requestRead;
    private transient StageLatency requestReleased;

    public AppLifecycleOperator(PartitionSpec spec, boolean eventTimeOrder, String requestsTopic, int maxPodFailures,
                                MaxNodeSize maxNode) {
        this.maxNode = maxNode;
        this.spec = spec;
        this.eventTimeOrder = eventTimeOrder;
        this.requestsTopic = requestsTopic;
        this.maxPodFailures = maxPodFailures;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        scheme = spec.scheme();
        router = new PartitionRouter();
        waitingNodes = new TreeMap<>();
        // Union state: every subtask holds the same broadcast view; each gets every copy back and
        // keeps one (the newest summary per partition). Nodes: one copy, see RouterNodeCopy.
        summaryState = context.getOperatorStateStore().getUnionListState(
                new ListStateDescriptor<>("router-summaries", FlinkKafka.typeInfo(PlacementFeedback.class)));
        nodeCopy = new RouterNodeCopy(context.getOperatorStateStore(),
                getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(), router);
        waitingNodeState = context.getOperatorStateStore().getUnionListState(
                new ListStateDescriptor<>("waiting-node-changes", FlinkKafka.typeInfo(RoutingInput.class)));
        for (PlacementFeedback summary : summaryState.get()) {
            router.update(summary.getShardId(), summary.getClock(), summary.getSummary());
        }
        nodeCopy.restore(scheme);
        Set<String> seen = new HashSet<>();
        for (RoutingInput waiting : waitingNodeState.get()) {
            PartitionCommand c = waiting.getNode();
            if (seen.add(waiting.getEventTime() + "/" + c.getOrderKey() + "/" + c.getSequence())) {
                waitingNodes.computeIfAbsent(waiting.getEventTime(), t -> new ArrayList<>()).add(c);
            }
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        store = new KeyedAppStore(getKeyedStateStore());
        lastRequestTime = getKeyedStateStore().getState(new ValueStateDescriptor<>("last-request-time", Types.LONG));
        waitingRequests = new ListStateDescriptor<>("waiting-requests", FlinkKafka.typeInfo(PlacementRequest.class));
        timers = getInternalTimerService("request-order", VoidNamespaceSerializer.INSTANCE, this);
        holds = new RequestHolds();
        inputMark = Long.MIN_VALUE;
        emittedMark = Long.MIN_VALUE;
        FlinkAppMetrics metrics = new FlinkAppMetrics(getMetricGroup());
        requestRead = new StageLatency(getMetricGroup(), StageLatency.REQUEST_READ);
        requestReleased = new StageLatency(getMetricGroup(), StageLatency.REQUEST_RELEASED);
        lifecycle = new AppLifecycle(router, scheme, metrics, maxPodFailures, maxNode);
        for (String key : appsWithPendingPods()) {
            setCurrentKey(key);
            AppState s = store.state();
            metrics.pendingDelta(s == null ? 0 : s.getCurPending() + s.getOldPending());
        }
    }

    @Override
    public void processElement1(StreamRecord<PlacementRequest> record) throws Exception {
        if (!eventTimeOrder || !record.hasTimestamp()) {
            lifecycle.onRequest(record.getValue(), store, effects(record.hasTimestamp() ? record.getTimestamp() : null));
            return;
        }
        requestRead.reached(record.getTimestamp());
        Long last = lastRequestTime.value();
        long time = last == null ? record.getTimestamp() : Math.max(last, record.getTimestamp());
        lastRequestTime.update(time);
        if (time <= timers.currentWatermark()) {
            if (LOG.isDebugEnabled()) {
                LOG.debug("request {} at {} came late, behind watermark {}", record.getValue().getRequestId(), time,
                        timers.currentWatermark());
            }
            if (mustHold(record.getValue().getAppId())) {
                getPartitionedState(time, LongSerializer.INSTANCE, waitingRequests).add(record.getValue());
                holds.hold(record.getValue().getAppId(), time);
            } else {
                requestReleased.reached(time);
                lifecycle.onRequest(record.getValue(), store, effects(time));
            }
            return;
        }
        getPartitionedState(time, LongSerializer.INSTANCE, waitingRequests).add(record.getValue());
        timers.registerEventTimeTimer(VoidNamespace.INSTANCE, time);
    }

    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        if (mustHold(timer.getKey())) { // stays in state under its time; applied when the app's pods landed
            holds.hold(timer.getKey(), timer.getTimestamp());
            return;
        }
        applyWaiting(timer.getTimestamp());
    }

    /** Whether a request of the current app must wait: an earlier one waits, or its pods are on their way. */
    private boolean mustHold(String app) throws Exception {
        return holds.holds(app) || RequestHolds.inFlight(store.state());
    }

    /** The current app's requests of {@code time}, applied and forgotten. */
    private void applyWaiting(long time) throws Exception {
        ListState<PlacementRequest> waiting = getPartitionedState(time, LongSerializer.INSTANCE,
                waitingRequests);
        List<PlacementRequest> due = new ArrayList<>();
        waiting.get().forEach(due::add);
        waiting.clear();
        AppEffects effects = effects(time);
        for (PlacementRequest request : due) {
            requestReleased.reached(time);
            lifecycle.onRequest(request, store, effects);
        }
    }

    @Override
    public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) {
        // no processing-time timers
    }

    @Override
    public void processElement2(StreamRecord<RoutingInput> record) throws Exception {
        RoutingInput in = record.getValue();
        if (in.getMigration() != null) { // keyed by app on the way in; applied on arrival, like the loop
            setCurrentKey(in.getMigration().getAppId());
            lifecycle.onMigration(in.getMigration(), in.getClock(), store, effects(null));
            return;
        }
        if (in.getNode() != null) {
            if (eventTimeOrder && record.hasTimestamp() && record.getTimestamp() > timers.currentWatermark()) {
                waitingNodes.computeIfAbsent(record.getTimestamp(), t -> new ArrayList<>()).add(in.getNode());
            } else {
                if (record.hasTimestamp() && LOG.isDebugEnabled()) {
                    LOG.debug("node change {} at {} came late, behind watermark {}", in.getNode().getOrderKey(),
                            record.getTimestamp(), timers.currentWatermark());
                }
                applyNodes(List.of(in.getNode()), record.hasTimestamp() ? record.getTimestamp() : null);
            }
            return;
        }
        PlacementFeedback feedback = in.getFeedback();
        if (feedback.getSummary() != null) {
            if (router.update(feedback.getShardId(), feedback.getClock(), feedback.getSummary())) {
                retryPending(null, effects(null));
            }
        } else if (feedback.getAppId() != null) {
            // Keyed by app on the way in: this subtask owns the key.
            setCurrentKey(feedback.getAppId());
            lifecycle.onResults(feedback, store, effects(null));
            if (holds.holds(feedback.getAppId().toString()) && !RequestHolds.inFlight(store.state())) {
                releaseHeld(feedback.getAppId().toString());
            }
        }
    }

    /**
     * The current app's held requests, applied in time order (each with its own event time) while
     * its pods stay put; then the watermark the holds kept back moves on.
     */
    private void releaseHeld(String app) throws Exception {
        java.util.NavigableSet<Long> times = holds.release(app);
        while (!times.isEmpty()) {
            applyWaiting(times.pollFirst());
            if (!times.isEmpty() && RequestHolds.inFlight(store.state())) {
                times.forEach(t -> holds.hold(app, t)); // this one sent pods: the rest wait for them
                break;
            }
        }
        emitAllowed();
    }

    private void emitAllowed() {
        long allowed = holds.allowed(inputMark);
        if (allowed > emittedMark) {
            emittedMark = allowed;
            output.emitWatermark(new Watermark(allowed));
        }
    }

    /** Node changes of one instant: the router learns them all, then pending pods get another chance. */
    private void applyNodes(List<PartitionCommand> changes, Long eventTime) throws Exception {
        TreeSet<String> grew = new TreeSet<>();
        for (PartitionCommand change : changes) {
            if (router.node(change.getPartitionId(), change.getNodeEvent())) {
                grew.add(change.getPartitionId());
            }
            nodeCopy.changed(change.getPartitionId(), change.getNodeEvent().getNodeId());
        }
        AppEffects effects = effects(eventTime);
        for (String partition : grew) {
            retryPending(partition, effects);
        }
    }

    private void retryPending(String partition, AppEffects effects) throws Exception {
        for (String key : appsWithPendingPods()) {
            setCurrentKey(key);
            lifecycle.onCapacity(partition, store, effects);
        }
    }

    /**
     * Advances event time, applying node changes at their instant: requests before a node change's
     * time fire first, then the node changes, then requests at or after it.
     */
    @Override
    public void processWatermark(Watermark mark) throws Exception {
        while (!waitingNodes.isEmpty() && waitingNodes.firstKey() <= mark.getTimestamp()) {
            long time = waitingNodes.firstKey();
            if (time - 1 > timers.currentWatermark()) {
                timeServiceManager.advanceWatermark(new Watermark(time - 1));
            }
            applyNodes(waitingNodes.pollFirstEntry().getValue(), time);
        }
        if (!eventTimeOrder) {
            super.processWatermark(mark);
            return;
        }
        timeServiceManager.advanceWatermark(mark);
        inputMark = Math.max(inputMark, mark.getTimestamp());
        emitAllowed();
    }

    private List<String> appsWithPendingPods() {
        KeyedStateBackend<String> backend = getKeyedStateBackend();
        try (Stream<String> keys = backend.getKeys(KeyedAppStore.PENDING_STATE, VoidNamespace.INSTANCE)) {
            return new ArrayList<>(keys.sorted().toList()); // collected first: the retry writes that state
        }
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        timeHeldRequests(); // again here: not every caller prepares the snapshot before the barrier
        super.snapshotState(context);
        List<PlacementFeedback> summaries = new ArrayList<>();
        for (Map.Entry<String, ShardSummary> e : router.summaries().entrySet()) {
            summaries.add(new PlacementFeedback(e.getKey(), router.partitionClock(e.getKey()), e.getValue(), null,
                    List.of(), null, List.of()));
        }
        summaryState.update(summaries);
        nodeCopy.snapshot();
        List<RoutingInput> waiting = new ArrayList<>();
        waitingNodes.forEach((time, changes) -> changes.forEach(c -> waiting.add(new RoutingInput(null, c, time, null, 0L))));
        waitingNodeState.update(waiting);
    }

    /**
     * Held requests' timers again, before the barrier so that the checkpoint holds them whatever
     * the timer store (raw or managed keyed state): after a restore, the first watermark holds
     * them anew.
     */
    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        timeHeldRequests();
    }

    /** Registers a timer per held request again (a timer already there stays one). */
    private void timeHeldRequests() {
        for (Map.Entry<String, java.util.NavigableSet<Long>> held : holds.all().entrySet()) {
            setCurrentKey(held.getKey());
            for (long t : held.getValue()) {
                timers.registerEventTimeTimer(VoidNamespace.INSTANCE, t);
            }
        }
    }

    /** The outputs of one event; its commands carry {@code eventTime} when it has one. */
    private AppEffects effects(Long eventTime) {
        return new AppOutputs(output, requestsTopic, eventTime);
    }
}
