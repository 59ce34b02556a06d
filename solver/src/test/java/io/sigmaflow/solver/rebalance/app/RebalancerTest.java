package io.sigmaflow.solver.rebalance.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
