package io.sigmaflow.roadef.solver;

import ai.timefold.solver.core.config.localsearch.LocalSearchPhaseConfig;
import ai.timefold.solver.core.config.phase.PhaseConfig;
import ai.timefold.solver.core.config.score.director.ScoreDirectorFactoryConfig;
import ai.timefold.solver.core.config.solver.EnvironmentMode;
import ai.timefold.solver.core.config.solver.SolverConfig;
import io.sigmaflow.solver.core.SearchPhases;
import io.sigmaflow.roadef.domain.MachineReassignment;
import io.sigmaflow.roadef.domain.ProcessAssignment;
import io.sigmaflow.roadef.score.MachineReassignmentConstraints;
import io.sigmaflow.roadef.score.MachineReassignmentIncrementalScore;
import io.sigmaflow.roadef.search.RoadefSearchPhase;
import java.time.Duration;

/**
 * The ROADEF model's solver configuration: domain, score engine and local search. The search is
 * entity tabu (a moved process stays put for 7 steps, best of 2,000 accepted random change or
 * swap moves per step), which descends fastest, then late acceptance (2,000) once tabu stalls,
 * which escapes the local optimum tabu ends in. Measured against late acceptance alone,
 * simulated annealing and ruin-and-recreate on the A set: see docs/decisions.md.
 */
public final class RoadefSolverConfig {
    static final int ENTITY_TABU_SIZE = 7;
    static final int ACCEPTED_COUNT_LIMIT = 2_000;
    static final Duration TABU_STALL = Duration.ofSeconds(10);
    static final int LATE_ACCEPTANCE_SIZE = 2_000;

    /** How the score is computed; both give the same score (tested), at different speeds. */
    public enum ScoreEngine {
        /** {@link MachineReassignmentConstraints}: the readable specification, one method per constraint. */
        CONSTRAINT_STREAMS,
        /** {@link MachineReassignmentIncrementalScore}: the same score kept by hand in arrays, about 6x faster. */
        INCREMENTAL
    }

    private RoadefSolverConfig() {}

    /** The array-level search with its default settings, seed 0, cooling over {@code timeLimit}. */
    public static SolverConfig create(Duration timeLimit) {
        return create(new RoadefSearchPhase(RoadefSearchPhase.Settings.defaults(0, timeLimit)));
    }

    /**
     * Incremental score; the array-level {@code search} as a custom phase for the whole time
     * limit; Timefold's own local search after it only if it returned early (an infeasible start,
     * which it does not handle).
     */
    public static SolverConfig create(RoadefSearchPhase search) {
        PhaseConfig<?>[] timefold = phases();
        // A search that ends after a given number of candidates is the whole run: Timefold's phases
        // after it would spend the rest of the time limit and make the result the clock's.
        PhaseConfig<?>[] phases = new PhaseConfig<?>[search.endsByCandidates() ? 1 : timefold.length];
        // No construction phase: the warm start is complete. Each phase boundary costs Timefold a
        // pass over every entity's value range (O(processes x machines): seconds at 5,000 machines).
        phases[0] = search.phaseConfig();
        System.arraycopy(timefold, 1, phases, 1, phases.length - 1);
        // NO_ASSERT: the default PHASE_ASSERT recomputes the score from scratch at each phase end,
        // tens of seconds at 50,000 processes; the result is checked by CostChecker anyway.
        return base(ScoreEngine.INCREMENTAL).withPhases(phases).withEnvironmentMode(EnvironmentMode.NO_ASSERT);
    }

    /** Timefold's local search only (entity tabu, then late acceptance) with {@code engine}. */
    public static SolverConfig create(ScoreEngine engine) {
        return base(engine).withPhases(phases());
    }

    private static SolverConfig base(ScoreEngine engine) {
        return new SolverConfig()
                .withSolutionClass(MachineReassignment.class)
                .withEntityClasses(ProcessAssignment.class)
                .withScoreDirectorFactory(scoreDirector(engine));
    }

    /**
     * Construction (no-op on a complete warm start); entity tabu until the best score has not
     * improved for {@link #TABU_STALL}; then late acceptance for the rest of the run.
     */
    static PhaseConfig<?>[] phases() {
        LocalSearchPhaseConfig tabu = SearchPhases.untilStalled(
                SearchPhases.entityTabu(SearchPhases.changeAndSwap(), ENTITY_TABU_SIZE, ACCEPTED_COUNT_LIMIT), TABU_STALL);
        LocalSearchPhaseConfig lateAcceptance =
                SearchPhases.lateAcceptance(SearchPhases.changeAndSwap(), LATE_ACCEPTANCE_SIZE, 1);
        return new PhaseConfig<?>[] {SearchPhases.construction(), tabu, lateAcceptance};
    }

    public static ScoreDirectorFactoryConfig scoreDirector(ScoreEngine engine) {
        return switch (engine) {
            case CONSTRAINT_STREAMS -> new ScoreDirectorFactoryConfig()
                    .withConstraintProviderClass(MachineReassignmentConstraints.class);
            case INCREMENTAL -> new ScoreDirectorFactoryConfig()
                    .withIncrementalScoreCalculatorClass(MachineReassignmentIncrementalScore.class);
        };
    }
}
