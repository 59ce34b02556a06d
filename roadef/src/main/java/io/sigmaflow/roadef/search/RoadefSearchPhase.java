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
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A Timefold custom phase that runs the array-level ROADEF search ({@link SimulatedAnnealing})
 * until the solver's termination says stop, handing each new best assignment to Timefold as one
 * move: the score director, the best solution, new-best events, the unimproved-time termination
 * and {@code terminateEarly} then work as for any other phase.
 *
 * <p>The phase is a list of steps (Timefold updates its best solution between steps): each step
 * runs the searches until they have a better assignment and at least {@link #REPORT_EVERY} has
 * passed, or until termination, then applies the best. The searches keep their state from step
 * to step; their threads live within a step only, so nothing keeps running once Timefold stops
 * calling. The last step runs until termination.
 *
 * <p>Runs {@code threads} independent searches with different seeds on their own copies of the
 * state and keeps the best (a portfolio: Timefold's own multithreaded solving is Enterprise only).
 * Needs a feasible start (every ROADEF initial assignment is); from an infeasible one it does
 * nothing and leaves the solution to the phases after it.
 */
public final class RoadefSearchPhase {
    static final Duration REPORT_EVERY = Duration.ofSeconds(1);
    private static final long POLL_MILLIS = 10;
    private static final int STEPS = 100_000;
    private static final double[] SHARE_AT = {0.5, 0.75, 0.9};

    /**
     * @param seed             seeds the searches (each thread a stream split from it)
     * @param threads          independent searches run side by side
     * @param timeLimit        the run's time budget, over which the temperature falls
     * @param startTemperature the temperature at the start, as a share of the best cost
     * @param endTemperature   the temperature at the end of the budget, as a share of the best cost
     * @param swapPercent      share of swap candidates among shifts and swaps
     * @param ruinEvery        one candidate in this many (on average) is a ruin and recreate
     */
    public record Settings(long seed, int threads, Duration timeLimit, double startTemperature,
            double endTemperature, int swapPercent, int ruinEvery) {
        public Settings {
            if (threads < 1 || ruinEvery < 1 || swapPercent < 0 || swapPercent > 100) {
                throw new IllegalArgumentException("threads and ruinEvery must be positive, swapPercent in 0..100");
            }
            if (!(startTemperature > 0 && endTemperature > 0 && endTemperature <= startTemperature)) {
                throw new IllegalArgumentException("temperatures must be positive, the end one no higher");
            }
            if (timeLimit.isNegative() || timeLimit.isZero()) {
                throw new IllegalArgumentException("timeLimit must be positive, got " + timeLimit);
            }
        }

        /**
         * The measured configuration (docs/decisions.md) for a run of {@code timeLimit}: two
         * threads, temperature from 0.2 % to 0.001 % of the best cost, half swaps, one ruin and
         * recreate per 2,000 candidates.
         */
        public static Settings defaults(long seed, Duration timeLimit) {
            return new Settings(seed, 2, timeLimit, 0.002, 0.00001, 50, 2_000);
        }
    }

    private final Settings settings;
    private List<SimulatedAnnealing> searches = List.of();
    private long applied;
    private int shared;

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

    /** Candidates evaluated by the searches of the current or last run. */
    public long evaluations() {
        return searches.stream().mapToLong(SimulatedAnnealing::evaluations).sum();
    }

    private void step(PhaseCommandContext<MachineReassignment> context, boolean first, boolean last) {
        MachineReassignment solution = context.getWorkingSolution();
        if (first) {
            start(solution);
        }
        if (searches.isEmpty()) {
            return;
        }
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < searches.size(); i++) {
            SimulatedAnnealing search = searches.get(i);
            Thread thread = new Thread(() -> search.run(stop::get), "roadef-search-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        long stepStart = System.nanoTime();
        try {
            while (!context.isPhaseTerminated()
                    && (last || System.nanoTime() - stepStart < REPORT_EVERY.toNanos() || bestOf().bestCost() >= applied)) {
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stop.set(true);
            threads.forEach(RoadefSearchPhase::joinQuietly);
        }
        SimulatedAnnealing best = bestOf();
        shareBest(best);
        if (best.bestCost() < applied) {
            var machineVariable = context.getSolutionMetaModel().genuineEntity(ProcessAssignment.class)
                    .<Machine>basicVariable("machine", Machine.class);
            context.execute(new AssignmentMove(machineVariable, solution, best.bestAssignment()));
            applied = best.bestCost();
        }
    }

    /**
     * At set points of the budget the other searches continue from the best one's best: the
     * portfolio explores independently while hot and spends its cool end around the best.
     */
    private void shareBest(SimulatedAnnealing best) {
        double share = best.elapsedSeconds() * 1e9 / settings.timeLimit().toNanos();
        if (shared < SHARE_AT.length && share >= SHARE_AT[shared]) {
            shared++;
            for (SimulatedAnnealing s : searches) {
                if (s != best) {
                    s.adopt(best.bestAssignment());
                }
            }
        }
    }

    /** A new run: fresh searches from the working solution, if it is feasible. */
    private void start(MachineReassignment solution) {
        RoadefState initial = stateOf(solution);
        applied = initial.softPenalty();
        if (initial.hardPenalty() != 0) {
            searches = List.of();
            return;
        }
        SplittableRandom seeds = new SplittableRandom(settings.seed());
        List<SimulatedAnnealing> fresh = new ArrayList<>();
        for (int i = 0; i < settings.threads(); i++) {
            fresh.add(new SimulatedAnnealing(stateOf(solution), seeds.split(), settings));
        }
        searches = fresh;
        shared = 0;
    }

    private SimulatedAnnealing bestOf() {
        SimulatedAnnealing best = searches.get(0);
        for (SimulatedAnnealing s : searches) {
            if (s.bestCost() < best.bestCost()) {
                best = s;
            }
        }
        return best;
    }

    private static RoadefState stateOf(MachineReassignment solution) {
        RoadefState state = new RoadefState(solution);
        state.assignAll(solution);
        return state;
    }

    private static void joinQuietly(Thread thread) {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
