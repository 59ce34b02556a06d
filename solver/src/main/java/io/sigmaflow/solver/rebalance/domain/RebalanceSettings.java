package io.sigmaflow.solver.rebalance.domain;

/**
 * The run's hard limits, one fact of the solution.
 *
 * @param maxMoves         pods that may change node in one run (migrations of one plan)
 * @param maxMovesPerApp   pods of one app that may change node in one run
 * @param maxWaves         waves of one plan; a wave moves at most an app's max-unavailable pods of it
 */
public record RebalanceSettings(int maxMoves, int maxMovesPerApp, int maxWaves) {
    public RebalanceSettings {
        if (maxMoves < 0 || maxMovesPerApp < 0 || maxWaves < 1) {
            throw new IllegalArgumentException("limits must be non-negative (waves at least 1): maxMoves=" + maxMoves
                    + " maxMovesPerApp=" + maxMovesPerApp + " maxWaves=" + maxWaves);
        }
    }

    /** Pods of an app with {@code maxUnavailable} that the plan's waves can move. */
    public long movableWithin(int maxUnavailable) {
        return (long) maxUnavailable * maxWaves;
    }
}
