package io.sigmaflow.jobs.app;

import io.sigmaflow.jobs.testing.JobFixtures;
import static io.sigmaflow.jobs.testing.JobRecords.publish;
import static io.sigmaflow.jobs.testing.JobRecords.register;
import static io.sigmaflow.jobs.testing.JobRecords.template;
import static io.sigmaflow.jobs.testing.Migrations.migration;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.jobs.migration.PlanWavesFunction;
import io.sigmaflow.jobs.routing.PartitionSpec;
import io.sigmaflow.schema.Migration;
import io.sigmaflow.schema.MigrationSettled;
import io.sigmaflow.schema.OutcomeStatus;
import io.sigmaflow.schema.PlacementFeedback;
import io.sigmaflow.schema.PlacementRequest;
import io.sigmaflow.schema.PodResult;
import io.sigmaflow.schema.PodResultStatus;
import io.sigmaflow.schema.RequestOutcome;
import io.sigmaflow.schema.Topology;
import io.sigmaflow.schema.TopologyLevel;
import io.sigmaflow.schema.job.RoutingInput;
import io.sigmaflow.schema.job.PartitionCommand;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The migration path's two operators in Flink's test harness, each restored from a snapshot in the
 * middle of a move: nothing lost, nothing started twice.
 */
class MigrationOperatorsTest {
    private static final PartitionSpec SPEC = new PartitionSpec(Map.of(), TopologyLevel.CORE_SWITCH);

    private static KeyedTwoInputStreamOperatorTestHarness<String, PlacementRequest, RoutingInput, PartitionCommand> app()
            throws Exception {
        return new KeyedTwoInputStreamOperatorTestHarness<>(JobFixtures.appLifecycleOperator(SPEC, false, "requests"),
                PlacementRequest::getAppId, null, Types.STRING);
    }

    private static StreamRecord<RoutingInput> in(RoutingInput r) {
        return new StreamRecord<>(r);
    }

    private static RoutingInput node(String sw) {
        String id = sw + "-c0-h0";
        return RoutingInput.newBuilder().setNode(PartitionCommand.newBuilder().setPartitionId(sw).setOrderKey("1:node:" + id)
                .setNodeEvent(register(id, sw, sw + "-c0", 8000, 16384)).build()).build();
    }

    private static RoutingInput result(String partition, PodResultStatus status, long generation) {
        String node = partition + "-c0-h0";
        PodResult r = new PodResult("web-0", 0, status, generation, node,
                new Topology("default", partition, partition + "-c0", node), Map.of(), null, false);
        return RoutingInput.newBuilder().setFeedback(new PlacementFeedback(partition, generation, null, "web", List.of(r),
                null, List.of())).build();
    }

    private static RequestOutcome lastOutcome(
            KeyedTwoInputStreamOperatorTestHarness<String, PlacementRequest, RoutingInput, PartitionCommand> h) {
        var side = h.getSideOutput(AppLifecycleOperator.OUTCOMES);
        return side.stream().map(StreamRecord::getValue).reduce((a, b) -> b).orElseThrow();
    }

    @Test
    void theAppSideResumesAMoveAfterARestore() throws Exception {
        Migration m = migration("plan", 1, 0, 1, "web", "web-0", "s0-c0-h0", "s1-c0-h0");
        OperatorSubtaskState snapshot;
        try (var h = app()) {
            h.open();
            h.processElement2(in(node("s0")));
            h.processElement2(in(node("s1")));
            h.processElement1(new StreamRecord<>(publish("p1", "web", 1, template(1000, 1024))));
            h.processElement2(in(result("s0", PodResultStatus.BOUND, 10)));
            h.getOutput().clear();
            h.processElement2(in(RoutingInput.newBuilder().setMigration(m).setClock(500).build()));
            List<PartitionCommand> sent = h.extractOutputValues();
            assertEquals(1, sent.size());
            assertEquals("s1", sent.get(0).getPartitionId());
            assertEquals("s1-c0-h0", sent.get(0).getMigrate().getToNodeId());
            assertEquals(10, sent.get(0).getMigrate().getPod().getGeneration());
            assertTrue(sent.get(0).getClock() >= 500, "the wave's clock is carried");
            assertEquals(OutcomeStatus.ACCEPTED, lastOutcome(h).getStatus());
            snapshot = h.snapshot(1, 1);
        }
        try (var h = app()) {
            h.initializeState(snapshot);
            h.open();
            h.processElement2(in(result("s1", PodResultStatus.BOUND, 501)));
            List<PartitionCommand> sent = h.extractOutputValues();
            assertEquals(1, sent.size(), "the source's UNBIND, once the target's BIND is back");
            assertEquals("s0", sent.get(0).getPartitionId());
            assertEquals("web-0", sent.get(0).getRelease().getPods().get(0).getPodId());
            assertEquals(501, sent.get(0).getRelease().getPods().get(0).getGeneration());

            h.processElement2(in(result("s0", PodResultStatus.RELEASED, 502)));
            assertEquals(OutcomeStatus.COMPLETED, lastOutcome(h).getStatus());
            var settled = h.getSideOutput(AppLifecycleOperator.MIGRATIONS_SETTLED);
            assertNotNull(settled);
            MigrationSettled done = settled.peek().getValue().getMigration();
            assertEquals(List.of("plan", "web-0", true, 502L),
                    List.of(done.getPlanId(), done.getPodId(), done.getMoved(), done.getClock()));
            assertEquals(1, h.extractOutputValues().size(), "nothing more sent");
        }
    }

    private static KeyedTwoInputStreamOperatorTestHarness<String, Migration, PlacementFeedback, RoutingInput> waves()
            throws Exception {
        return new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(JobFixtures.planWaves("migrations")),
                x -> PlanWavesFunction.KEY, x -> PlanWavesFunction.KEY, Types.STRING);
    }

    @Test
    void theWavesResumeAPlanAfterARestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = waves()) {
            h.open();
            h.processElement1(new StreamRecord<>(migration("plan", 1, 1, 2, "web", "web-1", "a", "b")));
            h.processElement1(new StreamRecord<>(migration("plan", 1, 0, 2, "web", "web-0", "a", "b")));
            assertEquals(List.of("web-0"), h.extractOutputValues().stream().map(r -> r.getMigration().getPodId()).toList());
            snapshot = h.snapshot(1, 1);
        }
        try (var h = waves()) {
            h.initializeState(snapshot);
            h.open();
            h.processElement2(new StreamRecord<>(new PlacementFeedback("migrations", 0L, null, null, List.of(),
                    new MigrationSettled("plan", 0, "web-0", "web", true, null, 77L), List.of())));
            List<RoutingInput> out = h.extractOutputValues();
            assertEquals(1, out.size(), "wave 1 starts once, after the restore");
            assertEquals(List.of("web-1", 77L), List.of(out.get(0).getMigration().getPodId(), out.get(0).getClock()));
        }
    }
}
