package io.sigmaflow.roadef.search;

import io.sigmaflow.roadef.score.MoveDelta;
import io.sigmaflow.roadef.score.RoadefState;
import java.util.SplittableRandom;

/**
 * Large neighbourhood move: take every process off a few machines and put them back one by one,
 * biggest first, each where it costs least (ties to the lower hard penalty first: a partial
 * assignment may lack a spread location or a dependency until all are back). This builds what
 * single shifts and swaps cannot, e.g. emptying a big machine for a process that fits nowhere
 * else while its small neighbours go where it was. The move is kept if the result is feasible
 * and costs no more than the caller's limit; otherwise every process goes back where it was.
 *
 * <p>Its cost does not grow with the instance: the ruined machines' processes come from the
 * state's per-machine lists, and "anywhere" means the ruined machines plus {@link #SAMPLED}
 * machines drawn per ruin (all machines when there are fewer), not every machine: at 5,000
 * machines trying all of them per process took half the search's time (JFR, docs/decisions.md).
 */
final class RuinAndRecreate {
    static final int SAMPLED = 64;

    private final RoadefState state;
    private final MoveDelta delta;
    private final SplittableRandom random;
    private final int machines;
    private final double[] size;
    private final int[] removed;
    private final int[] removedFrom;
    private final double[] order;
    private final int[] candidates;
    /** The machines a ruin may touch (null: all): see {@link SimulatedAnnealing#restrictTo}. */
    private int[] pool;

    RuinAndRecreate(RoadefState state, MoveDelta delta, SplittableRandom random) {
        this.state = state;
        this.delta = delta;
        this.random = random;
        this.machines = state.machineCount();
        this.size = state.processSizes();
        this.removed = new int[state.processCount()];
        this.removedFrom = new int[state.processCount()];
        this.order = new double[state.processCount()];
        this.candidates = new int[Math.min(machines, SAMPLED)];
    }

    void restrictTo(int[] machines) {
        pool = machines;
    }

    private int anyMachine() {
        return pool == null ? random.nextInt(machines) : pool[random.nextInt(pool.length)];
    }

    /**
     * Ruins {@code ruined} machines, one of them {@code first}, recreates into those machines only
     * ({@code anywhere} false) or into any machine, and returns the cost change, or
     * {@link MoveDelta#REJECTED} with the state as before.
     */
    long apply(int first, int ruined, boolean anywhere, long limit) {
        int[] chosen = new int[ruined];
        chosen[0] = first;
        for (int i = 1; i < ruined; i++) {
            int m;
            do {
                m = anyMachine();
            } while (contains(chosen, i, m));
            chosen[i] = m;
        }
        long before = state.softPenalty();
        int count = 0;
        for (int m : chosen) {
            for (int i = 0; i < state.processCountOn(m); i++) {
                int p = state.processOn(m, i);
                removed[count] = p;
                removedFrom[count] = m;
                // Biggest first, with a little noise so that repeated tries differ.
                order[count] = size[p] * (0.8 + 0.4 * random.nextDouble());
                count++;
            }
        }
        int sampled = 0;
        if (anywhere) {
            sampled = candidates.length;
            if (sampled == machines && pool == null) {
                for (int m = 0; m < machines; m++) {
                    candidates[m] = m;
                }
            } else {
                for (int i = 0; i < sampled; i++) {
                    candidates[i] = anyMachine();
                }
            }
        }
        sortBySizeDescending(count);
        for (int i = 0; i < count; i++) {
            state.unassign(removed[i]);
        }
        int placed = 0;
        for (; placed < count; placed++) {
            int p = removed[placed];
            int best = -1;
            long bestHard = Long.MAX_VALUE;
            long bestSoft = Long.MAX_VALUE;
            for (int c = 0; c < ruined + sampled; c++) {
                int m = c < ruined ? chosen[c] : candidates[c - ruined];
                long soft = delta.insert(p, m);
                if (soft == MoveDelta.REJECTED) {
                    continue;
                }
                long hard = delta.insertHardChange(p, m);
                if (hard < bestHard || (hard == bestHard && soft < bestSoft)) {
                    best = m;
                    bestHard = hard;
                    bestSoft = soft;
                }
            }
            if (best < 0) {
                break;
            }
            state.assign(p, best);
        }
        if (placed == count && state.hardPenalty() == 0 && state.softPenalty() - before <= limit) {
            return state.softPenalty() - before;
        }
        for (int i = 0; i < placed; i++) {
            state.unassign(removed[i]);
        }
        for (int i = 0; i < count; i++) {
            state.assign(removed[i], removedFrom[i]);
        }
        return MoveDelta.REJECTED;
    }

    private static boolean contains(int[] values, int length, int value) {
        for (int i = 0; i < length; i++) {
            if (values[i] == value) {
                return true;
            }
        }
        return false;
    }

    /** Insertion sort of the removed processes by {@link #order}, biggest first: a few dozen at most. */
    private void sortBySizeDescending(int count) {
        for (int i = 1; i < count; i++) {
            int p = removed[i];
            int from = removedFrom[i];
            double key = order[i];
            int j = i - 1;
            while (j >= 0 && order[j] < key) {
                removed[j + 1] = removed[j];
                removedFrom[j + 1] = removedFrom[j];
                order[j + 1] = order[j];
                j--;
            }
            removed[j + 1] = p;
            removedFrom[j + 1] = from;
            order[j + 1] = key;
        }
    }
}
