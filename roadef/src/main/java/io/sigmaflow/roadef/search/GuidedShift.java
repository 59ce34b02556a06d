package io.sigmaflow.roadef.search;

import io.sigmaflow.roadef.score.MoveDelta;
import io.sigmaflow.roadef.score.RoadefState;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A shift aimed where a large instance's cost is: the process comes from a machine drawn with a
 * probability proportional to its load and balance cost, and its target from the machines with
 * room below their safety capacity in the resource the move relieves most (the resource where the
 * source is over its safety capacity and the process uses the most, by load weight); of
 * {@link #TARGETS} such targets, the cheapest feasible shift by {@link MoveDelta#shift} is the
 * candidate (where a shift does not fit, an exchange with a random process of the target). On 5,000 machines at the end of a run nearly every machine costs something, but the
 * cost is uneven (a2_3 x 50: half of it one transient resource) and a uniformly drawn target is
 * as likely full as not in that resource.
 *
 * <p>The cost weights and the room lists are a snapshot, {@link #refresh}ed by the caller every
 * few thousand candidates: between two refreshes a drawn machine may have become cheaper or a
 * target fuller, which only makes a candidate worse, never wrong (the delta is exact).
 * Deterministic: every draw comes from the caller's random.
 */
final class GuidedShift {
    /** Targets tried per candidate (one delta each): the best of a short list, as a steepest shift. */
    static final int TARGETS = 4;
    /**
     * Where the shift to a target is rejected (full in another resource, a conflict, over the
     * threshold), the process is tried in exchange for a random process of that target instead.
     */
    static final boolean SWAPS = true;

    private final RoadefState state;
    private final MoveDelta delta;
    private final SplittableRandom random;
    private final int resources;
    /** The machines drawn from, as sources and targets: all, or a {@link PartitionedSearch} part. */
    private int[] machines;
    /** Running sum of {@link RoadefState#machineCost} over {@link #machines}, at the last refresh. */
    private long[] cumulative;
    /** Per resource: the machines below their safety capacity in it, at the last refresh. */
    private final int[][] roomy;
    private final int[] roomyCount;
    private int process = -1;
    private int target = -1;
    private int partner = -1;

    GuidedShift(RoadefState state, MoveDelta delta, SplittableRandom random) {
        this.state = state;
        this.delta = delta;
        this.random = random;
        this.resources = state.resourceCount();
        this.roomy = new int[resources][];
        this.roomyCount = new int[resources];
        restrictTo(null);
    }

    /** Draws sources and targets from {@code pool} only (null: every machine), and refreshes. */
    void restrictTo(int[] pool) {
        if (pool == null) {
            pool = new int[state.machineCount()];
            for (int m = 0; m < pool.length; m++) {
                pool[m] = m;
            }
        }
        machines = pool;
        cumulative = new long[pool.length];
        for (int r = 0; r < resources; r++) {
            roomy[r] = new int[pool.length];
        }
        refresh();
    }

    /** Takes a new snapshot of the machines' costs and rooms: O(machines x resources). */
    void refresh() {
        long total = 0;
        Arrays.fill(roomyCount, 0);
        for (int i = 0; i < machines.length; i++) {
            int m = machines[i];
            total += state.machineCost(m);
            cumulative[i] = total;
            for (int r = 0; r < resources; r++) {
                if (state.loadExcess(m, r) < 0) {
                    roomy[r][roomyCount[r]++] = m;
                }
            }
        }
    }

    /**
     * The cost change of the best of {@link #TARGETS} guided shifts of one process, or
     * {@link MoveDelta#REJECTED} if none is feasible within {@code limit}; nothing is applied:
     * the caller moves {@link #process()} to {@link #target()} if it accepts.
     */
    long evaluate(long limit) {
        process = -1;
        long total = cumulative[cumulative.length - 1];
        if (total == 0) {
            return MoveDelta.REJECTED;
        }
        int from = machines[firstAbove(random.nextLong(total))];
        int on = state.processCountOn(from);
        if (on == 0) {
            return MoveDelta.REJECTED;
        }
        int p = state.processOn(from, random.nextInt(on));
        int r = relievedResource(from, p);
        if (r < 0 || roomyCount[r] == 0) {
            return MoveDelta.REJECTED;
        }
        long best = MoveDelta.REJECTED;
        for (int k = 0; k < TARGETS; k++) {
            int m = roomier(r);
            long change = delta.shift(p, m, limit);
            int q = -1;
            int onTarget = state.processCountOn(m);
            if (change == MoveDelta.REJECTED && SWAPS && onTarget > 0) {
                q = state.processOn(m, random.nextInt(onTarget));
                change = delta.swap(p, q, limit);
            }
            if (change < best) {
                best = change;
                target = m;
                partner = q;
            }
        }
        if (best != MoveDelta.REJECTED) {
            process = p;
        }
        return best;
    }

    /** The process of the last accepted-able {@link #evaluate}, -1 if it found none. */
    int process() {
        return process;
    }

    int target() {
        return target;
    }

    /** The process of {@link #target()} that goes to the process's machine in exchange, -1 for a shift. */
    int partner() {
        return partner;
    }

    /** The index of the first machine whose running cost sum exceeds {@code x}: a draw weighted by cost. */
    private int firstAbove(long x) {
        int i = Arrays.binarySearch(cumulative, x + 1);
        if (i < 0) {
            return -i - 1;
        }
        // Equal sums (machines costing nothing) before it: the first of them.
        while (i > 0 && cumulative[i - 1] == x + 1) {
            i--;
        }
        return i;
    }

    /**
     * The resource where moving {@code p} off {@code m} saves the most load cost (weight times the
     * smaller of m's excess and p's requirement), -1 if it saves none there (m's cost is balance).
     */
    private int relievedResource(int m, int p) {
        int best = -1;
        long bestSaving = 0;
        for (int r = 0; r < resources; r++) {
            long excess = state.loadExcess(m, r);
            if (excess > 0) {
                long saving = state.loadWeight(r) * Math.min(excess, state.requirement(p, r));
                if (saving > bestSaving) {
                    bestSaving = saving;
                    best = r;
                }
            }
        }
        return best;
    }

    /** The roomier of two machines drawn from the snapshot's list for resource {@code r}. */
    private int roomier(int r) {
        int a = roomy[r][random.nextInt(roomyCount[r])];
        int b = roomy[r][random.nextInt(roomyCount[r])];
        return state.loadExcess(a, r) <= state.loadExcess(b, r) ? a : b;
    }
}
