package io.sigmaflow.solver.rebalance.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.timefold.solver.core.api.score.HardSoftScore;
import ai.timefold.solver.core.config.solver.EnvironmentMode;
import io.sigmaflow.solver.core.RunLimits;
import io.sigmaflow.solver.core.RunResult;
import io.sigmaflow.solver.core.SolverRunner;
import io.sigmaflow.solver.rebalance.app.RebalanceConfig;
import io.sigmaflow.solver.rebalance.solver.RebalanceSolverConfig;
import io.sigmaflow.solver.rebalance.testing.ClusterFixtures;
import io.sigmaflow.solver.rebalance.testing.Solutions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RebalanceSolutionClonerTest {
    private final RebalanceConfig config =
            RebalanceConfig.parse(Map.of("budget.max-moves", "20", "budget.max-moves-per-app", "6"), "test");

    @Test
    void aCloneHasItsOwnAssignmentsAndSharesTheFacts() {
        RebalanceSolution original = Solutions.problem(ClusterFixtures.packedCluster(), config);
        original.setScore(HardSoftScore.of(0, -7));
        RebalanceSolution clone = new RebalanceSolutionCloner().cloneSolution(original);

        assertSame(original.getNodes(), clone.getNodes());
        assertSame(original.getNodeRange(), clone.getNodeRange());
        assertSame(original.getApps(), clone.getApps());
        assertEquals(original.getScore(), clone.getScore());
        assertEquals(original.getAssignments().size(), clone.getAssignments().size());
        ClusterNode elsewhere = original.getNodes().get(original.getNodes().size() - 1);
        for (int i = 0; i < original.getAssignments().size(); i++) {
            PodAssignment a = original.getAssignments().get(i);
            PodAssignment c = clone.getAssignments().get(i);
            assertNotSame(a, c);
            assertEquals(a, c, "the same planning id");
            assertSame(a.getNode(), c.getNode());
            assertSame(a.getOriginalNode(), c.getOriginalNode());
            assertEquals(a.isPinned(), c.isPinned());
            c.setNode(elsewhere);
            assertSame(a.getOriginalNode(), a.getNode(), "moving the clone's pod leaves the original's home");
        }
    }

    /**
     * Timefold's FULL_ASSERT checks each incremental score against a recomputation from scratch
     * (what NO_ASSERT, the production mode, relies on) while it clones every new best with this
     * cloner: a clone sharing state with the working solution would corrupt one of them.
     */
    @Test
    void theSearchUnderFullAssertFindsNoCloningOrScoreCorruption() {
        RebalanceSolution problem = Solutions.problem(ClusterFixtures.packedCluster(), config);
        SolverRunner<RebalanceSolution, HardSoftScore> runner =
                new SolverRunner<>(RebalanceSolverConfig.create().withEnvironmentMode(EnvironmentMode.FULL_ASSERT));
        RunResult<RebalanceSolution, HardSoftScore> result = runner.solve(problem, RunLimits.of(Duration.ofSeconds(3)).withSeed(1));
        assertTrue(result.feasible(), "feasible: " + result.bestScore());
        assertTrue(result.improved(), "improved: " + result.initialScore() + " -> " + result.bestScore());
        assertTrue(result.best().movedCount() > 0 && result.moveEvaluations() > 0, "it searched");
    }
}
