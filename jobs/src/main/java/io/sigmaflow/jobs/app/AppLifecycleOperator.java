package io.sigmaflow.jobs.app;

import io.sigmaflow.connectors.flink.DeadLetters;
import io.sigmaflow.connectors.flink.FlinkKafka;
import io.sigmaflow.jobs.deadletters.InvalidRecords;
import io.sigmaflow.jobs.routing.PartitionSpec;
import io.sigmaflow.jobs.routing.ShardRouter;
import io.sigmaflow.schema.PlacementFeedback;
import io.sigmaflow.schema.PlacementRequest;
import io.sigmaflow.schema.RequestOutcome;
import io.sigmaflow.schema.ShardSummary;
import io.sigmaflow.schema.job.AppPod;
import io.sigmaflow.schema.job.AppState;
import io.sigmaflow.schema.job.ShardCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.util.OutputTag;

/**
 * The app side of the placement job, keyed by app id: {@link AppLifecycle} over RocksDB keyed state.
 *
 * <p>Input 1: requests, keyed by app. Input 2: the job's feedback loop, where pod results arrive
 * keyed by app and partition summaries arrive broadcast (every subtask routes, so every subtask
 * keeps every summary, in its {@link ShardRouter}, snapshotted as union operator state). A summary
 * whose capacity epoch moved retries the pending pods of every app of this subtask that has some
 * (found through a marker state, without scanning the others).
 *
 * <p>Event time: only requests carry it. Commands caused by a request keep the request's timestamp
 * (partitions order them by it); commands caused by feedback carry none (a partition applies them
 * on arrival). The output watermark is input 1's: the loop's records are a checkpoint old and
 * must not hold event time back.
 */
