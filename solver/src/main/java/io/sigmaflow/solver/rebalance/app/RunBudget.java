package io.sigmaflow.solver.rebalance.app;

import java.time.Duration;

/**
 * A run's time budget counted from the snapshot read, not from the search: at 10,000 nodes the
 * work around the search (building the problem, Timefold's passes over every pod when it takes
 * the solution and when the runner scores the start and the best, the plan, the end state's build
 * and score, the plan check) took 30 s of a 60 s budget, and a budget counted from the solver's
 * start ended the run that much late.
 *
 * <p>That work grows with the pods, as building the problem does, so the search's share is what
 * the budget leaves after {@value #AROUND_SEARCH_PER_BUILD} times the measured build, plus
 * {@value #MARGIN_PERCENT} % for the noise of a shared machine and {@value #REPAIR_PERCENT} % for
 * repair rounds (a run that needs none has its plan that much early); at least
 * {@value #MIN_SEARCH_PERCENT} % of the budget, so a run always searches (on a cluster too big
 * for its budget the run is late rather than empty). The factor is an estimate from runs at
 * 10,000 nodes on a loaded machine, where the work around the search took 6 to 15 times the
 * build (docs/decisions.md, issue 13).
 */
final class RunBudget {
    static final int AROUND_SEARCH_PER_BUILD = 6;
    static final int MARGIN_PERCENT = 5;
    static final int MIN_SEARCH_PERCENT = 10;
    /** Kept for repair rounds (the rebalancer's are a twentieth of the budget each): two of them. */
    static final int REPAIR_PERCENT = 10;

    private final long deadline;
    private final long budget;
    /** Below this many pods a repair round's set-up is negligible: rounds run even when late. */
    static final int SMALL_PODS = 20_000;

    private long reserve;
    private boolean small;

    RunBudget(long startedNanos, Duration budget) {
        this.budget = budget.toNanos();
        this.deadline = startedNanos + this.budget;
    }

    /** The search's time limit, given how long building the problem of {@code pods} pods took. */
    Duration search(long buildNanos, int pods) {
        small = pods < SMALL_PODS;
        reserve = AROUND_SEARCH_PER_BUILD * buildNanos + budget / 100 * MARGIN_PERCENT;
        long left = deadline - System.nanoTime() - reserve - budget / 100 * REPAIR_PERCENT;
        // Timefold's spent limit takes whole milliseconds.
        return Duration.ofMillis(Math.max(left, budget / 100 * MIN_SEARCH_PERCENT) / 1_000_000);
    }

    /**
     * A repair round's time limit: {@code wanted}, or what is left before the work after the
     * search if less (the repair share and what the search left unused); null when less than a
     * tenth of {@code wanted} is left (the round would not pay for its set-up). A cluster of
     * fewer than {@value #SMALL_PODS} pods always gets {@code wanted}, as before budgets counted
     * the set-up: its rounds' passes take milliseconds, and a small run is late only by a cold
     * JVM's warm-up (a 2 s budget's first solve took 4 s), when its plan is worth more.
     */
    Duration repair(Duration wanted) {
        if (small) {
            return wanted;
        }
        long left = Math.min(wanted.toNanos(), deadline - System.nanoTime() - reserve);
        if (left < Math.max(wanted.toNanos() / 10, 1)) {
            return null;
        }
        return Duration.ofMillis(Math.max(1, left / 1_000_000));
    }
}
