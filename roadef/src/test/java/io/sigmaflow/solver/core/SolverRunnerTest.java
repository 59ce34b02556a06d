package io.sigmaflow.solver.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.timefold.solver.core.api.score.HardSoftScore;
import io.sigmaflow.roadef.RoadefData;
import io.sigmaflow.roadef.check.CostChecker;
import io.sigmaflow.roadef.domain.MachineReassignment;
import io.sigmaflow.roadef.io.Instance;
import io.sigmaflow.roadef.solver.RoadefSolverConfig;
import io.sigmaflow.roadef.solver.RoadefSolverConfig.ScoreEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The runner's contract, exercised with the ROADEF model (the model at hand; the rebalancer's will be another). */
class SolverRunnerTest {
    private final Instance instance = RoadefData.instance("a1_2");
    private final int[] initial = RoadefData.initial("a1_2", instance);

    private MachineReassignment warmStart() {
        return MachineReassignment.of(instance, initial, initial);
    }

    @Test
    void warmStartIsScoredAndTheBestIsNeverWorse() {
        List<HardSoftScore> reported = new ArrayList<>();
        var result = new SolverRunner<MachineReassignment, HardSoftScore>(RoadefSolverConfig.create(Duration.ofSeconds(2)))
                .solve(warmStart(), RunLimits.of(Duration.ofSeconds(2)).withSeed(1), (score, spent) -> reported.add(score));
        assertEquals(HardSoftScore.of(0, -RoadefData.originalCost("a1_2")), result.initialScore());
        assertTrue(result.bestScore().compareTo(result.initialScore()) >= 0);
        assertTrue(result.feasible() && result.improved());
        assertTrue(!reported.isEmpty() && reported.get(reported.size() - 1).equals(result.bestScore()), reported.toString());
        assertTrue(result.spent().toMillis() >= 1_900 && result.spent().toMillis() < 30_000, result.spent().toString());
        // The best solution is a complete assignment the checker agrees with.
        assertEquals(-result.bestScore().softScore(),
                CostChecker.check(instance, initial, result.best().toAssignment()).total());
    }

    @Test
    void terminateEarlyFromAnotherThreadReturnsAValidBestSolution() throws Exception {
        var runner = new SolverRunner<MachineReassignment, HardSoftScore>(RoadefSolverConfig.create(Duration.ofMinutes(5)));
        var run = CompletableFuture.supplyAsync(() -> runner.solve(warmStart(), RunLimits.of(Duration.ofMinutes(5))));
        Thread.sleep(1_000);
        runner.terminateEarly();
        var result = run.get(60, TimeUnit.SECONDS);
        assertTrue(result.spent().toSeconds() < 60, "stopped long before its 5 minutes: " + result.spent());
        assertTrue(result.feasible());
        assertTrue(CostChecker.check(instance, initial, result.best().toAssignment()).feasible());
    }

    @Test
    void terminateRequestedBeforeARunReturnsTheWarmStartOnceThenRunsSolveAgain() {
        var runner = new SolverRunner<MachineReassignment, HardSoftScore>(RoadefSolverConfig.create(Duration.ofSeconds(1)));
        runner.terminateEarly();
        var stopped = runner.solve(warmStart(), RunLimits.of(Duration.ofSeconds(30)));
        assertEquals(stopped.initialScore(), stopped.bestScore());
        assertTrue(stopped.spent().toSeconds() < 10, stopped.spent().toString());
        var next = runner.solve(warmStart(), RunLimits.of(Duration.ofSeconds(1)).withSeed(2));
        assertTrue(next.improved(), "the request was consumed by the first run");
    }

    @Test
    void unimprovedLimitEndsARunThatStopsImproving() {
        Instance example = io.sigmaflow.roadef.io.InstanceReader.read(RoadefData.EXAMPLE_MODEL);
        int[] start = io.sigmaflow.roadef.io.AssignmentFile.read(RoadefData.EXAMPLE_INITIAL, example);
        // The unimproved limit is Timefold's unimproved-time termination, which applies to its local
        // search phases and not to custom phases (such as the ROADEF array search): Timefold's search here.
        var result = new SolverRunner<MachineReassignment, HardSoftScore>(RoadefSolverConfig.create(ScoreEngine.INCREMENTAL))
                .solve(MachineReassignment.of(example, start, start),
                        RunLimits.of(Duration.ofMinutes(5)).withUnimprovedLimit(Duration.ofMillis(500)));
        assertEquals(HardSoftScore.of(0, -2411), result.bestScore());
        assertTrue(result.spent().toSeconds() < 60, result.spent().toString());
    }

    @Test
    void limitsMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> RunLimits.of(Duration.ZERO));
        assertThrows(IllegalArgumentException.class,
                () -> RunLimits.of(Duration.ofSeconds(1)).withUnimprovedLimit(Duration.ofSeconds(-1)));
    }
}
