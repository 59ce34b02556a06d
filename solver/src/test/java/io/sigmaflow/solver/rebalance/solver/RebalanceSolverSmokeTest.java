package io.sigmaflow.solver.rebalance.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.timefold.solver.core.api.score.HardSoftScore;
import io.sigmaflow.solver.core.RunLimits;
import io.sigmaflow.solver.core.RunResult;
import io.sigmaflow.solver.core.SolverRunner;
import io.sigmaflow.solver.rebalance.app.RebalanceConfig;
import io.sigmaflow.solver.rebalance.domain.RebalanceSolution;
import io.sigmaflow.solver.rebalance.score.ClusterMetrics;
import io.sigmaflow.solver.rebalance.snapshot.ClusterSnapshot;
import io.sigmaflow.solver.rebalance.testing.ClusterFixtures;
import io.sigmaflow.solver.rebalance.testing.Solutions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A small, deliberately badly spread cluster ({@link ClusterFixtures#packedCluster}) solved to its
 * known optimum.
 *
 * <p>The optimum spreads every app over all switches and chassis, one pod per host: co-location 0
 * on hosts and chassis; on switches a and b keep one pair per switch (3 × 1000 / 5 each), c one
 * pair (1000 / 3), d none: 600 + 600 + 333 = 1,533. It moves 15 pods (each app keeps one where it
 * is), at 500 each. The four kept pods sit on the three packed hosts, so one host keeps two
 * (balance 78) and 17 hosts hold one (19 each): moving one more pod would cost 500 to gain 40.
 * Soft score: -(1,533 × 40 + 15 × 500 + 78 + 17 × 19) = -69,221.
 */
class RebalanceSolverSmokeTest {
    static final long OPTIMUM = -(1_533 * 40 + 15 * 500 + 78 + 17 * 19);

    @Test
    void spreadsAPackedClusterToItsOptimumWithinTheBudget() {
        ClusterSnapshot snapshot = ClusterFixtures.packedCluster();
        RebalanceConfig config = RebalanceConfig.parse(Map.of("budget.max-moves", "20", "budget.max-moves-per-app", "6"), "test");
        RebalanceSolution problem = Solutions.problem(snapshot, config);
        SolverRunner<RebalanceSolution, HardSoftScore> runner = new SolverRunner<>(RebalanceSolverConfig.create());
        RunResult<RebalanceSolution, HardSoftScore> result =
                runner.solve(problem, RunLimits.of(Duration.ofSeconds(20)).withSeed(0).withUnimprovedLimit(Duration.ofSeconds(4)));

        ClusterMetrics after = ClusterMetrics.of(Solutions.nodesOf(snapshot, result.best()));
        assertTrue(result.feasible(), "feasible: " + result.bestScore());
        assertEquals(0, after.host().colocation(), "no two pods of an app share a host");
        assertEquals(0, after.chassis().colocation(), "nor a chassis");
        assertEquals(1_533, after.coreSwitch().colocation(), "switches as even as 3 switches allow");
        assertTrue(result.best().movedCount() <= 20, "moves within the budget: " + result.best().movedCount());
        // Known range: the optimum, or an extra move or a worse balance away from it on a loaded machine.
        assertTrue(result.bestScore().softScore() >= OPTIMUM - 600 && result.bestScore().softScore() <= OPTIMUM,
                "soft score " + result.bestScore().softScore() + " in [" + (OPTIMUM - 600) + ", " + OPTIMUM + "]");
    }
}
