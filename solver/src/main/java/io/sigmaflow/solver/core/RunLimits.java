package io.sigmaflow.solver.core;

import java.time.Duration;
import java.util.Objects;

/**
 * How long one solver run may take and how it is seeded.
 *
 * @param timeLimit        wall-clock budget; the run returns its best solution when it is spent
 * @param seed             random seed, for reproducible runs; null lets Timefold pick its default seed
 * @param unimprovedLimit  stop earlier when the best score has not improved for this long; null for never
 */
public record RunLimits(Duration timeLimit, Long seed, Duration unimprovedLimit) {
    public RunLimits {
        Objects.requireNonNull(timeLimit, "timeLimit");
        if (timeLimit.isNegative() || timeLimit.isZero()) {
            throw new IllegalArgumentException("timeLimit must be positive, got " + timeLimit);
        }
        if (unimprovedLimit != null && (unimprovedLimit.isNegative() || unimprovedLimit.isZero())) {
            throw new IllegalArgumentException("unimprovedLimit must be positive, got " + unimprovedLimit);
        }
    }

    public static RunLimits of(Duration timeLimit) {
        return new RunLimits(timeLimit, null, null);
    }

    public RunLimits withSeed(long seed) {
        return new RunLimits(timeLimit, seed, unimprovedLimit);
    }

    public RunLimits withUnimprovedLimit(Duration limit) {
        return new RunLimits(timeLimit, seed, limit);
    }
}
