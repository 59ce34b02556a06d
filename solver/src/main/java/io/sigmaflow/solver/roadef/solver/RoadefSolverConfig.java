package io.sigmaflow.solver.roadef.solver;

import ai.timefold.solver.core.config.score.director.ScoreDirectorFactoryConfig;
import ai.timefold.solver.core.config.solver.SolverConfig;
import io.sigmaflow.solver.core.SearchPhases;
import io.sigmaflow.solver.roadef.domain.MachineReassignment;
import io.sigmaflow.solver.roadef.domain.ProcessAssignment;
import io.sigmaflow.solver.roadef.score.MachineReassignmentConstraints;
import io.sigmaflow.solver.roadef.score.MachineReassignmentIncrementalScore;

/**
 * The ROADEF model's solver configuration: domain, score engine and local search. The search is
 * entity tabu (a moved process stays put for 7 steps) taking the best of 2,000 accepted random
 * change or swap moves per step: measured against late acceptance (sizes 50 to 2,000),
 * simulated annealing and ruin-and-recreate on the A set, see docs/decisions.md.
 */
public final class RoadefSolverConfig {
    static final int ENTITY_TABU_SIZE = 7;
    static final int ACCEPTED_COUNT_LIMIT = 2_000;

    /** How the score is computed; both give the same score (tested), at different speeds. */
    public enum ScoreEngine {
        /** {@link MachineReassignmentConstraints}: the readable specification, one method per constraint. */
        CONSTRAINT_STREAMS,
        /** {@link MachineReassignmentIncrementalScore}: the same score kept by hand in arrays, about 6x faster. */
        INCREMENTAL
    }

    private RoadefSolverConfig() {}

    public static SolverConfig create() {
        return create(ScoreEngine.INCREMENTAL);
    }

    public static SolverConfig create(ScoreEngine engine) {
        return new SolverConfig()
                .withSolutionClass(MachineReassignment.class)
                .withEntityClasses(ProcessAssignment.class)
                .withScoreDirectorFactory(scoreDirector(engine))
                .withPhases(SearchPhases.construction(),
                        SearchPhases.entityTabu(SearchPhases.changeAndSwap(), ENTITY_TABU_SIZE, ACCEPTED_COUNT_LIMIT));
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
