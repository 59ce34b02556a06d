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
 * <p>The cost weights (a Fenwick tree) and the room lists are kept up to date per candidate from
 * the machines whose usage changed ({@link RoadefState#drainTouched}), not rebuilt: O(changed
 * machines x resources) per candidate instead of O(machines x resources) every few thousand, and
 * never stale. Deterministic: every draw comes from the caller's random.
 */
final class GuidedShift {
    /** Targets tried per candidate (one delta each): the best of a short list, as a steepest shift. */
    static final int TARGETS = 4;
    /**
     * Where the shift to a target is rejected (full in another resource, a conflict, over the
     * threshold), the process is tried in exchange for a random process of that target instead.
     */
    static final boolean SWAPS = true;
    /**
     * A process away from its original machine is also tried at home: there its transient share is
     * still held, so going back never overflows a transient resource (usage plus hold is unchanged
     * at home) and it frees the share it holds. The room lists count usage only, and on a2_3 x 50
     * the shifts onto them stall on the transient resources (docs/roadef.md, "large instances").
     */
    static final boolean HOME = true;

    private final RoadefState state;
    private final MoveDelta delta;
    private final SplittableRandom random;
    private final int resources;
    /** The machines drawn from, as sources and targets: all, or a {@link PartitionedSearch} part. */
    private int[] machines;
    /** Each machine's index in {@link #machines}, -1 outside it. */
    private int[] poolIndex;
    /** {@link RoadefState#machineCost} of each machine of {@link #machines} as indexed, by pool index. */
    private long[] cost;
    /** A Fenwick tree over {@link #cost}: prefix sums for a draw weighted by cost, updated per changed machine. */
    private long[] tree;
    private long total;
    /** Per resource: the machines below their safety capacity in it (unordered), and each one's slot there (-1: not listed). */
    private final int[][] roomy;
    private final int[][] roomySlot;
    private final int[] roomyCount;
    /** Scratch for {@link RoadefState#drainTouched}. */
    private final int[] changed;
    private int process = -1;
    private int target = -1;
    private int partner = -1;

    GuidedShift(RoadefState state, MoveDelta delta, SplittableRandom random) {
        this.state = state;
        this.delta = delta;
        this.random = random;
        this.resources = state.resourceCount();
        this.roomy = new int[resources][];
        this.roomySlot = new int[resources][state.machineCount()];
        this.roomyCount = new int[resources];
        this.changed = new int[state.machineCount()];
        state.trackTouchedMachines();
        restrictTo(null);
    }

    /** Draws sources and targets from {@code pool} only (null: every machine), indexed afresh. */
    void restrictTo(int[] pool) {
        if (pool == null) {
            pool = new int[state.machineCount()];
            for (int m = 0; m < pool.length; m++) {
                pool[m] = m;
            }
        }
        machines = pool;
        poolIndex = new int[state.machineCount()];
        Arrays.fill(poolIndex, -1);
        for (int i = 0; i < pool.length; i++) {
            poolIndex[pool[i]] = i;
        }
        state.drainTouched(changed);
        cost = new long[pool.length];
        tree = new long[pool.length + 1];
        total = 0;
        Arrays.fill(roomyCount, 0);
        for (int r = 0; r < resources; r++) {
            roomy[r] = new int[pool.length];
            Arrays.fill(roomySlot[r], -1);
        }
        for (int i = 0; i < pool.length; i++) {
            int m = pool[i];
            cost[i] = state.machineCost(m);
            total += cost[i];
            for (int r = 0; r < resources; r++) {
                if (state.loadExcess(m, r) < 0) {
                    roomySlot[r][m] = roomyCount[r];
                    roomy[r][roomyCount[r]++] = m;
                }
            }
        }
        // Fenwick tree in O(n): each node passes its sum to its parent.
        for (int i = 1; i <= pool.length; i++) {
            tree[i] += cost[i - 1];
            int parent = i + (i & -i);
            if (parent <= pool.length) {
                tree[parent] += tree[i];
            }
        }
    }

    /**
     * Brings the costs and room lists up to date with the machines whose usage changed since the
     * last call ({@link RoadefState#drainTouched}): O(changed machines x resources), where the
     * snapshot it replaces re-read every machine every 4,096 candidates and went stale between.
     */
    void refresh() {
        int n = state.drainTouched(changed);
        for (int k = 0; k < n; k++) {
            int m = changed[k];
            int i = poolIndex[m];
            if (i < 0) {
                continue;
            }
            long now = state.machineCost(m);
            if (now != cost[i]) {
                long d = now - cost[i];
                cost[i] = now;
                total += d;
                for (int j = i + 1; j < tree.length; j += j & -j) {
                    tree[j] += d;
                }
            }
            for (int r = 0; r < resources; r++) {
                boolean room = state.loadExcess(m, r) < 0;
                int slot = roomySlot[r][m];
                if (room && slot < 0) {
                    roomySlot[r][m] = roomyCount[r];
                    roomy[r][roomyCount[r]++] = m;
                } else if (!room && slot >= 0) {
                    int last = roomy[r][--roomyCount[r]];
                    roomy[r][slot] = last;
                    roomySlot[r][last] = slot;
                    roomySlot[r][m] = -1;
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
        refresh();
        if (total == 0) {
            return MoveDelta.REJECTED;
        }
        int from = machines[firstAbove(random.nextLong(total))];
        int on = state.processCountOn(from);
        if (on == 0) {
            return MoveDelta.REJECTED;
        }
        int p = state.processOn(from, random.nextInt(on));
        int r = relievedResource(state, from, p);
        long best = MoveDelta.REJECTED;
        int home = state.originalOf(p);
        if (HOME && home != from && poolIndex[home] >= 0) {
            best = delta.shift(p, home, limit);
            target = home;
            partner = -1;
        }
        for (int k = 0; r >= 0 && k < TARGETS && roomyCount[r] > 0; k++) {
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

    /** A machine of the pool drawn with a probability proportional to its cost, -1 if none costs anything. */
    int costlySource() {
        refresh();
        return total == 0 ? -1 : machines[firstAbove(random.nextLong(total))];
    }

    /** The indexed cost of the pool's machines (for tests: the sum of their {@link RoadefState#machineCost}). */
    long indexedCost() {
        return total;
    }

    /** Whether machine {@code m} is listed as below safety in resource {@code r} (for tests). */
    boolean listedWithRoom(int m, int r) {
        return roomySlot[r][m] >= 0;
    }

    /** The machine a cost-weighted draw of {@code x} (0 <= x < {@link #indexedCost}) picks (for tests). */
    int sourceAt(long x) {
        return machines[firstAbove(x)];
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

    /** The pool index of the first machine whose running cost sum exceeds {@code x} (0 <= x < total): a draw weighted by cost. */
    private int firstAbove(long x) {
        int pos = 0;
        long rest = x;
        for (int step = Integer.highestOneBit(tree.length - 1); step > 0; step >>= 1) {
            int next = pos + step;
            if (next < tree.length && tree[next] <= rest) {
                pos = next;
                rest -= tree[next];
            }
        }
        return pos;
    }

    /**
     * The resource where moving {@code p} off {@code m} saves the most load cost (weight times the
     * smaller of m's excess and p's requirement), -1 if it saves none there (m's cost is balance).
     */
    static int relievedResource(RoadefState state, int m, int p) {
        int best = -1;
        long bestSaving = 0;
        for (int r = 0; r < state.resourceCount(); r++) {
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
