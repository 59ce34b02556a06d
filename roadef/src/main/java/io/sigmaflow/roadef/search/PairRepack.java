package io.sigmaflow.roadef.search;

import io.sigmaflow.roadef.score.MoveDelta;
import io.sigmaflow.roadef.score.RoadefState;

/**
 * Large neighbourhood move solved exactly: every process of two machines is taken off and the
 * best split of them between the two machines is found by depth-first branch and bound (each
 * process on one machine or the other, biggest first, each insertion's exact cost change from
 * {@link MoveDelta#insert}, which also rejects capacity, transient and conflict breaks; spread
 * and dependency checked on complete splits). Shifts and swaps between the pair are special
 * cases; the exact split also finds the three-for-two exchanges that tight multi-resource packing
 * needs and single moves reach only through worse states (Mehta et al. and Jaśkowski et al. solve
 * such few-machine subproblems with CP or MIP; here they are small enough to enumerate).
 *
 * <p>The first split tried is the current one, so the result is never worse than the start; the
 * search stops after {@link #NODE_LIMIT} insertions. Without balance objectives every insertion
 * costs at least zero, so a partial split already as costly as the best complete one is pruned;
 * with them (placing a process can lower a balance cost) nothing is pruned and the node limit
 * alone bounds the work.
 */
final class PairRepack {
    /** Insertions tried per repack at most: bounds the work on a pair holding many processes. */
    static final int NODE_LIMIT = 20_000;
    /** Pairs holding more processes are left alone: 2^k splits, too many to get near the best. */
    static final int MAX_PROCESSES = 30;

    private final RoadefState state;
    private final MoveDelta delta;
    private final double[] size;
    private final boolean prune;
    private final int[] processes = new int[MAX_PROCESSES];
    private final int[] startOn = new int[MAX_PROCESSES];
    private final int[] on = new int[MAX_PROCESSES];
    private final int[] bestOn = new int[MAX_PROCESSES];
    private int count;
    private int first;
    private int second;
    private long nodes;
    private long bestCost;

    PairRepack(RoadefState state, MoveDelta delta) {
        this.state = state;
        this.delta = delta;
        this.size = state.processSizes();
        this.prune = !state.hasBalanceCost();
    }

    /**
     * Re-splits the processes of machines {@code a} and {@code b} as well as it can find, and
     * returns the cost change (at most zero), or {@link MoveDelta#REJECTED} with the state as
     * before when nothing better was found or the pair holds too many processes.
     */
    long apply(int a, int b) {
        if (a == b || state.processCountOn(a) + state.processCountOn(b) > MAX_PROCESSES) {
            return MoveDelta.REJECTED;
        }
        first = a;
        second = b;
        count = 0;
        for (int m : new int[] {a, b}) {
            for (int i = 0; i < state.processCountOn(m); i++) {
                processes[count] = state.processOn(m, i);
                startOn[count] = m;
                count++;
            }
        }
        sortBySizeDescending();
        long before = state.softPenalty();
        for (int i = 0; i < count; i++) {
            state.unassign(processes[i]);
        }
        long base = state.softPenalty();
        nodes = 0;
        // Only a split strictly better than the start is taken: its cost is the bar to beat.
        bestCost = before - base;
        boolean found = search(0, 0);
        for (int i = 0; i < count; i++) {
            state.assign(processes[i], found ? bestOn[i] : startOn[i]);
        }
        long change = state.softPenalty() - before;
        return found && change < 0 ? change : MoveDelta.REJECTED;
    }

    /** Places processes {@code i..} on either machine; true if a complete split better than the best so far was found. */
    private boolean search(int i, long cost) {
        if (i == count) {
            if (state.hardPenalty() == 0 && cost < bestCost) {
                bestCost = cost;
                System.arraycopy(on, 0, bestOn, 0, count);
                return true;
            }
            return false;
        }
        boolean found = false;
        int p = processes[i];
        for (int t = 0; t < 2 && nodes < NODE_LIMIT; t++) {
            // Where it was first: the first complete split is the start.
            int m = (t == 0) == (startOn[i] == first) ? first : second;
            nodes++;
            long change = delta.insert(p, m);
            if (change == MoveDelta.REJECTED || (prune && cost + change >= bestCost)) {
                continue;
            }
            state.assign(p, m);
            on[i] = m;
            found |= search(i + 1, cost + change);
            state.unassign(p);
        }
        return found;
    }

    /** Insertion sort, biggest first: a big process has the fewest places, so it branches first. */
    private void sortBySizeDescending() {
        for (int i = 1; i < count; i++) {
            int p = processes[i];
            int from = startOn[i];
            int j = i - 1;
            while (j >= 0 && size[processes[j]] < size[p]) {
                processes[j + 1] = processes[j];
                startOn[j + 1] = startOn[j];
                j--;
            }
            processes[j + 1] = p;
            startOn[j + 1] = from;
        }
    }
}
