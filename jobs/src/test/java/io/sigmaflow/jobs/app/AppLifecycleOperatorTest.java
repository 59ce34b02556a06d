package io.sigmaflow.jobs.app;

import static io.sigmaflow.jobs.testing.JobRecords.destroy;
import static io.sigmaflow.jobs.testing.JobRecords.publish;
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
import io.sigmaflow.schema.RequestOutcome;
import io.sigmaflow.schema.ShardSummary;
import io.sigmaflow.schema.Topology;
import io.sigmaflow.schema.TopologyLevel;
import io.sigmaflow.schema.job.PodRef;
import io.sigmaflow.schema.job.ShardCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The app lifecycle operator in Flink's test harness: requests in, commands and outcomes out, the loop by hand. */
class AppLifecycleOperatorTest {
    private static final PartitionSpec SPEC = new PartitionSpec(Map.of(), TopologyLevel.CORE_SWITCH);

    private static KeyedTwoInputStreamOperatorTestHarness<String, PlacementRequest, PlacementFeedback, ShardCommand>
            harness() throws Exception {
        // Input 2 is not keyed in the job (results keyed by app, summaries broadcast): the operator sets the key.
        return new KeyedTwoInputStreamOperatorTestHarness<>(new AppLifecycleOperator(SPEC, "requests"),
                PlacementRequest::getAppId, null, Types.STRING);
    }

    private static PlacementFeedback summary(String shard, long clock, long epoch) {
        ShardSummary s = ShardSummary.newBuilder().setPath(List.of(shard)).setNodes(4).setSchedulableNodes(4)
                .setUntaintedSchedulableNodes(4).setMaxFreeCpu(8000).setMaxFreeMemory(16384).setMaxFreeDisk(0)
                .setCapacityEpoch(epoch).build();
        return new PlacementFeedback(shard, clock, s, null, List.of());
    }

    private static PlacementFeedback bound(String shard, String app, List<PodRef> pods) {
        List<PodResult> results = new ArrayList<>();
        for (PodRef p : pods) {
            results.add(new PodResult(p.getPodId(), 1, PodResultStatus.BOUND, 100L, shard + "-h",
                    new Topology("default", shard, shard + "-c", shard + "-h"), Map.of(), null));
        }
        return new PlacementFeedback(shard, 100L, null, app, results);
    }

    private static List<RequestOutcome> outcomes(
            KeyedTwoInputStreamOperatorTestHarness<String, PlacementRequest, PlacementFeedback, ShardCommand> h) {
        var side = h.getSideOutput(AppLifecycleOperator.OUTCOMES);
        return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
    }

    @Test
    void aRequestBecomesTimestampedCommandsAndResultsSettleIt() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processElement2(new StreamRecord<>(summary("s0", 5, 1)));
            h.processElement2(new StreamRecord<>(summary("s1", 5, 1)));
            h.processElement1(new StreamRecord<>(publish("r1", "web", 4, template(1000, 1024)), 42));

            List<StreamRecord<? extends ShardCommand>> commands = h.extractOutputStreamRecords();
            assertEquals(2, commands.size(), "one command per partition");
            assertTrue(commands.stream().allMatch(c -> c.getTimestamp() == 42), "commands keep the request's event time");
            assertTrue(commands.stream().allMatch(c -> c.getValue().getPlace().getPods().size() == 2), "2 pods per switch");
            assertEquals(List.of(OutcomeStatus.ACCEPTED), outcomes(h).stream().map(RequestOutcome::getStatus).toList());

