package io.sigmaflow.solver.rebalance.app;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The checked command line of {@code ./sigma rebalance} ({@link RebalanceCli} parses and checks it).
 *
 * @param every    the period of {@link Mode#EVERY}, else null
 * @param seconds  {@code --seconds}, or null for the configuration's
 */
record RebalanceArgs(String bootstrap, Mode mode, Duration every, Duration seconds, Integer maxMoves,
        Integer maxMovesPerApp, String prefix, Path config) {

    enum Mode {
        /** Solve, print the plan and the scores; emit nothing. */
        DRY_RUN,
        /** Solve and emit one plan. */
        ONCE,
        /** Solve and emit a plan every period until stopped. */
        EVERY
    }
}
