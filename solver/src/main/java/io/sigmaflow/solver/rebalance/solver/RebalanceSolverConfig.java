package io.sigmaflow.solver.rebalance.solver;

import ai.timefold.solver.core.config.heuristic.selector.move.factory.MoveIteratorFactoryConfig;
import ai.timefold.solver.core.config.localsearch.LocalSearchPhaseConfig;
import ai.timefold.solver.core.config.phase.PhaseConfig;
import ai.timefold.solver.core.config.score.director.ScoreDirectorFactoryConfig;
import ai.timefold.solver.core.config.solver.EnvironmentMode;
import ai.timefold.solver.core.config.solver.SolverConfig;
import io.sigmaflow.solver.core.SearchPhases;
import io.sigmaflow.solver.rebalance.domain.PodAssignment;
import io.sigmaflow.solver.rebalance.domain.RebalanceSolution;
import io.sigmaflow.solver.rebalance.score.RebalanceConstraints;

/**
 * The rebalancer's solver configuration for the shared runner: the domain, the constraint streams
 * and a local search over {@link RebalanceMoveFactory}'s moves. Warm-started from the current
 * assignment (every pod has its node), so there is no construction phase and the best solution is
 * never worse than staying put.
 *
 * <p>{@code NO_ASSERT}: the default {@code PHASE_ASSERT} recomputes the score from scratch at each
 * phase end, a pass over every pod (159,000 at 10,000 nodes) that is not search. The runner scores
 * the best solution from scratch after the search, and every plan is checked by replaying it
 * ({@code PlanChecker}) before it is emitted.
 *
 * <p>Search: entity tabu (a pod just moved stays put for 7 steps), the best of 1,000 accepted
 * moves per step. On the generated 1,000-node cluster (20 s, budgets 50/5 and 500/50) it ended
 * ahead of late acceptance 400 (4 or 1 accepted per step), late acceptance 2,000 and tabu with 200
 * per step, by 0.01 to 2 % of the soft score (docs/decisions.md).
 */
public final class RebalanceSolverConfig {
    static final int ENTITY_TABU_SIZE = 7;
    static final int ACCEPTED_COUNT_LIMIT = 1_000;

    private RebalanceSolverConfig() {}

    public static SolverConfig create() {
        return new SolverConfig()
                .withSolutionClass(RebalanceSolution.class)
                .withEntityClasses(PodAssignment.class)
                .withScoreDirectorFactory(new ScoreDirectorFactoryConfig()
                        .withConstraintProviderClass(RebalanceConstraints.class))
                .withPhases(phases())
                .withEnvironmentMode(EnvironmentMode.NO_ASSERT);
    }

    static PhaseConfig<?>[] phases() {
        LocalSearchPhaseConfig search = SearchPhases.entityTabu(
                new MoveIteratorFactoryConfig().withMoveIteratorFactoryClass(RebalanceMoveFactory.class),
                ENTITY_TABU_SIZE, ACCEPTED_COUNT_LIMIT);
        return new PhaseConfig<?>[] {search};
    }
}
