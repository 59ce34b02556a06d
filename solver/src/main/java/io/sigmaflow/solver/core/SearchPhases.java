package io.sigmaflow.solver.core;

import ai.timefold.solver.core.config.constructionheuristic.ConstructionHeuristicPhaseConfig;
import ai.timefold.solver.core.config.heuristic.selector.move.MoveSelectorConfig;
import ai.timefold.solver.core.config.heuristic.selector.move.composite.UnionMoveSelectorConfig;
import ai.timefold.solver.core.config.heuristic.selector.move.generic.ChangeMoveSelectorConfig;
import ai.timefold.solver.core.config.heuristic.selector.move.generic.SwapMoveSelectorConfig;
import ai.timefold.solver.core.config.localsearch.LocalSearchPhaseConfig;
import ai.timefold.solver.core.config.localsearch.decider.acceptor.LocalSearchAcceptorConfig;
import ai.timefold.solver.core.config.localsearch.decider.forager.LocalSearchForagerConfig;
import ai.timefold.solver.core.config.solver.termination.TerminationConfig;
import java.time.Duration;
import java.util.List;

/**
 * Phase recipes shared by the models: assignment problems (one planning variable per entity:
 * which machine) all use change and swap moves and differ in acceptor tuning.
 */
public final class SearchPhases {
    private SearchPhases() {}

    /** Assigns entities still without a value (new pods); a no-op on a complete warm start. */
    public static ConstructionHeuristicPhaseConfig construction() {
        return new ConstructionHeuristicPhaseConfig();
    }

    /** Change one entity's value, or swap the values of two entities, chosen at random. */
    public static MoveSelectorConfig changeAndSwap() {
        return new UnionMoveSelectorConfig(List.<MoveSelectorConfig>of(
                new ChangeMoveSelectorConfig(), new SwapMoveSelectorConfig()));
    }

    /**
     * Late acceptance: accept a move when it is no worse than the score {@code size} steps ago;
     * takes the first of {@code acceptedCountLimit} accepted moves' best per step.
     */
    public static LocalSearchPhaseConfig lateAcceptance(MoveSelectorConfig moves, int size, int acceptedCountLimit) {
        return new LocalSearchPhaseConfig()
                .withMoveSelectorConfig(moves)
                .withAcceptorConfig(new LocalSearchAcceptorConfig().withLateAcceptanceSize(size))
                .withForagerConfig(new LocalSearchForagerConfig().withAcceptedCountLimit(acceptedCountLimit));
    }

    /**
     * Ends {@code phase} once its best score has not improved for {@code stall}, so that the next
     * phase takes over (e.g. a greedy descent, then a more exploring acceptor).
     */
    public static LocalSearchPhaseConfig untilStalled(LocalSearchPhaseConfig phase, Duration stall) {
        phase.setTerminationConfig(new TerminationConfig().withUnimprovedSpentLimit(stall));
        return phase;
    }

    /** Entity tabu: an entity just moved stays put for {@code entityTabuSize} steps. */
    public static LocalSearchPhaseConfig entityTabu(MoveSelectorConfig moves, int entityTabuSize, int acceptedCountLimit) {
        return new LocalSearchPhaseConfig()
                .withMoveSelectorConfig(moves)
                .withAcceptorConfig(new LocalSearchAcceptorConfig().withEntityTabuSize(entityTabuSize))
                .withForagerConfig(new LocalSearchForagerConfig().withAcceptedCountLimit(acceptedCountLimit));
    }
}
