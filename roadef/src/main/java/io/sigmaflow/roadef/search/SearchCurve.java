package io.sigmaflow.roadef.search;

import io.sigmaflow.cli.support.Table;
import io.sigmaflow.roadef.check.CostChecker;
import io.sigmaflow.roadef.domain.MachineReassignment;
import io.sigmaflow.roadef.io.AssignmentFile;
import io.sigmaflow.roadef.io.Instance;
import io.sigmaflow.roadef.io.InstanceReader;
import io.sigmaflow.roadef.score.RoadefState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * A measuring tool, not product: runs the array search on one instance for a fixed number of
 * candidates per thread (deterministic: the same numbers on any machine but the seconds) and
 * prints the best cost at every exchange point with the candidates per process spent to get
 * there, so that a small instance's curve can be laid next to a large one's. The best is
 * re-checked by the independent {@link CostChecker} at the end.
 *
 * <pre>
 * java -cp ... io.sigmaflow.roadef.search.SearchCurve MODEL ASSIGNMENT CANDIDATES_PER_THREAD
 *      [THREADS=1] [SEED=0] [REFERENCE=0] [ENGINE=auto|portfolio|partitioned] [START END] [SCHEDULE_SECONDS]
 * </pre>
 */
public final class SearchCurve {
    private SearchCurve() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 3) {
            System.err.println("usage: SearchCurve MODEL ASSIGNMENT CANDIDATES_PER_THREAD [THREADS] [SEED] [REFERENCE] [ENGINE] [START END] [SCHEDULE_SECONDS]");
            System.exit(2);
        }
        Instance instance = InstanceReader.read(Path.of(args[0]));
        int[] initial = AssignmentFile.read(Path.of(args[1]), instance);
        long candidates = Long.parseLong(args[2]);
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        long seed = args.length > 4 ? Long.parseLong(args[4]) : 0;
        long reference = args.length > 5 ? Long.parseLong(args[5]) : 0;
        String engine = args.length > 6 ? args[6] : "auto";
        RoadefSearchPhase.Settings settings = RoadefSearchPhase.Settings.defaults(seed, threads, Duration.ofSeconds(1))
                .withCandidates(candidates);
        long total = candidates;
        if (args.length > 9) {
            // As a time-limited run does it: the schedule from a time limit at the nominal rate, the
            // search going on at the end temperature until CANDIDATES_PER_THREAD.
            settings = RoadefSearchPhase.Settings.defaults(seed, threads, Duration.ofSeconds(Long.parseLong(args[9])));
        }
        if (args.length > 8) {
            // Experiments with the schedule: start and end temperature as shares of the best cost.
            settings = new RoadefSearchPhase.Settings(seed, threads, settings.timeLimit(), Double.parseDouble(args[7]),
                    Double.parseDouble(args[8]), settings.swapPercent(), settings.ruinEvery(), settings.candidates());
        }
        MachineReassignment solution = MachineReassignment.of(instance, initial, initial);
        Supplier<RoadefState> states = () -> RoadefSearchPhase.stateOf(solution);
        ParallelSearch search = switch (engine) {
            case "portfolio" -> new PortfolioSearch(states, settings);
            case "partitioned" -> new PartitionedSearch(states, settings);
            case "auto" -> ParallelSearch.create(states, settings);
            default -> throw new IllegalArgumentException("engine: portfolio, partitioned or auto, got " + engine);
        };
        long start = System.nanoTime();
        int processes = instance.processCount();
        System.out.printf(Locale.ROOT, "# %s engine=%s threads=%d seed=%d candidates/thread=%d%n", instance.name(),
                engine, threads, seed, candidates);
        Table curve = new Table("point", "seconds", "candidates_per_process", "best", "gap_pct", "candidates_per_s");
        while (!search.done() && search.evaluations() < total * threads) {
            search.runEpoch(() -> false);
            long point = search.epochs();
            if (point % 5 == 0 || point <= 2) {
                double seconds = (System.nanoTime() - start) / 1e9;
                long evaluations = search.evaluations();
                curve.row(point, String.format(Locale.ROOT, "%.1f", seconds),
                        String.format(Locale.ROOT, "%.1f", (double) evaluations / processes), search.bestCost(),
                        reference > 0 ? String.format(Locale.ROOT, "%.2f", 100.0 * (search.bestCost() - reference) / reference) : "-",
                        String.format(Locale.ROOT, "%.0f", evaluations / seconds));
                System.err.printf(Locale.ROOT, "point %d at %.1f s: %,d%n", point, seconds, search.bestCost());
            }
        }
        System.out.print(curve.render());
        var report = CostChecker.check(instance, initial, search.bestAssignment());
        System.out.printf(Locale.ROOT, "# checker: cost %d feasible %s (search says %d)%n", report.total(),
                report.feasible(), search.bestCost());
        if (search instanceof PartitionedSearch partitioned) {
            System.out.println("# parts kept by the merges: " + partitioned.mergeStatistics());
        }
        if (!report.feasible() || report.total() != search.bestCost()) {
            System.exit(3);
        }
    }
}
