package io.sigmaflow.roadef.score;

import java.util.Arrays;

/**
 * Counts processes per (service, x) pair, x a machine, location or neighborhood. Dense array when
 * the pairs fit in a few MB (every A instance); otherwise an open-addressing table of primitive
 * keys (the large B and X instances: 50,000 processes on 5,000 machines give few non-zero pairs
 * out of tens of millions). The table never boxes or allocates per call: a boxed map here cost
 * a third of the search's time at 5,000 machines (JFR, docs/decisions.md). Zero counts stay as
 * entries (a pair once used tends to be used again) until a rehash drops them.
 */
final class PairCounter {
    private static final long DENSE_LIMIT = 1 << 22;
    private static final long EMPTY = -1;

    private final int width;
    private final int[] dense;
    private long[] keys;
    private int[] counts;
    private int used;

    /** True when the pairs of {@code services} x {@code width} fit the dense array. */
    static boolean fitsDense(int services, int width) {
        return (long) services * width <= DENSE_LIMIT;
    }

    PairCounter(int services, int width) {
        this(services, width, DENSE_LIMIT);
    }

    /** With an explicit dense limit (tests exercise the table on small instances). */
    PairCounter(int services, int width, long denseLimit) {
        this.width = width;
        if ((long) services * width <= denseLimit) {
            this.dense = new int[services * width];
        } else {
            this.dense = null;
            this.keys = new long[1 << 10];
            Arrays.fill(keys, EMPTY);
            this.counts = new int[keys.length];
        }
    }

    int get(int service, int x) {
        if (dense != null) {
            return dense[service * width + x];
        }
        int slot = find((long) service * width + x);
        return keys[slot] == EMPTY ? 0 : counts[slot];
    }

    /** Adds one and returns the new count. */
    int increment(int service, int x) {
        if (dense != null) {
            return ++dense[service * width + x];
        }
        long key = (long) service * width + x;
        int slot = find(key);
        if (keys[slot] == EMPTY) {
            if (2 * (used + 1) > keys.length) {
                rehash();
                slot = find(key);
            }
            keys[slot] = key;
            used++;
        }
        return ++counts[slot];
    }

    /** Removes one and returns the new count. */
    int decrement(int service, int x) {
        if (dense != null) {
            return --dense[service * width + x];
        }
        int slot = find((long) service * width + x);
        if (keys[slot] == EMPTY || counts[slot] == 0) {
            throw new IllegalStateException("count of (" + service + ", " + x + ") is already 0");
        }
        return --counts[slot];
    }

    /** The slot holding {@code key}, or the empty slot where it would go (linear probing). */
    private int find(long key) {
        int mask = keys.length - 1;
        int slot = (int) (mix(key) & mask);
        while (keys[slot] != EMPTY && keys[slot] != key) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private static long mix(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 29);
    }

    /** Doubles the table when live pairs fill a quarter of it, else rebuilds it at its size without the zeros. */
    private void rehash() {
        long[] oldKeys = keys;
        int[] oldCounts = counts;
        int live = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY && oldCounts[i] > 0) {
                live++;
            }
        }
        int size = 4 * (live + 1) > oldKeys.length ? oldKeys.length * 2 : oldKeys.length;
        keys = new long[size];
        Arrays.fill(keys, EMPTY);
        counts = new int[size];
        used = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY && oldCounts[i] > 0) {
                int slot = find(oldKeys[i]);
                keys[slot] = oldKeys[i];
                counts[slot] = oldCounts[i];
                used++;
            }
        }
    }
}