public final class AppLifecycleOperator extends AbstractStreamOperator<ShardCommand>
        implements TwoInputStreamOperator<PlacementRequest, PlacementFeedback, ShardCommand> {
    public static final OutputTag<RequestOutcome> OUTCOMES =
            new OutputTag<>("outcomes", FlinkKafka.typeInfo(RequestOutcome.class));
    static final String PENDING_STATE = "pending";

    private final PartitionSpec spec;
    private final String requestsTopic;

    private transient ShardRouter router;
    private transient AppLifecycle lifecycle;
    private transient ListState<PlacementFeedback> routerState;
    private transient ValueState<AppState> app;
    private transient MapState<String, AppPod> pods;
    private transient MapState<String, Boolean> requests;
    private transient ValueState<Boolean> pending;
    private transient Store store;
    private transient long pendingPods;
    private transient Counter accepted;
    private transient Counter rejected;
    private transient Counter duplicates;
    private transient Counter handBacks;
    private transient Counter retries;

    public AppLifecycleOperator(PartitionSpec spec, String requestsTopic) {
        this.spec = spec;
        this.requestsTopic = requestsTopic;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        routerState = context.getOperatorStateStore().getUnionListState(
                new ListStateDescriptor<>("router-summaries", FlinkKafka.typeInfo(PlacementFeedback.class)));
        router = new ShardRouter();
        // Union state: every subtask gets every subtask's copy; the router keeps the newest per partition.
        for (PlacementFeedback summary : routerState.get()) {
            router.update(summary.getShardId(), summary.getClock(), summary.getSummary());
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        app = getKeyedStateStore().getState(new ValueStateDescriptor<>("app", FlinkKafka.typeInfo(AppState.class)));
        pods = getKeyedStateStore().getMapState(
                new MapStateDescriptor<>("pods", Types.STRING, FlinkKafka.typeInfo(AppPod.class)));
        requests = getKeyedStateStore().getMapState(new MapStateDescriptor<>("requests", Types.STRING, Types.BOOLEAN));
        pending = getKeyedStateStore().getState(new ValueStateDescriptor<>(PENDING_STATE, Types.BOOLEAN));
        store = new Store();
        var metrics = getMetricGroup();
        accepted = metrics.counter("requestsAccepted");
        rejected = metrics.counter("requestsRejected");
        duplicates = metrics.counter("requestsDuplicate");
        handBacks = metrics.counter("handBacks");
        retries = metrics.counter("pendingRetries");
        metrics.gauge("pendingPods", () -> pendingPods);
        lifecycle = new AppLifecycle(router, spec.scheme(), new Metrics());
        for (String key : appsWithPendingPods()) {
            setCurrentKey(key);
            AppState s = app.value();
            pendingPods += s == null ? 0 : s.getCurPending() + s.getOldPending();
        }
    }

    @Override
    public void processElement1(StreamRecord<PlacementRequest> record) throws Exception {
        lifecycle.onRequest(record.getValue(), store, new Effects(record));
    }

    @Override
    public void processElement2(StreamRecord<PlacementFeedback> record) throws Exception {
        PlacementFeedback feedback = record.getValue();
        if (feedback.getSummary() != null) {
            ShardSummary summary = feedback.getSummary();
            if (router.update(feedback.getShardId(), feedback.getClock(), summary)) {
                Effects effects = new Effects(null);
                for (String key : appsWithPendingPods()) {
                    setCurrentKey(key);
                    lifecycle.onCapacity(store, effects);
                }
            }
        } else if (feedback.getAppId() != null) {
            // Keyed by app on the way in: this subtask owns the key.
            setCurrentKey(feedback.getAppId());
            lifecycle.onResults(feedback, store, new Effects(null));
        }
    }

    private List<String> appsWithPendingPods() {
        KeyedStateBackend<String> backend = getKeyedStateBackend();
        try (Stream<String> keys = backend.getKeys(PENDING_STATE, VoidNamespace.INSTANCE)) {
            return new ArrayList<>(keys.toList()); // collected first: the retry writes that state
        }
    }

    @Override
    public void processWatermark1(Watermark mark) throws Exception {
        processWatermark(mark);
    }

    @Override
    public void processWatermark2(Watermark mark) {
        // The feedback loop never holds event time back (see the class comment).
    }

    @Override
    protected void processWatermarkStatus(WatermarkStatus status, int inputIndex) throws Exception {
        if (inputIndex == 0) {
            output.emitWatermarkStatus(status);
        }
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        List<PlacementFeedback> summaries = new ArrayList<>();
        for (Map.Entry<String, ShardSummary> e : router.summaries().entrySet()) {
            summaries.add(new PlacementFeedback(e.getKey(), router.partitionClock(e.getKey()), e.getValue(), null,
                    List.of()));
        }
        routerState.update(summaries);
    }

    /** The current key's state. */
    private final class Store implements AppStore {
        @Override
        public AppState state() {
            try {
                return app.value();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void putState(AppState state) {
            try {
                app.update(state);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public boolean seen(String requestId) {
            try {
                return requests.contains(requestId);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void markSeen(String requestId) {
            try {
                requests.put(requestId, Boolean.TRUE);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public AppPod pod(String podId) {
            try {
                return pods.get(podId);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void putPod(AppPod pod) {
            try {
                pods.put(pod.getPodId(), pod);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void removePod(String podId) {
            try {
                pods.remove(podId);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public Iterable<AppPod> pods() {
            try {
                return pods.values();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void pending(boolean any) {
            try {
                if (any) {
                    pending.update(Boolean.TRUE);
                } else {
                    pending.clear();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Outputs of one event; commands keep the request's timestamp, if it has one. */
    private final class Effects implements AppEffects {
        private final StreamRecord<?> cause;

        Effects(StreamRecord<?> cause) {
            this.cause = cause;
        }

        @Override
        public void send(ShardCommand command) {
            output.collect(cause != null && cause.hasTimestamp()
                    ? new StreamRecord<>(command, cause.getTimestamp()) : new StreamRecord<>(command));
        }

        @Override
        public void outcome(RequestOutcome outcome) {
            output.collect(OUTCOMES, new StreamRecord<>(outcome));
        }

        @Override
        public void deadLetter(PlacementRequest request, String reason) {
            output.collect(DeadLetters.TAG, new StreamRecord<>(InvalidRecords.of(PlacementRequest.class, request,
                    requestsTopic, request.getAppId(), reason + " (request " + request.getRequestId() + ")",
                    "app lifecycle")));
        }
    }

    private final class Metrics implements AppMetrics {
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
    }
}
