package io.sigmaflow.roadef.search;

import io.sigmaflow.roadef.domain.MachineReassignment;
import io.sigmaflow.roadef.io.AssignmentFile;
import io.sigmaflow.roadef.io.Instance;
import io.sigmaflow.roadef.io.InstanceReader;
import io.sigmaflow.roadef.score.MoveDelta;
import io.sigmaflow.roadef.score.RoadefState;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.IntToLongFunction;
import java.util.stream.IntStream;

/**
 * A measuring tool, not product: where a search stalled, whether a single move could still lower
 * the cost. For the costliest machines of a solution, every process on them is priced shifted to
 * every machine ({@link MoveDelta#shift}) and swapped with a sample of processes, and the tool
 * prints how many of those moves are feasible, how many lower the cost, and the best change.
 *
 * <pre>
 * java -cp ... io.sigmaflow.roadef.search.StallProbe MODEL INITIAL SOLUTION [MACHINES=10]
 * java -cp ... io.sigmaflow.roadef.search.StallProbe MODEL INITIAL SOLUTION REPACKS repack
 * </pre>
 *
 * The second form runs REPACKS {@link PairRepack}s (a machine drawn by cost, a random partner) as
 * a descent from the solution and prints the cost before and after.
 */
public final class StallProbe {
    /** Every how many processes one is tried as a swap partner. */
    private static final int SWAP_SAMPLE = 7;

    private StallProbe() {}

    public static void main(String[] args) {
        Instance instance = InstanceReader.read(Path.of(args[0]));
        int[] initial = AssignmentFile.read(Path.of(args[1]), instance);
        int[] solution = AssignmentFile.read(Path.of(args[2]), instance);
        int top = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        RoadefState state = RoadefSearchPhase.stateOf(MachineReassignment.of(instance, initial, solution));
        MoveDelta delta = new MoveDelta(state);
        if (args.length > 4 && args[4].equals("repack")) {
            // A descent of pair repacks as the large-instance search draws them: a machine by its
            // cost, a partner at random; how far they alone take the solution.
            SplittableRandom random = new SplittableRandom(1);
            GuidedShift guided = new GuidedShift(state, delta, random);
            PairRepack repack = new PairRepack(state);
            long before = state.softPenalty();
            int improving = 0;
            for (int i = 0; i < top; i++) {
                int a = guided.costlySource();
                if (a >= 0 && repack.apply(a, random.nextInt(state.machineCount())) != MoveDelta.REJECTED) {
                    improving++;
                }
            }
            System.out.printf(Locale.ROOT, "# pair repacks improving %d of %d; cost %,d -> %,d%n", improving, top, before,
                    state.softPenalty());
            return;
        }
        int machines = state.machineCount();
        Integer[] byCost = IntStream.range(0, machines).boxed().toArray(Integer[]::new);
        Arrays.sort(byCost, Comparator.comparingLong((Integer m) -> -state.machineCost(m)));
        System.out.printf(Locale.ROOT, "# cost %,d; machines with a cost: %d%n", state.softPenalty(),
                IntStream.range(0, machines).filter(m -> state.machineCost(m) > 0).count());
        long shiftsImproving = 0;
        long shiftsFeasible = 0;
        long swapsImproving = 0;
        long swapsFeasible = 0;
        for (int k = 0; k < Math.min(top, machines); k++) {
            int m = byCost[k];
            StringBuilder excess = new StringBuilder();
            for (int r = 0; r < state.resourceCount(); r++) {
                excess.append(' ').append(state.loadExcess(m, r));
            }
            System.out.printf(Locale.ROOT, "machine %d cost %,d processes %d excess by resource:%s%n", m,
                    state.machineCost(m), state.processCountOn(m), excess);
            for (int i = 0; i < state.processCountOn(m); i++) {
                int p = state.processOn(m, i);
                Tally shifts = Tally.of(machines, t -> delta.shift(p, t, Long.MAX_VALUE - 1));
                Tally swaps = Tally.of((state.processCount() + SWAP_SAMPLE - 1) / SWAP_SAMPLE,
                        slot -> delta.swap(p, slot * SWAP_SAMPLE, Long.MAX_VALUE - 1));
                shiftsFeasible += shifts.feasible();
                shiftsImproving += shifts.improving();
                swapsFeasible += swaps.feasible();
                swapsImproving += swaps.improving();
                StringBuilder req = new StringBuilder();
                for (int r = 0; r < state.resourceCount(); r++) {
                    req.append(' ').append(state.requirement(p, r));
                }
                System.out.printf(Locale.ROOT,
                        "  p%d service %d home %s req%s: shifts %s; swaps (1/%d sample) %s%n",
                        p, state.serviceOf(p), state.originalOf(p) == m ? "here" : "m" + state.originalOf(p), req, shifts,
                        SWAP_SAMPLE, swaps);
                int home = state.originalOf(p);
                if (home != m) {
                    StringBuilder h = new StringBuilder();
                    for (int r = 0; r < state.resourceCount(); r++) {
                        h.append(' ').append(state.loadExcess(home, r));
                    }
                    System.out.printf(Locale.ROOT, "    home m%d: %d processes, cost %,d, excess by resource:%s, on it:", home,
                            state.processCountOn(home), state.machineCost(home), h);
                    for (int j = 0; j < state.processCountOn(home); j++) {
                        int q = state.processOn(home, j);
                        System.out.printf(Locale.ROOT, " p%d(r2 %d, home %s)", q, state.requirement(q, Math.min(2, state.resourceCount() - 1)),
                                state.originalOf(q) == home ? "here" : "m" + state.originalOf(q));
                    }
                    System.out.println();
                }
            }
        }
        System.out.printf(Locale.ROOT, "# totals: shifts feasible %d improving %d; swaps feasible %d improving %d%n",
                shiftsFeasible, shiftsImproving, swapsFeasible, swapsImproving);
    }

    /** How many of a set of priced moves are feasible and how many lower the cost, and the best change. */
    private record Tally(int feasible, int improving, long best) {
        /** Prices moves 0 to {@code count - 1} with {@code change} ({@link MoveDelta#REJECTED}: infeasible). */
        static Tally of(int count, IntToLongFunction change) {
            int feasible = 0;
            int improving = 0;
            long best = MoveDelta.REJECTED;
            for (int i = 0; i < count; i++) {
                long c = change.applyAsLong(i);
                if (c != MoveDelta.REJECTED) {
                    feasible++;
                    improving += c < 0 ? 1 : 0;
                    best = Math.min(best, c);
                }
            }
            return new Tally(feasible, improving, best);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "feasible %d improving %d best %s", feasible, improving,
                    best == MoveDelta.REJECTED ? "-" : String.format(Locale.ROOT, "%,d", best));
        }
    }
}
