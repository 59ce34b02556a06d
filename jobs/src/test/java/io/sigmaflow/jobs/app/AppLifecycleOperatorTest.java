package io.sigmaflow.jobs.app;

import io.sigmaflow.jobs.testing.JobFixtures;
import static io.sigmaflow.jobs.testing.JobRecords.destroy;
import static io.sigmaflow.jobs.testing.JobRecords.publish;
import static io.sigmaflow.jobs.testing.JobRecords.register;
import static io.sigmaflow.jobs.testing.JobRecords.scale;
import static io.sigmaflow.jobs.testing.JobRecords.template;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.connectors.flink.DeadLetters;
import io.sigmaflow.jobs.routing.PartitionSpec;
import io.sigmaflow.schema.OutcomeStatus;
import io.sigmaflow.schema.PlacementFeedback;
import io.sigmaflow.schema.PlacementRequest;
import io.sigmaflow.schema.PodResult;
import io.sigmaflow.schema.PodResultStatus;
import io.sigmaflow.schema.PodTemplate;
import io.sigmaflow.schema.RequestOutcome;
import io.sigmaflow.schema.ShardSummary;
import io.sigmaflow.schema.Topology;
import io.sigmaflow.schema.TopologyLevel;
import io.sigmaflow.schema.job.PodRef;
import io.sigmaflow.schema.job.RoutingInput;
import io.sigmaflow.schema.job.PartitionCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The app lifecycle operator in Flink's test harness: requests and node changes in, commands and outcomes out. */
class AppLifecycleOperatorTest {
    private static final PartitionSpec SPEC = new PartitionSpec(Map.of(), TopologyLevel.CORE_SWITCH);

    private static KeyedTwoInputStreamOperatorTestHarness<String, PlacementRequest, RoutingInput, PartitionCommand>
            harness() throws Exception {
        // Input 2 is not keyed in the job (results keyed by app, the rest broadcast): the operator sets the key.
        return new KeyedTwoInputStreamOperatorTestHarness<>(JobFixtures.appLifecycleOperator(SPEC, true, "requests"),
                PlacementRequest::getAppId, null, Types.STRING);
    }

    /** A node of 8 cpus in switch {@code sw}, as the node directory forwards it. */
    private static StreamRecord<RoutingInput> node(String sw, int n, long time) {
        String id = sw + "-c0-h" + n;
        PartitionCommand change = PartitionCommand.newBuilder().setPartitionId(sw).setOrderKey("1:node:" + id)
                .setNodeEvent(register(id, sw, sw + "-c0", 8000, 16384)).build();
        return new StreamRecord<>(new RoutingInput(null, change, 0L, null, 0L), time);
    }

    private static StreamRecord<RoutingInput> feedback(PlacementFeedback f) {
        return new StreamRecord<>(new RoutingInput(f, null, 0L, null, 0L));
    }

    private static PlacementFeedback summary(String partition, long clock, long epoch) {
        ShardSummary s = ShardSummary.newBuilder().setPath(List.of(partition)).setNodes(1).setSchedulableNodes(1)
                .setUntaintedSchedulableNodes(1).setMaxFreeCpu(8000).setMaxFreeMemory(16384).setMaxFreeDisk(0)
                .setCapacityEpoch(epoch).build();
        return new PlacementFeedback(partition, clock, s, null, List.of(), null, List.of());
    }

    private static PlacementFeedback results(String partition, String app, PodResultStatus status, List<PodRef> pods) {
        List<PodResult> results = new ArrayList<>();
        for (PodRef p : pods) {
            results.add(new PodResult(p.getPodId(), 1, status, 100L, status == PodResultStatus.BOUND ? partition + "-c0-h0" : null,
                    status == PodResultStatus.BOUND ? new Topology("default", partition, partition + "-c0", partition + "-c0-h0") : null,
                    status == PodResultStatus.UNSCHEDULABLE ? Map.of("NodeResourcesFit", 1) : Map.of(), null, false));
        }
        return new PlacementFeedback(partition, 100L, null, app, results, null, List.of());
    }

    private static void watermark(KeyedTwoInputStreamOperatorTestHarness<String, PlacementRequest, RoutingInput, PartitionCommand> h,
                                  long time) throws Exception {
        h.processWatermark1(new Watermark(time));
        h.processWatermark2(new Watermark(time));
    }

    private static List<RequestOutcome> outcomes(
            KeyedTwoInputStreamOperatorTestHarness<String, PlacementRequest, RoutingInput, PartitionCommand> h) {
        var side = h.getSideOutput(AppLifecycleOperator.OUTCOMES);
        return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
    }

    private static RequestOutcome last(
            KeyedTwoInputStreamOperatorTestHarness<String, PlacementRequest, RoutingInput, PartitionCommand> h) {
        List<RequestOutcome> all = outcomes(h);
        return all.get(all.size() - 1);
    }

