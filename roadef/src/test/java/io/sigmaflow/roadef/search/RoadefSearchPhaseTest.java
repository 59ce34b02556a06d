package io.sigmaflow.roadef.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.timefold.solver.core.api.score.HardSoftScore;
import io.sigmaflow.solver.core.RunLimits;
import io.sigmaflow.solver.core.SolverRunner;
import io.sigmaflow.roadef.RoadefData;
import io.sigmaflow.roadef.check.CostChecker;
import io.sigmaflow.roadef.domain.MachineReassignment;
import io.sigmaflow.roadef.io.Instance;
import io.sigmaflow.roadef.solver.RoadefSolverConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The array search inside the runner: bests reach Timefold as they are found; infeasible starts go to Timefold's search. */
class RoadefSearchPhaseTest {

    @Test
    void reportsEachNewBestToTheRunnerAndEndsWithTheCheckersCost() {
        Instance instance = RoadefData.instance("a2_1");
        int[] initial = RoadefData.initial("a2_1", instance);
        Duration limit = Duration.ofSeconds(4);
        RoadefSearchPhase search = new RoadefSearchPhase(RoadefSearchPhase.Settings.defaults(3, limit));
        List<HardSoftScore> bests = new ArrayList<>();
        var result = new SolverRunner<MachineReassignment, HardSoftScore>(RoadefSolverConfig.create(search))
                .solve(MachineReassignment.of(instance, initial, initial), RunLimits.of(limit).withSeed(3),
                        (score, spent) -> bests.add(score));
        // One step per second at most, each applying a better assignment.
        assertTrue(bests.size() >= 2, bests.toString());
        for (int i = 1; i < bests.size(); i++) {
            assertTrue(bests.get(i).compareTo(bests.get(i - 1)) > 0, bests.toString());
        }
        assertEquals(result.bestScore(), bests.get(bests.size() - 1));
        assertTrue(search.evaluations() > 100_000, "candidates: " + search.evaluations());
        var report = CostChecker.check(instance, initial, result.best().toAssignment());
        assertTrue(report.feasible());
        assertEquals(report.total(), -result.bestScore().softScore());
    }

    @Test
    void leavesAnInfeasibleStartToTimefoldsSearch() {
        Instance instance = RoadefData.instance("a1_1");
        int[] initial = RoadefData.initial("a1_1", instance);
        int[] crowded = new int[initial.length];
        // Every process on machine 0: capacity and conflicts broken.
        Duration limit = Duration.ofSeconds(2);
        RoadefSearchPhase search = new RoadefSearchPhase(RoadefSearchPhase.Settings.defaults(1, limit));
        var result = new SolverRunner<MachineReassignment, HardSoftScore>(RoadefSolverConfig.create(search))
                .solve(MachineReassignment.of(instance, initial, crowded), RunLimits.of(limit).withSeed(1));
        assertEquals(0, search.evaluations());
        assertTrue(!result.initialScore().isFeasible() && result.improved(), result.bestScore().toString());
    }

    @Test
    void settingsAreChecked() {
        Duration s = Duration.ofSeconds(1);
        assertThrows(IllegalArgumentException.class, () -> new RoadefSearchPhase.Settings(0, 0, s, 0.1, 0.01, 50, 10));
        assertThrows(IllegalArgumentException.class, () -> new RoadefSearchPhase.Settings(0, 1, s, 0.01, 0.1, 50, 10));
        assertThrows(IllegalArgumentException.class, () -> new RoadefSearchPhase.Settings(0, 1, s, 0.1, 0.01, 101, 10));
        assertThrows(IllegalArgumentException.class, () -> new RoadefSearchPhase.Settings(0, 1, Duration.ZERO, 0.1, 0.01, 50, 10));
    }
}
