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
 */
public final class RebalanceSolverConfig {
    static final int LATE_ACCEPTANCE_SIZE = 400;
    static final int ACCEPTED_COUNT_LIMIT = 4;

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
        LocalSearchPhaseConfig search = SearchPhases.lateAcceptance(
                new MoveIteratorFactoryConfig().withMoveIteratorFactoryClass(RebalanceMoveFactory.class),
                LATE_ACCEPTANCE_SIZE, ACCEPTED_COUNT_LIMIT);
        return new PhaseConfig<?>[] {SearchPhases.construction(), search};
    }
}
