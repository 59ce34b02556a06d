package io.sigmaflow.jobs.partition;

import io.sigmaflow.jobs.testing.JobFixtures;
import static io.sigmaflow.jobs.testing.JobRecords.register;
import static io.sigmaflow.jobs.testing.JobRecords.template;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.connectors.flink.DeadLetters;
import io.sigmaflow.jobs.routing.PartitionSpec;
import io.sigmaflow.jobs.testing.JobRecords;
import io.sigmaflow.schema.NodeEvent;
import io.sigmaflow.schema.NodeEventType;
import io.sigmaflow.schema.NodeState;
import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.PlacementAction;
import io.sigmaflow.schema.PlacementFeedback;
import io.sigmaflow.schema.PodResult;
import io.sigmaflow.schema.PodResultStatus;
import io.sigmaflow.schema.TopologyLevel;
import io.sigmaflow.schema.job.PlacePods;
import io.sigmaflow.schema.job.PodRef;
import io.sigmaflow.schema.job.ReleasePods;
import io.sigmaflow.schema.job.PartitionCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.types.Either;
import io.sigmaflow.schema.PriorityChange;
import org.junit.jupiter.api.Test;

/**
 * The node partition operator in Flink's test harness: ordering, flushes, restore (on RocksDB, the
 * job's backend), and no leaked state or timers (on the heap backend, the only one the harness
 * can count entries of).
 */
class NodePartitionOperatorTest {
    private static final PartitionSpec SPEC = new PartitionSpec(Map.of(), TopologyLevel.CORE_SWITCH);

    private static KeyedOneInputStreamOperatorTestHarness<String, PartitionCommand, Either<Placement, Either<NodeState, PriorityChange>>> harness() throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(JobFixtures.nodePartitionOperator(SPEC, true, "node-events"),
                PartitionCommand::getPartitionId, Types.STRING);
        h.setup(PartitionOutput.TYPE.createSerializer(new SerializerConfigImpl()));
        return h;
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, PartitionCommand, Either<Placement, Either<NodeState, PriorityChange>>> onRocksDb() throws Exception {
        var h = harness();
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
        return h;
    }

    private static PartitionCommand node(NodeEvent event, long sequence) {
        return PartitionCommand.newBuilder().setPartitionId("s0").setOrderKey("1:node:" + event.getNodeId())
                .setSequence(sequence).setNodeEvent(event).build();
    }

    private static PartitionCommand place(String app, long sequence, String... pods) {
        List<PodRef> refs = new ArrayList<>();
        for (String pod : pods) {
            refs.add(new PodRef(pod, 0L));
        }
        return PartitionCommand.newBuilder().setPartitionId("s0").setOrderKey("2:app:" + app).setSequence(sequence)
                .setPlace(new PlacePods(app, 1, "r-" + app, template(1000, 1024), refs, false, null, 0)).build();
    }

    private static PartitionCommand release(String app, long sequence, String pod, long generation) {
        return PartitionCommand.newBuilder().setPartitionId("s0").setOrderKey("2:app:" + app).setSequence(sequence)
                .setRelease(new ReleasePods(app, "scale-down", List.of(new PodRef(pod, generation)))).build();
    }

    private static List<String> binds(List<Placement> placements) {
        return placements.stream().filter(p -> p.getAction() == PlacementAction.BIND)
                .map(p -> p.getPodId() + "@" + p.getNodeId()).toList();
    }

    /** Two hosts of 2 cpus in one chassis, registered at t=1; then pods of two apps at t=10. */
    private static List<StreamRecord<PartitionCommand>> input() {
        return List.of(
                new StreamRecord<>(node(register("s0-c0-h0", "s0", "s0-c0", 2000, 4096), 1), 1),
                new StreamRecord<>(node(register("s0-c0-h1", "s0", "s0-c0", 2000, 4096), 1), 1),
                new StreamRecord<>(place("a", 1, "a-0", "a-1"), 10),
                new StreamRecord<>(place("b", 1, "b-0", "b-1"), 10));
    }

