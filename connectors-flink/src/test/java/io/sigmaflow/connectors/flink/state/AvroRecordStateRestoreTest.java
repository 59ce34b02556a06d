package io.sigmaflow.connectors.flink.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sigmaflow.connectors.flink.FlinkKafka;
import io.sigmaflow.schema.job.PodRef;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

/**
 * A checkpoint taken with Flink's Avro serializer (every build before {@link AvroRecordSerializer})
 * restores into the job's serializer with its state intact, and so does the job's own, on RocksDB
 * as the job runs: keyed value and map state, and operator list state.
 */
class AvroRecordStateRestoreTest {
    private static final String QUERY = "?";

    /** Keeps the last pod of each key (value and map state) and every pod seen (operator state); a query emits them. */
    static final class PodKeeper extends KeyedProcessFunction<String, PodRef, PodRef> implements CheckpointedFunction {
        private final TypeInformation<PodRef> type;
        private transient ValueState<PodRef> last;
        private transient MapState<String, PodRef> byId;
        private transient ListState<PodRef> seen;

        PodKeeper(TypeInformation<PodRef> type) {
            this.type = type;
        }

        @Override
        public void open(OpenContext context) {
            last = getRuntimeContext().getState(new ValueStateDescriptor<>("last", type));
            byId = getRuntimeContext().getMapState(new MapStateDescriptor<>("by-id", Types.STRING, type));
        }

        @Override
        public void processElement(PodRef pod, Context context, Collector<PodRef> out) throws Exception {
            if (pod.getPodId().toString().endsWith(QUERY)) {
                out.collect(last.value());
                for (PodRef kept : byId.values()) {
                    out.collect(kept);
                }
                for (PodRef kept : seen.get()) {
                    out.collect(kept);
                }
                return;
            }
            last.update(pod);
            byId.put(pod.getPodId().toString(), pod);
            seen.add(pod);
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) {
        }

        @Override
        public void initializeState(FunctionInitializationContext context) throws Exception {
            seen = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("seen", type));
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, PodRef, PodRef> harness(TypeInformation<PodRef> type) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new PodKeeper(type)),
                pod -> "app", Types.STRING);
        // full snapshots: a harness has no checkpoint coordinator to resolve an incremental one's shared files
        h.setStateBackend(new EmbeddedRocksDBStateBackend(false));
        return h;
    }

    private static OperatorSubtaskState written(TypeInformation<PodRef> type, List<PodRef> pods) throws Exception {
        try (var h = harness(type)) {
            h.open();
            for (PodRef pod : pods) {
                h.processElement(pod, 1);
            }
            return h.snapshot(1, 1);
        }
    }

    /** What a job with {@code type} restored from {@code state} holds: last pod, the map's pods, the operator state's pods. */
    private static List<PodRef> restored(TypeInformation<PodRef> type, OperatorSubtaskState state) throws Exception {
        try (var h = harness(type)) {
            h.initializeState(state);
            h.open();
            h.processElement(new PodRef(QUERY, 0L), 2);
            List<PodRef> out = new ArrayList<>();
            h.extractOutputValues().forEach(out::add);
            return out;
        }
    }

    private static final List<PodRef> PODS = List.of(new PodRef("web-1", 3L), new PodRef("web-2", 5L));
    /** The last pod; the map's pods in RocksDB's key order; the operator state's in arrival order. */
    private static final List<PodRef> EXPECTED = List.of(PODS.get(1), PODS.get(0), PODS.get(1), PODS.get(0), PODS.get(1));

    @Test
    void aCheckpointOfFlinksAvroSerializerRestoresIntoTheJobs() throws Exception {
        OperatorSubtaskState old = written(new AvroTypeInfo<>(PodRef.class), PODS);
        assertEquals(EXPECTED, restored(FlinkKafka.typeInfo(PodRef.class), old));
    }

    @Test
    void aCheckpointOfTheJobsSerializerRestoresIntoItself() throws Exception {
        OperatorSubtaskState ours = written(FlinkKafka.typeInfo(PodRef.class), PODS);
        assertEquals(EXPECTED, restored(FlinkKafka.typeInfo(PodRef.class), ours));
    }

    @Test
    void aRestoredStateWrittenAgainRestoresAgain() throws Exception {
        OperatorSubtaskState old = written(new AvroTypeInfo<>(PodRef.class), PODS);
        OperatorSubtaskState again;
        try (var h = harness(FlinkKafka.typeInfo(PodRef.class))) {
            h.initializeState(old);
            h.open();
            again = h.snapshot(2, 2);
        }
        assertEquals(EXPECTED, restored(FlinkKafka.typeInfo(PodRef.class), again));
    }
}
