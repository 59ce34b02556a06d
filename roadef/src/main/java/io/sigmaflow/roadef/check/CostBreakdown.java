package io.sigmaflow.roadef.check;

import io.sigmaflow.roadef.io.AssignmentFile;
import io.sigmaflow.roadef.io.Balance;
import io.sigmaflow.roadef.io.Instance;
import io.sigmaflow.roadef.io.InstanceReader;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A measuring tool, not product: where an assignment's cost is, by the {@link CostChecker}'s
 * parts, and per resource how much usage is over safety against how much room is below it
 * (summed over the machines), how many machines are over, and for transient resources how much
 * capacity the moved-out processes still hold. Diagnoses what a search fails to remove.
 *
 * <pre>
 * java -cp ... io.sigmaflow.roadef.check.CostBreakdown MODEL INITIAL_ASSIGNMENT [SOLUTION]
 * </pre>
 */
public final class CostBreakdown {
    private CostBreakdown() {}

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: CostBreakdown MODEL INITIAL_ASSIGNMENT [SOLUTION]");
            System.exit(2);
        }
        Instance instance = InstanceReader.read(Path.of(args[0]));
        int[] initial = AssignmentFile.read(Path.of(args[1]), instance);
        int[] assignment = args.length > 2 ? AssignmentFile.read(Path.of(args[2]), instance) : initial;
        System.out.print(describe(instance, initial, assignment));
    }

    /** The report as text: the checker's parts, then one line per resource. */
    public static String describe(Instance instance, int[] initial, int[] assignment) {
        CostReport report = CostChecker.check(instance, initial, assignment);
        StringBuilder out = new StringBuilder();
        int machines = instance.machineCount();
        int resources = instance.resourceCount();
        int moved = 0;
        for (int p = 0; p < assignment.length; p++) {
            if (assignment[p] != initial[p]) {
                moved++;
            }
        }
        out.append(String.format(Locale.ROOT, "# %s: total %,d feasible %s, %d machines, %d processes (%d moved)%n",
                instance.name(), report.total(), report.feasible(), machines, assignment.length, moved));
        long load = 0;
        for (int r = 0; r < resources; r++) {
            load += instance.loadCostWeight()[r] * report.loadCost()[r];
        }
        long balance = 0;
        for (int b = 0; b < report.balanceCost().length; b++) {
            balance += instance.balances().get(b).weight() * report.balanceCost()[b];
        }
        out.append(String.format(Locale.ROOT,
                "# weighted: load %,d  balance %,d  process move %,d  service move %,d  machine move %,d%n", load, balance,
                instance.processMoveWeight() * report.processMoveCost(),
                instance.serviceMoveWeight() * report.serviceMoveCost(),
                instance.machineMoveWeight() * report.machineMoveCost()));
        for (int b = 0; b < report.balanceCost().length; b++) {
            Balance bal = instance.balances().get(b);
            out.append(String.format(Locale.ROOT, "# balance %d: r%d/r%d target %d weight %d cost %,d%n", b,
                    bal.firstResource(), bal.secondResource(), bal.target(), bal.weight(), report.balanceCost()[b]));
        }
        long[][] usage = new long[machines][resources];
        long[][] hold = new long[machines][resources];
        for (int p = 0; p < assignment.length; p++) {
            for (int r = 0; r < resources; r++) {
                usage[assignment[p]][r] += instance.requirement()[p][r];
                if (assignment[p] != initial[p]) {
                    hold[initial[p]][r] += instance.requirement()[p][r];
                }
            }
        }
        out.append("resource transient weight usage safety capacity over_safety room_below_safety machines_over "
                + "weighted_cost share_pct held_by_moved transient_free\n");
        for (int r = 0; r < resources; r++) {
            long u = 0;
            long s = 0;
            long c = 0;
            long over = 0;
            long room = 0;
            long held = 0;
            long free = 0;
            int overCount = 0;
            for (int m = 0; m < machines; m++) {
                long safety = instance.safetyCapacity()[m][r];
                u += usage[m][r];
                s += safety;
                c += instance.capacity()[m][r];
                over += Math.max(0, usage[m][r] - safety);
                room += Math.max(0, safety - usage[m][r]);
                overCount += usage[m][r] > safety ? 1 : 0;
                held += hold[m][r];
                free += instance.capacity()[m][r] - usage[m][r] - hold[m][r];
            }
            long weighted = instance.loadCostWeight()[r] * report.loadCost()[r];
            out.append(String.format(Locale.ROOT, "r%d %s %d %,d %,d %,d %,d %,d %d %,d %.1f %,d %s%n", r,
                    instance.transientResource()[r] ? "T" : "-", instance.loadCostWeight()[r], u, s, c, over, room,
                    overCount, weighted, report.total() == 0 ? 0.0 : 100.0 * weighted / report.total(), held,
                    instance.transientResource()[r] ? String.format(Locale.ROOT, "%,d", free) : "-"));
        }
        return out.toString();
    }
}