    @Test
    void requestsAndNodeChangesApplyInEventTimeOrderWhateverTheirArrival() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processElement1(new StreamRecord<>(publish("r1", "early", 2, template(1000, 1024)), 3));
            h.processElement1(new StreamRecord<>(publish("r2", "late", 2, template(1000, 1024)), 9));
            h.processElement2(node("s0", 0, 5)); // arrives after both requests, happened between them
            h.processElement2(node("s1", 0, 5));
            assertTrue(h.extractOutputValues().isEmpty() && outcomes(h).isEmpty(), "everything waits for event time");

            watermark(h, 10);
            List<StreamRecord<? extends PartitionCommand>> commands = h.extractOutputStreamRecords();
            RequestOutcome early = outcomes(h).stream().filter(o -> o.getRequestId().equals("r1")).toList().get(1);
            assertEquals(OutcomeStatus.PENDING, early.getStatus(), "r1 came before any node");
            assertTrue(early.getMessage().contains("no node is registered yet"), early.getMessage());
            // r1's pods are placed when the nodes appear (t=5); r2's at t=9.
            assertEquals(List.of(5L, 5L, 9L, 9L), commands.stream().map(StreamRecord::getTimestamp).toList());
            assertEquals(List.of("early", "early", "late", "late"),
                    commands.stream().map(c -> c.getValue().getPlace().getAppId()).toList());
            List<Long> marks = h.getOutput().stream().filter(o -> o instanceof Watermark)
                    .map(o -> ((Watermark) o).getTimestamp()).toList();
            assertEquals(List.of(10L), marks);
            assertEquals(0, h.numEventTimeTimers());
        }
    }

    /**
     * A scale-down applied while its app's pods are still on their way would decide without knowing
     * where they are (a replay and a settled stream would release other pods at other moments):
     * it waits for their results, and the watermark out waits at its time meanwhile, so a later
     * request's commands (already out, stamped later) are not applied by the partitions before it.
     */
    @Test
    void aRequestWhoseAppHasPodsOnTheirWayWaitsForThemAndHoldsTheWatermark() throws Exception {
        OperatorSubtaskState snapshot;
        List<StreamRecord<? extends PartitionCommand>> out;
        try (var h = harness()) {
            h.open();
            h.processElement2(node("s0", 0, 1));
            h.processElement2(node("s1", 0, 1));
            h.processElement1(new StreamRecord<>(publish("r1", "web", 2, template(1000, 1024)), 2));
            h.processElement1(new StreamRecord<>(scale("r2", "web", 1), 3));
            h.processElement1(new StreamRecord<>(publish("r3", "api", 1, template(1000, 1024)), 4));
            watermark(h, 10);
            out = h.extractOutputStreamRecords();
            assertEquals(List.of(2L, 2L, 4L), out.stream().map(StreamRecord::getTimestamp).toList(),
                    "web's pods and api's pod go out; the scale-down waits");
            assertEquals(List.of(3L), marks(h), "event time out stays at the held request's");
            snapshot = h.snapshot(1, 1);
        }
        try (var h = harness()) { // restored: the hold is rebuilt by the first watermark
            h.initializeState(snapshot);
            h.open();
            watermark(h, 11);
            assertTrue(h.extractOutputValues().isEmpty(), "still held after a restore");
            assertEquals(List.of(3L), marks(h));
            for (StreamRecord<? extends PartitionCommand> c : out.subList(0, 2)) {
                PartitionCommand place = c.getValue();
                h.processElement2(feedback(results(place.getPartitionId(), "web", PodResultStatus.BOUND,
                        place.getPlace().getPods())));
            }
            List<StreamRecord<? extends PartitionCommand>> after = h.extractOutputStreamRecords();
            assertEquals(1, after.size(), after.toString());
            assertNotNull(after.get(0).getValue().getRelease(), "the scale-down releases one of web's bound pods");
            assertEquals(3L, after.get(0).getTimestamp(), "stamped with its own event time");
            assertEquals(List.of(3L, 11L), marks(h), "then event time moves on");
        }
    }

    private static List<Long> marks(KeyedTwoInputStreamOperatorTestHarness<String, PlacementRequest, RoutingInput, PartitionCommand> h) {
        return h.getOutput().stream().filter(o -> o instanceof Watermark).map(o -> ((Watermark) o).getTimestamp()).toList();
    }

    @Test
    void resultsSettleARequestAndHandBacksGoToAnotherPartition() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processElement2(node("s0", 0, 1));
            h.processElement2(node("s1", 0, 1));
            h.processElement1(new StreamRecord<>(publish("r1", "web", 2, template(1000, 1024)), 2));
            watermark(h, 2);
            List<PartitionCommand> commands = h.extractOutputValues();
            assertEquals(2, commands.size(), "one pod per switch");

            PartitionCommand toS0 = commands.stream().filter(c -> c.getPartitionId().equals("s0")).findFirst().orElseThrow();
            PartitionCommand toS1 = commands.stream().filter(c -> c.getPartitionId().equals("s1")).findFirst().orElseThrow();
            h.processElement2(feedback(results("s0", "web", PodResultStatus.BOUND, toS0.getPlace().getPods())));
            h.processElement2(feedback(results("s1", "web", PodResultStatus.UNSCHEDULABLE, toS1.getPlace().getPods())));
            List<StreamRecord<? extends PartitionCommand>> out = h.extractOutputStreamRecords();
            StreamRecord<? extends PartitionCommand> handBack = out.get(out.size() - 1);
            assertEquals("s0", handBack.getValue().getPartitionId(), "refused by s1: the pod goes to s0");
            assertFalse(handBack.hasTimestamp(), "feedback-driven commands apply on arrival");

            h.processElement2(feedback(results("s0", "web", PodResultStatus.BOUND, handBack.getValue().getPlace().getPods())));
            assertEquals(OutcomeStatus.PLACED, last(h).getStatus());
            assertEquals(2, last(h).getPlaced());
        }
    }

    @Test
    void pendingPodsAreRetriedWhenANodeJoinsOrTheLoopReportsCapacity() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processElement2(node("s0", 0, 1));
            // priority 0: nothing ranks below it, so no preemption round before it is pending
            h.processElement1(new StreamRecord<>(publish("r1", "web", 1,
                    PodTemplate.newBuilder(template(1000, 1024)).setPriority(0).build()), 2));
            watermark(h, 2);
            PartitionCommand first = h.extractOutputValues().get(0);
            h.processElement2(feedback(results("s0", "web", PodResultStatus.UNSCHEDULABLE, first.getPlace().getPods())));
            assertEquals(OutcomeStatus.PENDING, last(h).getStatus());
            assertEquals(Map.of("NodeResourcesFit", 1), last(h).getPendingReasons());
            int sent = h.extractOutputValues().size();

            h.processElement2(feedback(summary("s0", 150, 50)));
            assertEquals(sent, h.extractOutputValues().size(), "epoch 50 is older than the refusal (clock 100)");
            h.processElement2(feedback(summary("s0", 250, 200)));
            assertEquals(sent + 1, h.extractOutputValues().size(), "capacity grew after the refusal: retried");
        }
    }

    @Test
    void theRouterSurvivesARestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            h.open();
            h.processElement2(node("s0", 0, 1));
            watermark(h, 1);
            snapshot = h.snapshot(1, 1);
        }
        try (var h = harness()) {
            h.initializeState(snapshot);
            h.open();
            h.processElement1(new StreamRecord<>(publish("r1", "web", 1, template(1000, 1024)), 7));
            watermark(h, 7);
            assertEquals(1, h.extractOutputValues().size(), "routed with the restored membership");
        }
    }

    @Test
    void invalidAndDuplicateRequestsChangeNothingAndDestroyLeavesOnlyATombstone() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processElement2(node("s0", 0, 1));
            h.processElement1(new StreamRecord<>(publish("r1", "web", -2, template(1000, 1024)), 2));
            h.processElement1(new StreamRecord<>(publish("r2", "web", 1, template(1000, 1024)), 3));
            watermark(h, 3);
            assertEquals(1, h.getSideOutput(DeadLetters.TAG).size());
            assertNotNull(h.getSideOutput(DeadLetters.TAG).peek().getValue().getValue(), "the request's bytes are kept");
            assertEquals(OutcomeStatus.REJECTED, outcomes(h).get(0).getStatus());

            PartitionCommand place = h.extractOutputValues().get(0);
            h.processElement2(feedback(results("s0", "web", PodResultStatus.BOUND, place.getPlace().getPods())));
            h.processElement1(new StreamRecord<>(publish("r2", "web", 1, template(1000, 1024)), 4));
            watermark(h, 4);
            assertEquals(OutcomeStatus.DUPLICATE, last(h).getStatus());

            h.processElement1(new StreamRecord<>(destroy("r3", "web"), 5));
            watermark(h, 5);
            PartitionCommand release = h.extractOutputValues().get(1);
            assertNotNull(release.getRelease());
            h.processElement2(feedback(results("s0", "web", PodResultStatus.RELEASED, release.getRelease().getPods())));
            assertEquals(OutcomeStatus.COMPLETED, last(h).getStatus());
            // What is left: the tombstone, the map of request ids seen and the time of the last request
            // (one entry each on the heap backend); no pod, no pending marker, no timer.
            assertEquals(3, h.numKeyedStateEntries());
            assertEquals(0, h.numEventTimeTimers());
        }
    }
}