    @Test
    void commandsWaitForTheWatermarkAndApplyInOneOrderWhateverTheirArrival() throws Exception {
        List<List<String>> runs = new ArrayList<>();
        for (List<StreamRecord<PartitionCommand>> arrival : List.of(input(), input().reversed())) {
            try (var h = harness()) {
                h.open();
                h.processElements(arrival);
                assertTrue(PartitionOutput.placements(h.extractOutputValues()).isEmpty(), "nothing applies ahead of the watermark");
                assertEquals(2, h.numEventTimeTimers(), "one timer per partition and timestamp");
                h.processWatermark(10);
                runs.add(binds(PartitionOutput.placements(h.extractOutputValues())));
                assertEquals(0, h.numEventTimeTimers());
                assertEquals(0, h.numKeyedStateEntries(10L), "waiting commands are cleared once applied");
            }
        }
        assertEquals(4, runs.get(0).size());
        assertEquals(runs.get(0), runs.get(1), "same input, same placements, whatever the arrival order");
    }

    @Test
    void afterBoundedInputsEndLoopCommandsAreStampedWithTheLatestEventTimeNotTheEndOfTime() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processElements(input());
            h.processWatermark(Long.MAX_VALUE); // every bounded input finished
            int before = h.getOutput().size();
            h.processElement(new StreamRecord<>(release("a", 2, "a-0", 0))); // from the loop: no timestamp
            List<Object> out = new ArrayList<>(h.getOutput()).subList(before, h.getOutput().size());
            StreamRecord<?> record = out.stream()
                    .filter(o -> o instanceof StreamRecord<?> r && r.getValue() instanceof Either<?, ?> e && e.isLeft())
                    .map(o -> (StreamRecord<?>) o).findFirst().orElseThrow();
            Placement unbind = (Placement) ((Either<?, ?>) record.getValue()).left();
            assertEquals(PlacementAction.UNBIND, unbind.getAction());
            assertEquals(10, record.getTimestamp(), "Kafka refuses timestamps more than an hour ahead");
            assertEquals(10, unbind.getDecidedAtMs());
        }
    }

    @Test
    void aCommandWithoutTimestampAppliesAtOnceAndFeedbackWaitsForTheBarrier() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processElement(new StreamRecord<>(node(register("s0-c0-h0", "s0", "s0-c0", 2000, 4096), 1)));
            h.processElement(new StreamRecord<>(place("a", 1, "a-0", "a-1", "a-2")));
            List<Placement> placements = PartitionOutput.placements(h.extractOutputValues());
            assertEquals(List.of("a-0@s0-c0-h0", "a-1@s0-c0-h0"), binds(placements));
            assertTrue(h.getSideOutput(NodePartitionOperator.FEEDBACK) == null
                    || h.getSideOutput(NodePartitionOperator.FEEDBACK).isEmpty(), "feedback is held until the barrier");

            h.prepareSnapshotPreBarrier(1);
            List<PlacementFeedback> feedback = h.getSideOutput(NodePartitionOperator.FEEDBACK).stream()
                    .map(StreamRecord::getValue).toList();
            PlacementFeedback results = feedback.stream().filter(f -> "a".equals(f.getAppId())).findFirst().orElseThrow();
            assertEquals(List.of(PodResultStatus.BOUND, PodResultStatus.BOUND, PodResultStatus.UNSCHEDULABLE),
                    results.getResults().stream().map(PodResult::getStatus).toList());
            assertEquals(Map.of("NodeResourcesFit", 1), results.getResults().get(2).getRejections());
            PlacementFeedback summary = feedback.stream().filter(f -> f.getSummary() != null).findFirst().orElseThrow();
            assertEquals(1, summary.getSummary().getNodes());
            assertEquals(0, summary.getSummary().getMaxFreeCpu());
            List<NodeState> states = PartitionOutput.nodeStates(h.extractOutputValues());
            assertEquals(1, states.size());
            assertEquals(2, states.get(0).getPods().size());
            assertEquals("a", states.get(0).getPods().get(0).getAppId(), "snapshots carry the real app id");
        }
    }

    @Test
    void restoredPartitionKeepsItsPodsAndItsClock() throws Exception {
        OperatorSubtaskState snapshot;
        long lastGeneration;
        try (var h = onRocksDb()) {
            h.open();
            h.processElement(new StreamRecord<>(node(register("s0-c0-h0", "s0", "s0-c0", 2000, 4096), 1)));
            h.processElement(new StreamRecord<>(place("a", 1, "a-0")));
            lastGeneration = PartitionOutput.placements(h.extractOutputValues()).get(0).getGeneration();
            snapshot = h.snapshot(1, 1);
        }
        try (var h = onRocksDb()) {
            h.initializeState(snapshot);
            h.open();
            h.processElement(new StreamRecord<>(place("b", 1, "b-0", "b-1")));
            List<Placement> out = PartitionOutput.placements(h.extractOutputValues());
            assertEquals(List.of("b-0@s0-c0-h0"), binds(out), "a-0 still holds half the node after the restore");
            assertTrue(out.get(0).getGeneration() > lastGeneration, "the clock continues: generations only grow");
            h.processElement(new StreamRecord<>(release("a", 2, "a-0", lastGeneration)));
            Placement unbind = PartitionOutput.placements(h.extractOutputValues()).get(1);
            assertEquals(PlacementAction.UNBIND, unbind.getAction());
            assertEquals("a-0", unbind.getPodId());
        }
    }

    @Test
    void removingEveryNodeLeavesOnlyThePartitionClockAndNoTimers() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processElement(new StreamRecord<>(node(register("s0-c0-h0", "s0", "s0-c0", 2000, 4096), 1), 1));
            h.processElement(new StreamRecord<>(place("a", 1, "a-0"), 2));
            h.processElement(new StreamRecord<>(node(JobRecords.event("s0-c0-h0", NodeEventType.REMOVE), 2), 3));
            h.processWatermark(3);
            List<Placement> out = PartitionOutput.placements(h.extractOutputValues());
            assertEquals(List.of(PlacementAction.BIND, PlacementAction.UNBIND), out.stream().map(Placement::getAction).toList());
            assertTrue(out.get(1).getGeneration() > out.get(0).getGeneration());
            h.prepareSnapshotPreBarrier(1);
            PodResult lost = h.getSideOutput(NodePartitionOperator.FEEDBACK).stream().map(StreamRecord::getValue)
                    .filter(f -> "a".equals(f.getAppId())).flatMap(f -> f.getResults().stream())
                    .filter(r -> r.getStatus() == PodResultStatus.LOST).findFirst().orElseThrow();
            assertEquals("a-0", lost.getPodId());
            assertEquals(0, h.numEventTimeTimers());
            assertEquals(1, h.numKeyedStateEntries(), "only the clock is kept: generations must keep growing");
        }
    }

    @Test
    void aNodeEventThePartitionCannotApplyIsDeadLetteredAndTheOperatorGoesOn() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processElement(new StreamRecord<>(node(JobRecords.event("ghost", NodeEventType.DRAIN), 1)));
            h.processElement(new StreamRecord<>(node(register("s0-c0-h0", "s0", "s0-c0", 2000, 4096), 2)));
            h.processElement(new StreamRecord<>(place("a", 1, "a-0")));
            assertEquals(1, h.getSideOutput(DeadLetters.TAG).size());
            assertTrue(h.getSideOutput(DeadLetters.TAG).peek().getValue().getReason().contains("unknown node"));
            assertEquals(List.of("a-0@s0-c0-h0"), binds(PartitionOutput.placements(h.extractOutputValues())));
        }
    }
}
