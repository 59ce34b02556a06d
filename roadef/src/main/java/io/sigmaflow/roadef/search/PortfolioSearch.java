package io.sigmaflow.roadef.search;

import io.sigmaflow.roadef.score.RoadefState;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * One {@link SimulatedAnnealing} per thread, each on its own copy of the state with a seed split
 * from the run's, meeting at exchange points: every search evaluates exactly
 * {@link #exchangeEvery()} candidates, then, at set points of the cooling schedule and at every
 * point once it is cold, the others continue from the best one's best (the lowest thread index
 * among equals). Nothing in it reads the clock, so the sequence of states at the exchange points
 * is a function of the instance, the seed, the thread count and the planned length only; the
 * caller's stop (a time limit) decides how much of that sequence a run gets, and the best it
 * returns includes the interrupted epoch's progress.
 *
 * <p>A portfolio rather than machine groups owned by threads on the A instances, which are too
 * small to cut; from {@link ParallelSearch#PARTITION_FROM_MACHINES} machines {@link
 * PartitionedSearch} gives each thread a part and merges, re-checking what is global.
 */
final class PortfolioSearch implements ParallelSearch {
    /** Exchange points per planned cooling schedule. */
    static final int EXCHANGES = 100;
    /** Before the end of the schedule, the others adopt the best at these shares of it. */
    private static final double[] SHARE_AT = {0.5, 0.75, 0.9};

    private final List<SimulatedAnnealing> searches;
    private final long exchangeEvery;
    private final boolean fixedLength;
    private int shared;
    private long epochs;

    /**
     * @param states one fresh copy of the (feasible) start per call, one per thread
     */
    PortfolioSearch(Supplier<RoadefState> states, RoadefSearchPhase.Settings settings) {
        SplittableRandom seeds = new SplittableRandom(settings.seed());
        List<SimulatedAnnealing> fresh = new ArrayList<>();
        for (int i = 0; i < settings.threads(); i++) {
            fresh.add(new SimulatedAnnealing(states.get(), seeds.split(), settings));
        }
        this.searches = List.copyOf(fresh);
        long planned = settings.plannedCandidates(fresh.get(0).processes());
        long every = Math.max(1, planned / EXCHANGES / SimulatedAnnealing.CHECK_EVERY);
        this.exchangeEvery = every * SimulatedAnnealing.CHECK_EVERY;
        this.fixedLength = settings.candidates() > 0;
    }

    /** Candidates each search evaluates between two exchange points. */
    long exchangeEvery() {
        return exchangeEvery;
    }

    /**
     * True once a schedule given in candidates ({@link RoadefSearchPhase.Settings#candidates}) is
     * done: such a run ends there, on any machine at the same point.
     */
    @Override
    public boolean done() {
        return fixedLength && epochs >= EXCHANGES;
    }

    /** Exchange points passed. */
    @Override
    public long epochs() {
        return epochs;
    }

    /**
     * Runs every search to the next exchange point on threads of its own (the caller's thread
     * with one search), polling {@code stop} on the caller's thread meanwhile, then exchanges.
     * Returns false, without exchanging, when {@code stop} cut the epoch short.
     */
    @Override
    public boolean runEpoch(BooleanSupplier stop) throws InterruptedException {
        long target = (epochs + 1) * exchangeEvery;
        if (searches.size() == 1) {
            SimulatedAnnealing only = searches.get(0);
            only.run(target - only.evaluations(), stop);
        } else {
            runInParallel(searches, target, stop);
        }
        for (SimulatedAnnealing s : searches) {
            if (s.evaluations() != target) {
                return false;
            }
        }
        epochs++;
        exchange();
        return true;
    }

    /** Runs every search to {@code target} candidates on a thread of its own, {@code stop} polled on the caller's thread. */
    static void runInParallel(List<SimulatedAnnealing> searches, long target, BooleanSupplier stop)
            throws InterruptedException {
        // The searches look at this flag, not at stop: stop (Timefold's termination) is asked on
        // the caller's thread only.
        AtomicBoolean stopped = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < searches.size(); i++) {
            SimulatedAnnealing search = searches.get(i);
            Thread thread = new Thread(() -> search.run(target - search.evaluations(), stopped::get), "roadef-search-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        try {
            for (Thread thread : threads) {
                while (thread.isAlive()) {
                    if (stop.getAsBoolean()) {
                        stopped.set(true);
                    }
                    thread.join(10);
                }
            }
        } finally {
            stopped.set(true);
            for (Thread thread : threads) {
                joinUninterruptibly(thread);
            }
        }
    }

    /**
     * While hot the searches explore independently, adopting the best only at {@link #SHARE_AT};
     * once the schedule is done (cold: exploitation) they restart from the best at every point.
     */
    private void exchange() {
        SimulatedAnnealing best = best();
        double progress = best.progress();
        boolean due = progress >= 1;
        if (shared < SHARE_AT.length && progress >= SHARE_AT[shared]) {
            shared++;
            due = true;
        }
        if (!due) {
            return;
        }
        int[] assignment = best.bestAssignment();
        for (SimulatedAnnealing s : searches) {
            if (s != best && s.bestCost() > best.bestCost()) {
                s.adopt(assignment);
            }
        }
    }

    /** The search with the lowest best cost, the first among equals. */
    SimulatedAnnealing best() {
        SimulatedAnnealing best = searches.get(0);
        for (SimulatedAnnealing s : searches) {
            if (s.bestCost() < best.bestCost()) {
                best = s;
            }
        }
        return best;
    }

    @Override
    public long bestCost() {
        return best().bestCost();
    }

    /** The best assignment found; call between epochs. */
    @Override
    public int[] bestAssignment() {
        return best().bestAssignment();
    }

    /** Candidates evaluated by all searches. */
    @Override
    public long evaluations() {
        return searches.stream().mapToLong(SimulatedAnnealing::evaluations).sum();
    }

    private static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
