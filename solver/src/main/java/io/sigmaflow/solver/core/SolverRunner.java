package io.sigmaflow.solver.core;

import ai.timefold.solver.core.api.score.Score;
import ai.timefold.solver.core.api.solver.SolutionManager;
import ai.timefold.solver.core.api.solver.SolutionUpdatePolicy;
import ai.timefold.solver.core.api.solver.Solver;
import ai.timefold.solver.core.api.solver.SolverConfigOverride;
import ai.timefold.solver.core.api.solver.SolverFactory;
import ai.timefold.solver.core.config.solver.SolverConfig;
import ai.timefold.solver.core.config.solver.termination.TerminationConfig;
import ai.timefold.solver.core.impl.solver.DefaultSolver;
import java.time.Duration;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * Runs one model's solver with a time limit and a seed, warm-started from a complete current
 * assignment, and returns the best solution with its scores. Model-agnostic: a model hands in
 * its {@link SolverConfig} (solution and entity classes, constraint provider, phases, e.g. from
 * {@link SearchPhases}); the runner only sets termination and seed.
 *
 * <p>Always leaves a valid best solution: the warm start is complete, so Timefold's best solution
 * starts as the warm start and only ever improves; a run cut short by the time limit or by
 * {@link #terminateEarly()} from another thread returns the best found so far.
 */
public final class SolverRunner<S, Score_ extends Score<Score_>> {
    private final SolverConfig modelConfig;
    private final SolutionManager<S, Score_> solutionManager;
    private volatile Solver<S> running;
    private volatile boolean terminateRequested;

    public SolverRunner(SolverConfig modelConfig) {
        this.modelConfig = Objects.requireNonNull(modelConfig, "modelConfig").copyConfig();
        this.solutionManager = SolutionManager.create(SolverFactory.create(this.modelConfig));
    }

    /** Computes and sets the score of {@code solution} without solving. */
    public Score_ score(S solution) {
        return solutionManager.update(solution, SolutionUpdatePolicy.UPDATE_SCORE_ONLY);
    }

    /** Solves from {@code warmStart} (modified in place by scoring; the best solution is a clone). */
    public RunResult<S, Score_> solve(S warmStart, RunLimits limits) {
        return solve(warmStart, limits, (score, spent) -> {});
    }

    /**
     * Solves from {@code warmStart}, reporting each new best score and the time it took to
     * {@code onNewBest} (called on the solver thread: keep it short).
     */
    @SuppressWarnings("unchecked")
    public RunResult<S, Score_> solve(S warmStart, RunLimits limits, BiConsumer<Score_, Duration> onNewBest) {
        TerminationConfig termination = new TerminationConfig().withSpentLimit(limits.timeLimit());
        if (limits.unimprovedLimit() != null) {
            termination.setUnimprovedSpentLimit(limits.unimprovedLimit());
        }
        SolverConfig config = modelConfig.copyConfig().withTerminationConfig(termination);
        if (limits.seed() != null) {
            config.setRandomSeed(limits.seed());
        }
        Solver<S> solver = SolverFactory.<S>create(config).buildSolver(new SolverConfigOverride());
        solver.addEventListener(event -> onNewBest.accept((Score_) event.getNewBestScore(),
                Duration.ofMillis(event.getTimeMillisSpent())));
        long start = System.nanoTime();
        S best;
        running = solver;
        try {
            best = terminateRequested ? warmStart : solver.solve(warmStart);
        } finally {
            running = null;
            // A request is consumed by the run it stopped (or by the run it prevented).
            terminateRequested = false;
        }
        Duration spent = Duration.ofNanos(System.nanoTime() - start);
        // Move counts are only exposed on the implementation class; zero if that ever changes.
        long moves = solver instanceof DefaultSolver<?> d ? d.getMoveEvaluationCount() : 0;
        // The start's score as Timefold computed it from scratch when it took the solution: scoring
        // it here as well was one more pass over every entity (seconds at 159,000 pods).
        Score_ initialScore = solver instanceof DefaultSolver<?> d ? (Score_) d.getSolverScope().getStartingInitializedScore() : null;
        if (initialScore == null) {
            initialScore = score(warmStart);
        }
        // From scratch, not the search's incremental score: the best solution's score is checked.
        Score_ bestScore = score(best);
        return new RunResult<>(best, initialScore, bestScore, spent, moves);
    }

    /**
     * Asks the current run (or the next one, if none is running yet) to stop and return its best
     * solution; the next run after that starts afresh. Safe from any thread.
     */
    public void terminateEarly() {
        terminateRequested = true;
        Solver<S> solver = running;
        // Timefold clears a termination request when solve() starts: wait until it has started.
        while (solver != null && running == solver) {
            if (solver.isSolving()) {
                solver.terminateEarly();
                return;
            }
            Thread.onSpinWait();
        }
    }
}
