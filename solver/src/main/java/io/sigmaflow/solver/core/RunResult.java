package io.sigmaflow.solver.core;

import ai.timefold.solver.core.api.score.Score;
import java.time.Duration;

/**
 * What a run produced.
 *
 * @param best             the best solution found; never worse than the warm start
 * @param initialScore     score of the warm start
 * @param bestScore        score of {@code best}
 * @param spent            wall-clock time of the run
 * @param moveEvaluations  moves evaluated (the speed figure Timefold reports)
 */
public record RunResult<S, Score_ extends Score<Score_>>(
        S best, Score_ initialScore, Score_ bestScore, Duration spent, long moveEvaluations) {

    public boolean feasible() {
        return bestScore.isFeasible();
    }

    public boolean improved() {
        return bestScore.compareTo(initialScore) > 0;
    }

    /** Moves evaluated per second. */
    public long moveEvaluationSpeed() {
        long millis = Math.max(1, spent.toMillis());
        return moveEvaluations * 1000 / millis;
    }
}
