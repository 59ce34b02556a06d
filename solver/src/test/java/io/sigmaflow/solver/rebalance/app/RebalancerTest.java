package io.sigmaflow.solver.rebalance.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static io.sigmaflow.solver.rebalance.testing.ClusterFixtures.node;
import static io.sigmaflow.solver.rebalance.testing.ClusterFixtures.pod;

import io.sigmaflow.schema.Migration;
import io.sigmaflow.solver.rebalance.snapshot.ClusterSnapshot;
import io.sigmaflow.solver.rebalance.testing.ClusterFixtures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** One run without Kafka: solve, plan, check, report. */
class RebalancerTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T10:15:30Z"), ZoneOffset.UTC);
    private final RebalanceConfig config = RebalanceConfig.parse(Map.of("solver.seconds", "3", "solver.seed", "0",
            "budget.max-moves", "20", "budget.max-moves-per-app", "6"), "test");

    @Test
    void aRunPlansWhatTheSolverFoundAndChecksIt() {
        ClusterSnapshot snapshot = ClusterFixtures.packedCluster();
        RunReport report = new Rebalancer(config, CLOCK).run(snapshot, s -> Set.of());

        assertTrue(report.emittable(), report.check().violations().toString());
        assertTrue(report.result().improved());
        // Nothing dropped: the plan's end state is the solver's best solution.
        assertEquals(List.of(), report.plan().dropped());
        assertEquals(report.result().bestScore(), report.planned());
        assertTrue(report.after().host().colocation() < report.before().host().colocation());
        assertTrue(report.planId().startsWith("rebalance-20261127T101530Z-"), report.planId());
        for (Migration m : report.records()) {
            assertEquals(report.planId(), m.getPlanId());
            assertEquals(report.records().size(), m.getPlanSize());
            assertEquals(CLOCK.millis(), m.getCreatedAtMs());
        }

        ByteArrayOutputStream text = new ByteArrayOutputStream();
        report.print(new PrintStream(text, true, StandardCharsets.UTF_8), 5);
        String printed = text.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("co-location, host"), printed);
        assertTrue(printed.contains("plan " + report.planId() + ": " + report.records().size() + " migrations"), printed);
        String json = report.json("dry-run", false);
        assertTrue(json.startsWith("{\"mode\":\"dry-run\",\"plan_id\":\"" + report.planId() + "\",\"nodes\":24,\"pods\":19,"), json);
        assertTrue(json.endsWith("\"plan_valid\":true,\"emitted\":false}"), json);
    }

    /** a, b, d are full (2 cores, two pods of one app each); e has room for one pod. */
    private static ClusterSnapshot fullHostsAndOneFreeSlot() {
        return ClusterSnapshot.of(List.of(
                node("a").cpu(2000).pod(pod("x-0", "x")).pod(pod("x-1", "x")).build(),
                node("b").cpu(2000).pod(pod("y-0", "y")).pod(pod("y-1", "y")).build(),
                node("d").cpu(2000).pod(pod("z-0", "z")).pod(pod("z-1", "z")).build(),
                node("e").cpu(1000).build()));
    }

    @Test
    void fullHostsAreUntangledByAChainNotASwap() {
        // Swapping pods between two full hosts would need a detour: the model forbids it, so
        // the budget of 2 goes to a chain: one pod into the free slot, then one into the room it left.
        RebalanceConfig two = RebalanceConfig.parse(Map.of("solver.seconds", "2", "solver.seed", "0",
                "budget.max-moves", "2"), "test");
        RunReport report = new Rebalancer(two, CLOCK).run(fullHostsAndOneFreeSlot(), s -> Set.of());
        List<Migration> plan = report.records();
        assertEquals(2, plan.size(), plan.toString());
        assertEquals("e", plan.get(0).getToNodeId());
        assertEquals(plan.get(0).getFromNodeId(), plan.get(1).getToNodeId(), "the second move fills the room the first left");
        assertEquals(List.of(0, 1), plan.stream().map(Migration::getStep).toList());
        assertEquals(List.of(), report.plan().dropped());
        assertTrue(report.emittable(), report.check().violations().toString());
        assertEquals(report.result().bestScore(), report.planned());
    }

    @Test
    void movesThePlanCannotFitAreReplacedByARepairSolve() {
        // One wave only: the chain above no longer fits, its second move would be dropped. The
        // repair pins the first move, sends the other pod home and solves again: nothing is left
        // dropped, and the plan is the chain's first move.
        RebalanceConfig oneWave = RebalanceConfig.parse(Map.of("solver.seconds", "2", "solver.seed", "0",
                "budget.max-moves", "2", "plan.max-waves", "1"), "test");
        RunReport report = new Rebalancer(oneWave, CLOCK).run(fullHostsAndOneFreeSlot(), s -> Set.of());
        assertEquals(1, report.records().size(), report.records().toString());
        assertEquals("e", report.records().get(0).getToNodeId());
        assertEquals(List.of(), report.plan().dropped());
        assertEquals(report.result().bestScore(), report.planned(), "the repaired best is what the plan reaches");
    }

    @Test
    void nodesThatChangedWhileSolvingAreLeftOut() {
        ClusterSnapshot snapshot = ClusterFixtures.packedCluster();
        // The three packed hosts changed: every move starts on one of them, so none is planned.
        RunReport report = new Rebalancer(config, CLOCK).run(snapshot, s -> Set.of("s0-c0-h0", "s0-c0-h1", "s0-c0-h2"));
        assertEquals(0, report.records().size());
        assertFalse(report.plan().dropped().isEmpty());
        assertFalse(report.emittable());
        assertTrue(report.check().valid());
        assertEquals(report.before(), report.after());
    }

    @Test
    void aRunStoppedBeforeItSolvesPlansNothing() {
        Rebalancer rebalancer = new Rebalancer(config, CLOCK);
        rebalancer.terminateEarly();
        RunReport report = rebalancer.run(ClusterFixtures.packedCluster(), s -> Set.of());
        assertEquals(0, report.records().size());
        assertEquals(report.result().initialScore(), report.result().bestScore());
    }

    @Test
    void anEmptyClusterIsNotAnError() {
        RunReport report = new Rebalancer(config, CLOCK).run(ClusterSnapshot.of(List.of()), s -> Set.of());
        assertEquals(0, report.records().size());
        assertTrue(report.check().valid());
    }
}
