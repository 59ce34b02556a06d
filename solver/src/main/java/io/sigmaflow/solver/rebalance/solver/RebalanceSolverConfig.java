package io.sigmaflow.solver.rebalance.solver;

import ai.timefold.solver.core.config.heuristic.selector.move.factory.MoveIteratorFactoryConfig;
import ai.timefold.solver.core.config.localsearch.LocalSearchPhaseConfig;
import ai.timefold.solver.core.config.phase.PhaseConfig;
import ai.timefold.solver.core.config.score.director.ScoreDirectorFactoryConfig;
import ai.timefold.solver.core.config.solver.SolverConfig;
import io.sigmaflow.solver.core.SearchPhases;
import io.sigmaflow.solver.rebalance.domain.PodAssignment;
import io.sigmaflow.solver.rebalance.domain.RebalanceSolution;
import io.sigmaflow.solver.rebalance.score.RebalanceConstraints;

/**
 * The rebalancer's solver configuration for the shared runner: the domain, the constraint streams
 * and a local search over {@link RebalanceMoveFactory}'s moves. Warm-started from the current
 * assignment, so the construction phase is a no-op and the best solution is never worse than
 * staying put.
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
                .withPhases(phases());
    }

    static PhaseConfig<?>[] phases() {
        LocalSearchPhaseConfig search = SearchPhases.entityTabu(
                new MoveIteratorFactoryConfig().withMoveIteratorFactoryClass(RebalanceMoveFactory.class),
                ENTITY_TABU_SIZE, ACCEPTED_COUNT_LIMIT);
        return new PhaseConfig<?>[] {SearchPhases.construction(), search};
    }
}
