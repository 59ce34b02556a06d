package io.sigmaflow.roadef.search;

import io.sigmaflow.roadef.score.RoadefState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Several threads on one large instance without repeating each other's work: at each epoch the
 * machines are dealt at random into one part per thread, each thread's {@link SimulatedAnnealing}
 * touches only its part's machines (its focus, shifts, swaps and ruins are drawn there), and at
 * the exchange point the parts' gains are merged into one assignment that every thread continues
 * from. A portfolio ({@link PortfolioSearch}) gives each process the depth of one thread; this
 * gives it the depth of all of them, which is what a large instance lacks (a2_3 x 50 follows
 * a2_3's cost curve per candidate per process: docs/decisions.md).
 *
 * <p>Why merging is sound: a thread moves only processes that sit on its part's machines, and
 * only to machines of its part, so capacity, transient usage (a process moved within a part
 * never returns to an original machine outside it), conflicts, load, balance and the process and
 * machine move costs are per machine or per process and add up. Three things are global: the
 * service move cost (the largest number of moved processes of a service: only soft, recomputed
 * by the merge state), and spread and dependencies, which two parts can break together (each
 * kept a location or neighborhood because the other part still covered it). The merge therefore
 * applies the parts' changes one part at a time, the biggest gain first, onto a state of its own,
 * and keeps a part's changes only if the result is feasible and cheaper; the first part always
 * is (it is that thread's own feasible best). Nothing reads the clock: the same seed, thread count
 * and schedule give the same sequence of merged assignments on any machine.
 */
final class PartitionedSearch implements ParallelSearch {
    private final List<SimulatedAnnealing> searches;
    private final RoadefState merge;
    private final SplittableRandom dealer;
    private final int[] machines;
    private final long exchangeEvery;
    private final boolean fixedLength;
    /** What every search started the current epoch from (the merge state holds it between merges). */
    private int[] epochStart;
    private long epochStartCost;
    private int[] best;
    private long bestCost;
    private long epochs;
    private boolean dealt;
    /** Changes of the parts kept by the last merge, for statistics: parts kept / parts tried. */
    private long partsKept;
    private long partsTried;

    PartitionedSearch(Supplier<RoadefState> states, RoadefSearchPhase.Settings settings) {
        if (settings.threads() < 2) {
            throw new IllegalArgumentException("a partitioned search needs at least two threads");
        }
        SplittableRandom seeds = new SplittableRandom(settings.seed());
        List<SimulatedAnnealing> fresh = new ArrayList<>();
        for (int i = 0; i < settings.threads(); i++) {
            fresh.add(new SimulatedAnnealing(states.get(), seeds.split(), settings));
        }
        this.searches = List.copyOf(fresh);
        this.dealer = seeds.split();
        this.merge = states.get();
        int machineCount = merge.machineCount();
        if (machineCount < 3 * settings.threads()) {
            throw new IllegalArgumentException("too few machines (" + machineCount + ") for " + settings.threads() + " parts");
        }
        this.machines = new int[machineCount];
        for (int m = 0; m < machineCount; m++) {
            machines[m] = m;
        }
        this.epochStart = merge.assignment();
        this.epochStartCost = merge.softPenalty();
        this.best = epochStart.clone();
        this.bestCost = epochStartCost;
        long planned = settings.plannedCandidates(merge.processCount());
        long every = Math.max(1, planned / PortfolioSearch.EXCHANGES / SimulatedAnnealing.CHECK_EVERY);
        this.exchangeEvery = every * SimulatedAnnealing.CHECK_EVERY;
        this.fixedLength = settings.candidates() > 0;
    }

    @Override
    public boolean runEpoch(BooleanSupplier stop) throws InterruptedException {
        if (!dealt) {
            deal();
            dealt = true;
        }
        long target = (epochs + 1) * exchangeEvery;
        PortfolioSearch.runInParallel(searches, target, stop);
        boolean complete = searches.stream().allMatch(s -> s.evaluations() == target);
        int[] merged = merge();
        long mergedCost = merge.softPenalty();
        if (mergedCost < bestCost) {
            best = merged;
            bestCost = mergedCost;
        }
        if (!complete) {
            // Cut short (the time limit): the merge gave the best so far; the epoch may go on
            // later from where the searches are, so the merge state returns to the epoch's start.
            for (int p = 0; p < merged.length; p++) {
                if (merged[p] != epochStart[p]) {
                    merge.move(p, epochStart[p]);
                }
            }
            return false;
        }
        epochStart = merged;
        epochStartCost = mergedCost;
        for (SimulatedAnnealing s : searches) {
            s.restart(epochStart);
        }
        epochs++;
        dealt = false;
        return true;
    }

    /** A new random partition of the machines, one part per search. */
    private void deal() {
        for (int i = machines.length - 1; i > 0; i--) {
            int j = dealer.nextInt(i + 1);
            int m = machines[i];
            machines[i] = machines[j];
            machines[j] = m;
        }
        int parts = searches.size();
        for (int k = 0; k < parts; k++) {
            int from = (int) ((long) machines.length * k / parts);
            int to = (int) ((long) machines.length * (k + 1) / parts);
            searches.get(k).restrictTo(Arrays.copyOfRange(machines, from, to));
        }
    }

    /**
     * The parts' bests applied to the epoch's start, biggest gain first (lower index among
     * equals), each kept only if the state stays feasible and gets cheaper. Leaves the merge
     * state at the result and returns it.
     */
    private int[] merge() {
        Integer[] order = new Integer[searches.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> {
            int byCost = Long.compare(searches.get(a).bestCost(), searches.get(b).bestCost());
            return byCost != 0 ? byCost : Integer.compare(a, b);
        });
        long cost = epochStartCost;
        int[] changed = new int[merge.processCount()];
        for (int i : order) {
            SimulatedAnnealing search = searches.get(i);
            if (search.bestCost() >= epochStartCost) {
                continue;
            }
            int[] part = search.bestAssignment();
            int count = 0;
            for (int p = 0; p < part.length; p++) {
                if (part[p] != epochStart[p]) {
                    changed[count++] = p;
                    merge.move(p, part[p]);
                }
            }
            partsTried++;
            if (merge.hardPenalty() == 0 && merge.softPenalty() < cost) {
                cost = merge.softPenalty();
                partsKept++;
            } else {
                for (int k = 0; k < count; k++) {
                    merge.move(changed[k], epochStart[changed[k]]);
                }
            }
        }
        return merge.assignment();
    }

    @Override
    public boolean done() {
        return fixedLength && epochs >= PortfolioSearch.EXCHANGES;
    }

    @Override
    public long epochs() {
        return epochs;
    }

    @Override
    public long bestCost() {
        return bestCost;
    }

    @Override
    public int[] bestAssignment() {
        return best.clone();
    }

    @Override
    public long evaluations() {
        return searches.stream().mapToLong(SimulatedAnnealing::evaluations).sum();
    }

    /** Parts whose changes a merge kept, of those it tried (a part with no gain is not tried). */
    String mergeStatistics() {
        return partsKept + " of " + partsTried;
    }
}
