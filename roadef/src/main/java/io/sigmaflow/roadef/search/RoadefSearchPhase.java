package io.sigmaflow.roadef.search;

import ai.timefold.solver.core.api.solver.phase.PhaseCommand;
import ai.timefold.solver.core.api.solver.phase.PhaseCommandContext;
import ai.timefold.solver.core.config.phase.custom.CustomPhaseConfig;
import io.sigmaflow.roadef.domain.Machine;
import io.sigmaflow.roadef.domain.MachineReassignment;
import io.sigmaflow.roadef.domain.ProcessAssignment;
import io.sigmaflow.roadef.score.RoadefState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A Timefold custom phase that runs the array-level ROADEF search ({@link ParallelSearch}: one
 * {@link SimulatedAnnealing} per thread) until the solver's termination says stop, handing each
 * new best assignment to Timefold as one move: the score director, the best solution, new-best
 * events, the unimproved-time termination and {@code terminateEarly} then work as for any other
 * phase.
 *
 * <p>The phase is a list of steps (Timefold updates its best solution between steps): each step
 * runs the portfolio from exchange point to exchange point until it has a better assignment and
 * at least {@link #REPORT_EVERY} has passed, or until termination, then applies the best. The
 * clock decides only when Timefold hears of a new best and where the run is cut, never what the
 * search does: see {@link ParallelSearch} for what is deterministic. The searches keep their
 * state from step to step; their threads live within an epoch only, so nothing keeps running
 * once Timefold stops calling. The last step runs until termination.
 *
 * <p>Needs a feasible start (every ROADEF initial assignment is); from an infeasible one it does
 * nothing and leaves the solution to the phases after it.
 */
public final class RoadefSearchPhase {
    static final Duration REPORT_EVERY = Duration.ofSeconds(1);
    private static final int STEPS = 100_000;
    /** The search runs at least this many times as long as handing its best to Timefold took. */
    private static final long OVERHEAD_SHARE = 20;

    /**
     * @param seed             seeds the searches (each thread a stream split from it)
     * @param threads          searches run side by side, one per thread
     * @param timeLimit        the run's time budget: sets the cooling schedule's length unless {@code candidates} does
     * @param startTemperature the temperature at the start, as a share of the best cost
     * @param endTemperature   the temperature at the end of the schedule, as a share of the best cost
     * @param swapPercent      share of swap candidates among shifts and swaps
     * @param ruinEvery        one candidate in this many (on average) is a ruin and recreate
     * @param candidates       the cooling schedule's length in candidates per thread, where the run
     *                         stops (the time limit may stop it first); 0 for {@code timeLimit} at
     *                         {@link #nominalRate}, the search then going on at the end temperature until the time limit
     */
    public record Settings(long seed, int threads, Duration timeLimit, double startTemperature,
            double endTemperature, int swapPercent, int ruinEvery, long candidates) {
        public Settings {
            if (threads < 1 || ruinEvery < 1 || swapPercent < 0 || swapPercent > 100 || candidates < 0) {
                throw new IllegalArgumentException(
                        "threads and ruinEvery must be positive, swapPercent in 0..100, candidates not negative");
            }
            if (!(startTemperature > 0 && endTemperature > 0 && endTemperature <= startTemperature)) {
                throw new IllegalArgumentException("temperatures must be positive, the end one no higher");
            }
            if (timeLimit.isNegative() || timeLimit.isZero()) {
                throw new IllegalArgumentException("timeLimit must be positive, got " + timeLimit);
            }
        }

        /** The schedule's length from the time limit. */
        public Settings(long seed, int threads, Duration timeLimit, double startTemperature,
                double endTemperature, int swapPercent, int ruinEvery) {
            this(seed, threads, timeLimit, startTemperature, endTemperature, swapPercent, ruinEvery, 0);
        }

        /**
         * The measured configuration (docs/decisions.md) for a run of {@code timeLimit}: one
         * search per core, temperature from 0.2 % to 0.001 % of the best cost, half swaps, one
         * ruin and recreate per 2,000 candidates.
         */
        public static Settings defaults(long seed, Duration timeLimit) {
            return defaults(seed, Runtime.getRuntime().availableProcessors(), timeLimit);
        }

        /** {@link #defaults(long, Duration)} with {@code threads} searches. */
        public static Settings defaults(long seed, int threads, Duration timeLimit) {
            return new Settings(seed, threads, timeLimit, 0.002, 0.00001, 50, 2_000);
        }

        /** These settings with a cooling schedule of {@code perThread} candidates, whatever the time limit. */
        public Settings withCandidates(long perThread) {
            return new Settings(seed, threads, timeLimit, startTemperature, endTemperature, swapPercent, ruinEvery, perThread);
        }

        /** The cooling schedule's length, per thread, for an instance of {@code processes} processes. */
        long plannedCandidates(int processes) {
            if (candidates > 0) {
                return candidates;
            }
            return Math.max(SimulatedAnnealing.CHECK_EVERY, (long) (timeLimit.toMillis() / 1000.0 * nominalRate(processes)));
        }
    }

    /**
     * Candidates per second one thread is expected to evaluate on an instance of {@code processes}
     * processes: what makes a time limit a length in candidates without reading the clock during
     * the search. Measured on the shared 2-core machine (docs/decisions.md); on a slower or busier
     * machine the time limit cuts the schedule before it is cold, on a faster one the search
     * spends the rest at the end temperature.
     */
    static double nominalRate(int processes) {
        return NOMINAL_SMALL_RATE * Math.min(1, Math.pow(NOMINAL_SMALL_PROCESSES / (double) processes, NOMINAL_EXPONENT));
    }

    private static final double NOMINAL_SMALL_RATE = 1_000_000;
    private static final double NOMINAL_SMALL_PROCESSES = 1_000;
    private static final double NOMINAL_EXPONENT = 0.5;

    private final Settings settings;
    private ParallelSearch search;
    private long applied;
    private long lastStepEnd;
    private long lastApplyNanos;

    public RoadefSearchPhase(Settings settings) {
        this.settings = settings;
    }

    /** The phase to put in a solver configuration. */
    public CustomPhaseConfig phaseConfig() {
        List<PhaseCommand<MachineReassignment>> steps = new ArrayList<>(STEPS);
        steps.add(context -> step(context, true, false));
        PhaseCommand<MachineReassignment> middle = context -> step(context, false, false);
        steps.addAll(Collections.nCopies(STEPS - 2, middle));
        steps.add(context -> step(context, false, true));
        return new CustomPhaseConfig().withCustomPhaseCommandList(steps);
    }

    /** True when the run ends after {@link Settings#candidates} (then nothing should run after this phase). */
    public boolean endsByCandidates() {
        return settings.candidates() > 0;
    }

    /** Candidates evaluated by the searches of the current or last run. */
    public long evaluations() {
        return search == null ? 0 : search.evaluations();
    }

    /** Exchange points the current or last run passed. */
    public long exchangePoints() {
        return search == null ? 0 : search.epochs();
    }

    private void step(PhaseCommandContext<MachineReassignment> context, boolean first, boolean last) {
        MachineReassignment solution = context.getWorkingSolution();
        if (first) {
            start(solution);
        }
        if (search == null) {
            return;
        }
        long stepStart = System.nanoTime();
        // Timefold's work between two steps (the best solution cloned, 50,000 entities at scale)
        // counts against the next step: the search runs at least OVERHEAD_SHARE times as long,
        // so that on a busy machine reporting never takes more than a few percent of the time.
        long between = first ? 0 : stepStart - lastStepEnd;
        long runAtLeast = Math.max(REPORT_EVERY.toNanos(), OVERHEAD_SHARE * (between + lastApplyNanos));
        try {
            while (!search.done() && !context.isPhaseTerminated()) {
                search.runEpoch(context::isPhaseTerminated);
                if (!last && System.nanoTime() - stepStart >= runAtLeast && search.bestCost() < applied) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long applyStart = System.nanoTime();
        if (search.bestCost() < applied) {
            var machineVariable = context.getSolutionMetaModel().genuineEntity(ProcessAssignment.class)
                    .<Machine>basicVariable("machine", Machine.class);
            context.execute(new AssignmentMove(machineVariable, solution, search.bestAssignment()));
            applied = search.bestCost();
        }
        lastStepEnd = System.nanoTime();
        lastApplyNanos = lastStepEnd - applyStart;
    }

    /** A new run: fresh searches from the working solution, if it is feasible. */
    private void start(MachineReassignment solution) {
        RoadefState initial = stateOf(solution);
        applied = initial.softPenalty();
        search = initial.hardPenalty() != 0 ? null : ParallelSearch.create(() -> stateOf(solution), settings);
    }

    static RoadefState stateOf(MachineReassignment solution) {
        RoadefState state = new RoadefState(solution);
        state.assignAll(solution);
        return state;
    }
}