            for (var c : commands) {
                ShardCommand cmd = c.getValue();
                h.processElement2(new StreamRecord<>(bound(cmd.getShardId(), "web", cmd.getPlace().getPods())));
            }
            RequestOutcome last = outcomes(h).get(outcomes(h).size() - 1);
            assertEquals(OutcomeStatus.PLACED, last.getStatus());
            assertEquals(4, last.getPlaced());
        }
    }

    @Test
    void eventTimeFollowsRequestsOnlyNeverTheLoop() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processWatermark1(new Watermark(100));
            h.processWatermark2(new Watermark(10)); // the loop is a checkpoint behind: ignored
            h.processWatermark1(new Watermark(200));
            List<Long> marks = h.getOutput().stream().filter(o -> o instanceof Watermark)
                    .map(o -> ((Watermark) o).getTimestamp()).toList();
            assertEquals(List.of(100L, 200L), marks);
        }
    }

    @Test
    void podsPendWithoutPartitionsAndAreRetriedWhenCapacityIsReported() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processElement1(new StreamRecord<>(publish("r1", "web", 2, template(1000, 1024)), 7));
            assertTrue(h.extractOutputValues().isEmpty());
            RequestOutcome pending = outcomes(h).get(outcomes(h).size() - 1);
            assertEquals(OutcomeStatus.PENDING, pending.getStatus());
            assertTrue(pending.getMessage().contains("no node is registered yet"), pending.getMessage());

            h.processElement2(new StreamRecord<>(summary("s0", 3, 1)));
            List<StreamRecord<? extends ShardCommand>> retry = h.extractOutputStreamRecords();
            assertEquals(1, retry.size());
            assertFalse(retry.get(0).hasTimestamp(), "feedback-driven commands apply on arrival");
            assertEquals(2, retry.get(0).getValue().getPlace().getPods().size());

            h.processElement2(new StreamRecord<>(summary("s0", 4, 1)));
            assertEquals(1, h.extractOutputStreamRecords().size(), "same capacity epoch: nothing is retried");
        }
    }

    @Test
    void routerSummariesSurviveARestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            h.open();
            h.processElement2(new StreamRecord<>(summary("s0", 3, 1)));
            snapshot = h.snapshot(1, 1);
        }
        try (var h = harness()) {
            h.initializeState(snapshot);
            h.open();
            h.processElement1(new StreamRecord<>(publish("r1", "web", 1, template(1000, 1024)), 7));
            assertEquals(1, h.extractOutputValues().size(), "routed with the restored summary");
        }
    }

    @Test
    void invalidAndDuplicateRequestsChangeNothingAndDestroyLeavesOnlyATombstone() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processElement2(new StreamRecord<>(summary("s0", 3, 1)));
            h.processElement1(new StreamRecord<>(publish("r1", "web", -2, template(1000, 1024)), 1));
            assertEquals(1, h.getSideOutput(DeadLetters.TAG).size());
            assertNotNull(h.getSideOutput(DeadLetters.TAG).peek().getValue().getValue(), "the request's bytes are kept");
            assertEquals(OutcomeStatus.REJECTED, outcomes(h).get(0).getStatus());

            h.processElement1(new StreamRecord<>(publish("r2", "web", 1, template(1000, 1024)), 2));
            ShardCommand place = h.extractOutputValues().get(0);
            h.processElement2(new StreamRecord<>(bound("s0", "web", place.getPlace().getPods())));
            h.processElement1(new StreamRecord<>(publish("r2", "web", 1, template(1000, 1024)), 3));
            assertEquals(OutcomeStatus.DUPLICATE, outcomes(h).get(outcomes(h).size() - 1).getStatus());

            h.processElement1(new StreamRecord<>(destroy("r3", "web"), 4));
            ShardCommand release = h.extractOutputValues().get(1);
            assertNotNull(release.getRelease());
            PodResult released = new PodResult("web-0", 1, PodResultStatus.RELEASED, 200L, "s0-h", null, Map.of(), null);
            h.processElement2(new StreamRecord<>(new PlacementFeedback("s0", 200L, null, "web", List.of(released))));
            assertEquals(OutcomeStatus.COMPLETED, outcomes(h).get(outcomes(h).size() - 1).getStatus());
            // What is left: the tombstone and the map of request ids seen (one entry per map on the
            // heap backend); no pod map, no pending marker.
            assertEquals(2, h.numKeyedStateEntries());
            assertEquals(0, h.numEventTimeTimers());
        }
    }
}
