package io.sigmaflow.roadef.search;

import io.sigmaflow.roadef.check.CostChecker;
import io.sigmaflow.roadef.check.CostReport;
import io.sigmaflow.roadef.domain.MachineReassignment;
import io.sigmaflow.roadef.io.AssignmentFile;
import io.sigmaflow.roadef.io.Instance;
import io.sigmaflow.roadef.io.InstanceReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A measuring tool, not product: where an assignment's cost is, per resource. Runs one
 * {@link SimulatedAnnealing} for CANDIDATES on one thread (as {@link SearchCpu}; 0: the initial
 * assignment itself) and prints, per resource, the usage against the total safety and hard
 * capacity, the weighted load cost and its share, the lower bound from the totals, the machines
 * over safety, the room below safety and, on a transient resource, the part of it a machine can
 * still receive (capacity minus usage minus what moved away from it), and the machines within 2 %
 * of their transient capacity; then the move costs.
 *
 * <pre>
 * java -cp ... io.sigmaflow.roadef.search.ResourceBreakdown MODEL ASSIGNMENT CANDIDATES SEED
 * </pre>
 */
public final class ResourceBreakdown {
    private ResourceBreakdown() {}

    public static void main(String[] args) {
        Instance in = InstanceReader.read(Path.of(args[0]));
        int[] initial = AssignmentFile.read(Path.of(args[1]), in);
        long candidates = Long.parseLong(args[2]);
        long seed = Long.parseLong(args[3]);
        int[] assignment = initial;
        if (candidates > 0) {
            MachineReassignment solution = MachineReassignment.of(in, initial, initial);
            var settings = RoadefSearchPhase.Settings.defaults(seed, 1, Duration.ofSeconds(1)).withCandidates(candidates);
            var search = new SimulatedAnnealing(RoadefSearchPhase.stateOf(solution), new SplittableRandom(seed).split(), settings);
            search.run(candidates, () -> false);
            assignment = search.bestAssignment();
        }
        CostReport report = CostChecker.check(in, initial, assignment);
        System.out.printf(Locale.ROOT, "%s seed=%d candidates=%d cost=%,d feasible=%s%n", in.name(), seed, candidates,
                report.total(), report.feasible());
        int machines = in.machineCount();
        int resources = in.resourceCount();
        long[][] usage = new long[machines][resources];
        long[][] held = new long[machines][resources];
        int moved = 0;
        for (int p = 0; p < assignment.length; p++) {
            boolean away = assignment[p] != initial[p];
            moved += away ? 1 : 0;
            for (int r = 0; r < resources; r++) {
                usage[assignment[p]][r] += in.requirement()[p][r];
                held[assignment[p]][r] += in.requirement()[p][r];
                if (away) {
                    held[initial[p]][r] += in.requirement()[p][r];
                }
            }
        }
        System.out.println("resource transient usage/safety usage/capacity load_cost share_pct bound over_safety room usable_room near_transient_capacity");
        long bound = 0;
        for (int r = 0; r < resources; r++) {
            boolean transientR = in.transientResource()[r];
            long total = 0, safety = 0, capacity = 0, excess = 0, room = 0, usable = 0;
            int over = 0, near = 0;
            for (int m = 0; m < machines; m++) {
                total += usage[m][r];
                safety += in.safetyCapacity()[m][r];
                capacity += in.capacity()[m][r];
                long above = usage[m][r] - in.safetyCapacity()[m][r];
                if (above > 0) {
                    excess += above;
                    over++;
                } else {
                    room -= above;
                    usable += transientR ? Math.max(0, Math.min(-above, in.capacity()[m][r] - held[m][r])) : -above;
                }
                if (transientR && held[m][r] > 0.98 * in.capacity()[m][r]) {
                    near++;
                }
            }
            long weight = in.loadCostWeight()[r];
            long rBound = Math.max(0, total - safety) * weight;
            bound += rBound;
            System.out.printf(Locale.ROOT, "r%d %s %.4f %.4f %,d %.1f %,d %d %,d %,d %s%n", r, transientR ? "yes" : "no",
                    (double) total / safety, (double) total / capacity, excess * weight,
                    report.total() == 0 ? 0.0 : 100.0 * excess * weight / report.total(), rBound, over, room,
                    usable, transientR ? Integer.toString(near) : "-");
        }
        System.out.printf(Locale.ROOT, "bound from totals %,d; moved %d; process move %,d, service move %,d, machine move %,d (weighted)%n",
                bound, moved, report.processMoveCost() * in.processMoveWeight(),
                report.serviceMoveCost() * in.serviceMoveWeight(), report.machineMoveCost() * in.machineMoveWeight());
    }
}
