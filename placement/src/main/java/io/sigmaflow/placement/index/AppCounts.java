package io.sigmaflow.placement.index;

import io.sigmaflow.placement.framework.AppSpread;
import java.util.Arrays;

/**
 * Pods of one app per domain id: an open-addressing int -> int table (linear probing, no boxing),
 * because the placer reads it for every domain it considers. Holds at most one entry per domain
 * the app ever touched; it is only ever looked up, never iterated, so its order cannot leak into
 * decisions.
 */
final class AppCounts implements AppSpread {
    private static final int EMPTY = -1;

    private int[] keys;
    private int[] values;
    private int used;
    private int total;

    AppCounts() {
        keys = new int[64];
        values = new int[64];
        Arrays.fill(keys, EMPTY);
    }

    @Override
    public int podsIn(int domainId) {
        if (domainId < 0) {
            return 0;
        }
        int mask = keys.length - 1;
        for (int i = mix(domainId) & mask; ; i = (i + 1) & mask) {
            int k = keys[i];
            if (k == domainId) {
                return values[i];
            }
            if (k == EMPTY) {
                return 0;
            }
        }
    }

    @Override
    public int totalPods() {
        return total;
    }

    /** Adds {@code delta} pods to every domain in {@code domainIds}. */
    void add(int[] domainIds, int delta) {
        for (int id : domainIds) {
            add(id, delta);
        }
        total += delta;
    }

    private void add(int domainId, int delta) {
        int mask = keys.length - 1;
        for (int i = mix(domainId) & mask; ; i = (i + 1) & mask) {
            int k = keys[i];
            if (k == domainId) {
                values[i] += delta;
                if (values[i] < 0) {
                    throw new IllegalStateException("negative pod count for domain " + domainId);
                }
                return;
            }
            if (k == EMPTY) {
                if (delta < 0) {
                    throw new IllegalStateException("negative pod count for domain " + domainId);
                }
                keys[i] = domainId;
                values[i] = delta;
                if (++used * 2 > keys.length) {
                    grow();
                }
                return;
            }
        }
    }

    private void grow() {
        int[] oldKeys = keys;
        int[] oldValues = values;
        keys = new int[oldKeys.length * 2];
        values = new int[oldKeys.length * 2];
        Arrays.fill(keys, EMPTY);
        int mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] != EMPTY) {
                int i = mix(oldKeys[j]) & mask;
                while (keys[i] != EMPTY) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                values[i] = oldValues[j];
            }
        }
    }

    private static int mix(int x) {
        int h = x * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
