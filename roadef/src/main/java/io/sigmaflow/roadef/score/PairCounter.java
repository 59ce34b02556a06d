package io.sigmaflow.roadef.score;

import java.util.HashMap;
import java.util.Map;

/**
 * Counts processes per (service, x) pair, x a machine, location or neighborhood. Dense array when
 * the pairs fit in a few MB (every A instance), a map otherwise (the large B and X instances).
 */
final class PairCounter {
    private static final long DENSE_LIMIT = 1 << 22;

    private final int width;
    private final int[] dense;
    private final Map<Long, Integer> sparse;

    PairCounter(int services, int width) {
        this.width = width;
        if ((long) services * width <= DENSE_LIMIT) {
            this.dense = new int[services * width];
            this.sparse = null;
        } else {
            this.dense = null;
            this.sparse = new HashMap<>();
        }
    }

    int get(int service, int x) {
        if (dense != null) {
            return dense[service * width + x];
        }
        return sparse.getOrDefault((long) service * width + x, 0);
    }

    /** Adds one and returns the new count. */
    int increment(int service, int x) {
        if (dense != null) {
            return ++dense[service * width + x];
        }
        return sparse.merge((long) service * width + x, 1, Integer::sum);
    }

    /** Removes one and returns the new count. */
    int decrement(int service, int x) {
        if (dense != null) {
            return --dense[service * width + x];
        }
        Integer left = sparse.computeIfPresent((long) service * width + x, (k, v) -> v == 1 ? null : v - 1);
        return left == null ? 0 : left;
    }
}
