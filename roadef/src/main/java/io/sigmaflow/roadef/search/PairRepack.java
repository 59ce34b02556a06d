package io.sigmaflow.roadef.search;

import io.sigmaflow.roadef.score.MoveDelta;
import io.sigmaflow.roadef.score.RoadefState;

/**
 * Large neighbourhood move solved exactly: every process of two machines is taken off and the
 * best split of them between the two machines is found by depth-first branch and bound (each
 * process on one machine or the other, biggest first, the machine it was on first, so the first
 * complete split is the start; {@link ExactRepack}). Shifts and swaps between the pair are
 * special cases; the exact split also finds the three-for-two exchanges that tight
 * multi-resource packing needs and single moves reach only through worse states (Mehta et al.
 * and Jaśkowski et al. solve such few-machine subproblems with CP or MIP; here they are small
 * enough to enumerate). Within {@link #NODE_LIMIT} insertions; with balance objectives nothing is
 * pruned and the limit alone bounds the work.
 */
final class PairRepack extends ExactRepack {
    /** Insertions tried per repack at most: bounds the work on a pair holding many processes. */
    static final int NODE_LIMIT = 20_000;
    /** Pairs holding more processes are left alone: 2^k splits, too many to get near the best. */
    static final int MAX_PROCESSES = 30;

    PairRepack(RoadefState state) {
        this(state, NODE_LIMIT, true);
    }

    PairRepack(RoadefState state, long nodeLimit, boolean bounded) {
        super(state, 2, MAX_PROCESSES, nodeLimit, bounded);
    }

    /**
     * Re-splits the processes of machines {@code a} and {@code b} as well as it can find, and
     * returns the cost change (below zero), or {@link MoveDelta#REJECTED} with the state as
     * before when nothing better was found or the pair holds too many processes.
     */
    long apply(int a, int b) {
        if (a == b || state.processCountOn(a) + state.processCountOn(b) > MAX_PROCESSES) {
            return MoveDelta.REJECTED;
        }
        return repack(a, b);
    }

    @Override
    boolean search() {
        return search(0, 0, 0);
    }

    /** Places processes {@code i..} on either machine, the one it was on first. */
    @Override
    boolean search(int i, long cost, int unused) {
        if (i == count) {
            return complete(cost);
        }
        boolean found = false;
        for (int t = 0; t < 2 && withinNodeLimit(); t++) {
            found |= place(i, t == 0 ? startOn[i] : 1 - startOn[i], cost, 0);
        }
        return found;
    }
}
