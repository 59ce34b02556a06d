package io.sigmaflow.jobs.app;

import static io.sigmaflow.jobs.testing.JobRecords.event;
import static io.sigmaflow.jobs.testing.JobRecords.publish;
import static io.sigmaflow.jobs.testing.JobRecords.register;
import static io.sigmaflow.jobs.testing.JobRecords.template;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sigmaflow.connectors.flink.FlinkKafka;
import io.sigmaflow.jobs.testing.JobFixtures;
import io.sigmaflow.jobs.routing.PartitionSpec;
import io.sigmaflow.placement.model.AvroMapping;
import io.sigmaflow.schema.NodeEvent;
import io.sigmaflow.schema.NodeEventType;
import io.sigmaflow.schema.NodeState;
import io.sigmaflow.schema.PlacementRequest;
import io.sigmaflow.schema.PodTemplate;
import io.sigmaflow.schema.TopologyLevel;
import io.sigmaflow.schema.job.PartitionCommand;
import io.sigmaflow.schema.job.RoutingInput;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The routers' node copy across checkpoints: one subtask writes it, every subtask restores it,
 * changed and removed nodes are in the next copy, and a checkpoint of the former copy (every node
 * as a record from every subtask) still restores.
 */
class RouterNodeCopyTest {
    private static final PartitionSpec SPEC = new PartitionSpec(Map.of(), TopologyLevel.CORE_SWITCH);

    private static KeyedTwoInputStreamOperatorTestHarness<String, PlacementRequest, RoutingInput, PartitionCommand>
            subtask(int index) throws Exception {
        return new KeyedTwoInputStreamOperatorTestHarness<>(JobFixtures.appLifecycleOperator(SPEC, true, "requests"),
                PlacementRequest::getAppId, null, Types.STRING, 128, 2, index);
    }

    private static StreamRecord<RoutingInput> change(NodeEvent event, long time) {
        PartitionCommand c = PartitionCommand.newBuilder().setPartitionId("s0")
                .setOrderKey("1:node:" + event.getNodeId() + ":" + time).setNodeEvent(event).build();
        return new StreamRecord<>(new RoutingInput(null, c, 0L, null, 0L), time);
    }

    private static void watermark(KeyedTwoInputStreamOperatorTestHarness<String, PlacementRequest, RoutingInput, PartitionCommand> h,
                                  long time) throws Exception {
        h.processWatermark1(new Watermark(time));
        h.processWatermark2(new Watermark(time));
    }

    /** An app id the subtask owns (its key group is in the subtask's range). */
    private static String appOf(int subtask) {
        for (int i = 0; ; i++) {
            if (KeyGroupRangeAssignment.assignKeyToParallelOperator("web" + i, 128, 2) == subtask) {
                return "web" + i;
            }
        }
    }

    /** How many place commands a request for one pod of {@code cpuMillis} gets after restoring {@code state}. */
    private static int routedAfterRestore(OperatorSubtaskState state, int subtask, long cpuMillis) throws Exception {
        try (var h = subtask(subtask)) {
            h.initializeState(state);
            h.open();
            // priority 0: a pod with no room is pending, without a preemption round
            h.processElement1(new StreamRecord<>(publish("r1", appOf(subtask), 1,
                    PodTemplate.newBuilder(template(cpuMillis, 1024)).setPriority(0).build()), 100));
            watermark(h, 100);
            return (int) h.extractOutputValues().stream().filter(c -> c.getPlace() != null).count();
        }
    }

    @Test
    void onlyTheFirstSubtaskWritesTheCopyAndEverySubtaskRestoresIt() throws Exception {
        OperatorSubtaskState first;
        OperatorSubtaskState second;
        try (var h0 = subtask(0); var h1 = subtask(1)) {
            for (var h : List.of(h0, h1)) {
                h.open();
                h.processElement2(change(register("s0-c0-h0", "s0", "s0-c0", 8000, 16384), 1));
                watermark(h, 1);
            }
            first = h0.snapshot(1, 1);
            second = h1.snapshot(1, 1);
        }
        assertEquals(0, routedAfterRestore(second, 1, 1000), "subtask 1 wrote no copy of the node");
        OperatorSubtaskState both = AbstractStreamOperatorTestHarness.repackageState(first, second);
        assertEquals(1, routedAfterRestore(both, 1, 1000), "subtask 1 restores subtask 0's copy");
        assertEquals(1, routedAfterRestore(both, 0, 1000), "and so does subtask 0");
    }

    @Test
    void aNodeChangedOrRemovedAfterACheckpointIsSoInTheNext() throws Exception {
        OperatorSubtaskState small;
        OperatorSubtaskState grown;
        OperatorSubtaskState removed;
        try (var h = subtask(0)) {
            h.open();
            h.processElement2(change(register("s0-c0-h0", "s0", "s0-c0", 1000, 16384), 1));
            watermark(h, 1);
            small = h.snapshot(1, 1);
            h.processElement2(change(register("s0-c0-h0", "s0", "s0-c0", 8000, 16384), 2));
            watermark(h, 2);
            grown = h.snapshot(2, 2);
            h.processElement2(change(event("s0-c0-h0", NodeEventType.REMOVE), 3));
            watermark(h, 3);
            removed = h.snapshot(3, 3);
        }
        assertEquals(0, routedAfterRestore(small, 0, 4000), "the first copy has the small node");
        assertEquals(1, routedAfterRestore(grown, 0, 4000), "the second has it grown");
        assertEquals(0, routedAfterRestore(removed, 0, 1000), "the third has it no more");
    }

    @Test
    void aCheckpointOfTheFormerCopyRestoresAndIsRewrittenInTheNewOne() throws Exception {
        NodeState node = AvroMapping.nodeState(
                AvroMapping.node(register("s0-c0-h0", "s0", "s0-c0", 8000, 16384), null), List.of(), 0, 0);
        OperatorSubtaskState former;
        try (var h = new OneInputStreamOperatorTestHarness<>(new FormerNodeCopy(node))) {
            h.open();
            former = h.snapshot(1, 1);
        }
        assertEquals(1, routedAfterRestore(former, 1, 1000), "the former copy is read");
        OperatorSubtaskState rewritten;
        try (var h = subtask(0)) {
            h.initializeState(former);
            h.open();
            rewritten = h.snapshot(2, 2);
        }
        assertEquals(1, routedAfterRestore(rewritten, 1, 1000), "and written again in the new form");
    }

    /** What versions before {@link RouterNodeCopy} kept: every node as a NodeState record, from every subtask. */
    private static final class FormerNodeCopy extends AbstractStreamOperator<Integer>
            implements OneInputStreamOperator<Integer, Integer> {
        private final NodeState node;
        private transient ListState<NodeState> nodes;

        FormerNodeCopy(NodeState node) {
            this.node = node;
        }

        @Override
        public void initializeState(StateInitializationContext context) throws Exception {
            super.initializeState(context);
            nodes = context.getOperatorStateStore().getUnionListState(
                    new ListStateDescriptor<>(RouterNodeCopy.RECORDS_STATE, FlinkKafka.typeInfo(NodeState.class)));
        }

        @Override
        public void snapshotState(StateSnapshotContext context) throws Exception {
            super.snapshotState(context);
            nodes.update(List.of(node, node)); // two subtasks' copies
        }

        @Override
        public void processElement(StreamRecord<Integer> element) {
            // nothing flows through
        }
    }
}
