package io.sigmaflow.roadef.search;

import io.sigmaflow.roadef.check.CostChecker;
import io.sigmaflow.roadef.check.CostReport;
import io.sigmaflow.roadef.domain.MachineReassignment;
import io.sigmaflow.roadef.io.AssignmentFile;
import io.sigmaflow.roadef.io.Balance;
import io.sigmaflow.roadef.io.Instance;
import io.sigmaflow.roadef.io.InstanceReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A measuring tool, not product: where an assignment's cost is. The assignment is a solution
 * file, the initial assignment itself, or what one {@link SimulatedAnnealing} of CANDIDATES on
 * one thread ends with (as {@link SearchCpu}). Prints the {@link CostChecker}'s parts, then one
 * line per resource: usage against the total safety and hard capacity, the weighted load cost and
 * its share, the lower bound from the totals, the machines over safety, the room below safety
 * and, on a transient resource, the part of it a machine can still receive (capacity minus its
 * usage minus what moved away from it, the feasibility check's rule), what the moved processes
 * still hold at home, and the machines within 2 % of their transient capacity.
 *
 * <pre>
 * java -cp ... io.sigmaflow.roadef.search.CostBreakdown MODEL INITIAL_ASSIGNMENT [SOLUTION]
 * java -cp ... io.sigmaflow.roadef.search.CostBreakdown MODEL INITIAL_ASSIGNMENT --search CANDIDATES SEED
 * </pre>
 */
public final class CostBreakdown {
    /** The table's header; one line per resource follows it, in the same columns. */
    static final String HEADER = "resource transient weight usage/safety usage/capacity load_cost share_pct bound "
            + "machines_over room usable_room held_by_moved near_transient_capacity";

    private CostBreakdown() {}

    public static void main(String[] args) {
        boolean search = args.length == 5 && args[2].equals("--search");
        if (args.length < 2 || args.length > 3 && !search) {
            System.err.println("usage: CostBreakdown MODEL INITIAL_ASSIGNMENT [SOLUTION | --search CANDIDATES SEED]");
            System.exit(2);
        }
        Instance instance = InstanceReader.read(Path.of(args[0]));
        int[] initial = AssignmentFile.read(Path.of(args[1]), instance);
        int[] assignment = initial;
        if (search) {
            long candidates = Long.parseLong(args[3]);
            long seed = Long.parseLong(args[4]);
            assignment = searched(instance, initial, candidates, seed);
            System.out.printf(Locale.ROOT, "# search: seed %d, %,d candidates, one thread%n", seed, candidates);
        } else if (args.length > 2) {
            assignment = AssignmentFile.read(Path.of(args[2]), instance);
        }
        System.out.print(describe(instance, initial, assignment));
    }

    /** The best assignment of one annealing of {@code candidates} from the initial one (0: the initial one). */
    static int[] searched(Instance instance, int[] initial, long candidates, long seed) {
        if (candidates <= 0) {
            return initial;
        }
        MachineReassignment solution = MachineReassignment.of(instance, initial, initial);
        var settings = RoadefSearchPhase.Settings.defaults(seed, 1, Duration.ofSeconds(1)).withCandidates(candidates);
        var annealing = new SimulatedAnnealing(RoadefSearchPhase.stateOf(solution), new SplittableRandom(seed).split(), settings);
        annealing.run(candidates, () -> false);
        return annealing.bestAssignment();
    }

    /** The report as text: the checker's parts, the table ({@link #HEADER} and a line per resource), the totals. */
    static String describe(Instance in, int[] initial, int[] assignment) {
        CostReport report = CostChecker.check(in, initial, assignment);
        int machines = in.machineCount();
        int resources = in.resourceCount();
        long[][] usage = new long[machines][resources];
        long[][] hold = new long[machines][resources];
        int moved = 0;
        for (int p = 0; p < assignment.length; p++) {
            boolean away = assignment[p] != initial[p];
            moved += away ? 1 : 0;
            for (int r = 0; r < resources; r++) {
                usage[assignment[p]][r] += in.requirement()[p][r];
                if (away) {
                    hold[initial[p]][r] += in.requirement()[p][r];
                }
            }
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "# %s: total %,d feasible %s, %d machines, %d processes (%d moved)%n",
                in.name(), report.total(), report.feasible(), machines, assignment.length, moved));
        long load = 0;
        for (int r = 0; r < resources; r++) {
            load += in.loadCostWeight()[r] * report.loadCost()[r];
        }
        long balance = 0;
        for (int b = 0; b < report.balanceCost().length; b++) {
            balance += in.balances().get(b).weight() * report.balanceCost()[b];
        }
        out.append(String.format(Locale.ROOT,
                "# weighted: load %,d  balance %,d  process move %,d  service move %,d  machine move %,d%n", load, balance,
                in.processMoveWeight() * report.processMoveCost(), in.serviceMoveWeight() * report.serviceMoveCost(),
                in.machineMoveWeight() * report.machineMoveCost()));
        for (int b = 0; b < report.balanceCost().length; b++) {
            Balance bal = in.balances().get(b);
            out.append(String.format(Locale.ROOT, "# balance %d: r%d/r%d target %d weight %d cost %,d%n", b,
                    bal.firstResource(), bal.secondResource(), bal.target(), bal.weight(), report.balanceCost()[b]));
        }
        out.append(HEADER).append('\n');
        long bound = 0;
        for (int r = 0; r < resources; r++) {
            boolean transientR = in.transientResource()[r];
            long total = 0;
            long safety = 0;
            long capacity = 0;
            long room = 0;
            long usable = 0;
            long held = 0;
            int over = 0;
            int near = 0;
            for (int m = 0; m < machines; m++) {
                long cap = in.capacity()[m][r];
                long above = usage[m][r] - in.safetyCapacity()[m][r];
                total += usage[m][r];
                safety += in.safetyCapacity()[m][r];
                capacity += cap;
                held += hold[m][r];
                if (above > 0) {
                    over++;
                } else {
                    room -= above;
                    usable += transientR ? Math.max(0, Math.min(-above, cap - usage[m][r] - hold[m][r])) : -above;
                }
                if (transientR && usage[m][r] + hold[m][r] > 0.98 * cap) {
                    near++;
                }
            }
            long weight = in.loadCostWeight()[r];
            long cost = weight * report.loadCost()[r];
            long rBound = weight * Math.max(0, total - safety);
            bound += rBound;
            out.append(String.format(Locale.ROOT, "r%d %s %d %.4f %.4f %,d %.1f %,d %d %,d %,d %,d %s%n", r,
                    transientR ? "T" : "-", weight, (double) total / safety, (double) total / capacity, cost,
                    report.total() == 0 ? 0.0 : 100.0 * cost / report.total(), rBound, over, room, usable, held,
                    transientR ? Integer.toString(near) : "-"));
        }
        out.append(String.format(Locale.ROOT, "# lower bound from the totals %,d%n", bound));
        return out.toString();
    }
}
