package io.sigmaflow.roadef.search;

import io.sigmaflow.roadef.check.CostChecker;
import io.sigmaflow.roadef.domain.MachineReassignment;
import io.sigmaflow.roadef.io.AssignmentFile;
import io.sigmaflow.roadef.io.Instance;
import io.sigmaflow.roadef.io.InstanceReader;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A measuring tool, not product: one {@link SimulatedAnnealing} on one thread for a fixed number
 * of candidates (deterministic: the same cost on any machine), printing the best cost (checked
 * by the independent {@link CostChecker}) and the CPU seconds of the searching thread, so that
 * variants can be compared at equal candidates and at equal CPU on a shared machine.
 *
 * <pre>
 * java -cp ... io.sigmaflow.roadef.search.SearchCpu MODEL ASSIGNMENT CANDIDATES SEED
 * </pre>
 */
public final class SearchCpu {
    private SearchCpu() {}

    public static void main(String[] args) {
        Instance instance = InstanceReader.read(Path.of(args[0]));
        int[] initial = AssignmentFile.read(Path.of(args[1]), instance);
        long candidates = Long.parseLong(args[2]);
        long seed = Long.parseLong(args[3]);
        MachineReassignment solution = MachineReassignment.of(instance, initial, initial);
        RoadefSearchPhase.Settings settings = RoadefSearchPhase.Settings.defaults(seed, 1, Duration.ofSeconds(1))
                .withCandidates(candidates);
        var threads = ManagementFactory.getThreadMXBean();
        long cpu0 = threads.getCurrentThreadCpuTime();
        SimulatedAnnealing search = new SimulatedAnnealing(RoadefSearchPhase.stateOf(solution),
                new SplittableRandom(seed).split(), settings);
        search.run(candidates, () -> false);
        double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
        var report = CostChecker.check(instance, initial, search.bestAssignment());
        System.out.printf(Locale.ROOT, "%s seed=%d candidates=%d best=%d checker=%d feasible=%s cpu_s=%.2f%n",
                instance.name(), seed, candidates, search.bestCost(), report.total(), report.feasible(), cpu);
        if (!report.feasible() || report.total() != search.bestCost()) {
            System.exit(3);
        }
    }
}
