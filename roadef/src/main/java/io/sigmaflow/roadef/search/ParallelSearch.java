package io.sigmaflow.roadef.search;

import io.sigmaflow.roadef.score.RoadefState;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The array search run from exchange point to exchange point, on one or more threads: what
 * {@link RoadefSearchPhase} drives. Two ways: {@link PortfolioSearch} (every thread searches the
 * whole instance and they share the best now and then) and {@link PartitionedSearch} (each
 * thread owns part of the machines for an epoch and the parts' gains are merged): both
 * deterministic for a seed, a thread count and a schedule length.
 */
interface ParallelSearch {
    /**
     * Machines from which a run of several threads is partitioned: below it, every thread
     * searching everything pays (the A set, measured); at 5,000 machines a thread's part is still
     * 2,500 machines and the portfolio's threads repeat each other's work (docs/decisions.md).
     */
    int PARTITION_FROM_MACHINES = 1_000;

    /** The search for these settings: partitioned for several threads on a large instance, else the portfolio. */
    static ParallelSearch create(Supplier<RoadefState> states, RoadefSearchPhase.Settings settings) {
        RoadefState first = states.get();
        boolean partitioned = settings.threads() > 1 && first.machineCount() >= PARTITION_FROM_MACHINES;
        boolean[] handedOut = {false};
        Supplier<RoadefState> reuse = () -> {
            if (!handedOut[0]) {
                handedOut[0] = true;
                return first;
            }
            return states.get();
        };
        return partitioned ? new PartitionedSearch(reuse, settings) : new PortfolioSearch(reuse, settings);
    }

    /** Runs to the next exchange point; false when {@code stop} cut the epoch short. */
    boolean runEpoch(BooleanSupplier stop) throws InterruptedException;

    /** True once a schedule given in candidates is done. */
    boolean done();

    /** Exchange points passed. */
    long epochs();

    /** The best cost found; safe between epochs. */
    long bestCost();

    /** The best assignment found; call between epochs. */
    int[] bestAssignment();

    /** Candidates evaluated by all threads. */
    long evaluations();
}
