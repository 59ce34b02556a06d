package io.sigmaflow.cli.rebalance;

import io.sigmaflow.cli.support.Problems;
import io.sigmaflow.cli.support.SigmaCli;
import io.sigmaflow.placement.synthetic.BadlySpreadCluster;
import io.sigmaflow.solver.rebalance.app.RebalanceConfig;
import io.sigmaflow.solver.rebalance.app.Rebalancer;
import io.sigmaflow.solver.rebalance.app.RunReport;
import io.sigmaflow.solver.rebalance.snapshot.ClusterSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./sigma rebalance-bench [--nodes 1000] [--fill 0.5] [--seconds 30] [--max-moves N]
 * [--max-moves-per-app N] [--seed S] [--config FILE]}: a dry run on a generated
 * {@link BadlySpreadCluster} (20 hosts per chassis, 10 chassis per core switch), without Kafka:
 * the same solve, plan and plan check as {@code ./sigma rebalance}, the same report, and a last
 * line of JSON with the numbers. Exit 3 when the plan fails its check, 2 for a bad command line.
 */
@Command(name = "rebalance-bench",
        description = {"Dry run of the rebalancer on a generated badly spread cluster (20 hosts per chassis, 10 chassis"
            + " per core switch), without Kafka: the same solve, plan, check and report as ./sigma rebalance; last line JSON.",
            "Exit codes: 0 done, 2 bad command line or configuration, 3 the plan failed its check."},
        footer = "  ./sigma rebalance-bench --nodes 1000 --fill 0.5 --seconds 30 --max-moves 200")
public final class RebalanceBench implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--nodes", paramLabel = "N", description = "nodes to generate (default: ${DEFAULT-VALUE})")
    private int nodes = 1000;

    @Option(names = "--fill", paramLabel = "F", description = "share of the cluster's cpu requested, above 0 and at most 1 (default: ${DEFAULT-VALUE})")
    private double fill = 0.5;

    @Option(names = "--seconds", paramLabel = "S", description = "solver time in seconds (default: the configuration's)")
    private Integer seconds;

    @Option(names = "--max-moves", paramLabel = "N", description = "migrations per plan (default: the configuration's)")
    private Integer maxMoves;

    @Option(names = "--max-moves-per-app", paramLabel = "N", description = "migrations per app (default: the configuration's)")
    private Integer maxMovesPerApp;

    @Option(names = "--seed", paramLabel = "S", description = "generator seed (default: ${DEFAULT-VALUE})")
    private long seed = 1;

    @Option(names = "--config", paramLabel = "FILE", description = "rebalancer settings (solver/dist/rebalancer.properties)")
    private Path config;

    public static void main(String[] args) {
        SigmaCli.main(new RebalanceBench(), args);
    }

    @Override
    public Integer call() {
        Problems problems = new Problems();
        atLeastOne(problems, "--nodes", nodes);
        if (!(fill > 0 && fill <= 1)) {
            problems.add("--fill: " + fill + " must be above 0 and at most 1");
        }
        atLeastOne(problems, "--seconds", seconds);
        atLeastOne(problems, "--max-moves", maxMoves);
        atLeastOne(problems, "--max-moves-per-app", maxMovesPerApp);
        if (config != null && !Files.isReadable(config)) {
            problems.add("--config: '" + config + "' is not a readable file");
        }
        problems.throwIfAny(spec);
        RebalanceConfig settings;
        try {
            settings = (config == null ? RebalanceConfig.defaults() : RebalanceConfig.load(config))
                    .with(seconds == null ? null : Duration.ofSeconds(seconds), maxMoves, maxMovesPerApp);
        } catch (RebalanceConfig.ConfigException e) {
            problems.addAll(e.problems()).throwIfAny(spec);
            return SigmaCli.USAGE_ERROR;
        }
        long start = System.nanoTime();
        ClusterSnapshot snapshot = ClusterSnapshot.of(BadlySpreadCluster.generate(nodes, 20, 10, fill, seed));
        System.err.printf("rebalance-bench: generated %d nodes, %d pods in %.1f s%n", snapshot.nodes().size(),
                snapshot.podCount(), (System.nanoTime() - start) / 1e9);
        // The budget counts from here: the generated snapshot stands for the one read from Kafka.
        long runStart = System.nanoTime();
        List<long[]> bests = new ArrayList<>();
        RunReport report = new Rebalancer(settings, Clock.systemUTC()).run(snapshot, s -> Set.of(), runStart,
                (score, at) -> bests.add(new long[] {at.toMillis(), score.softScore()}));
        double runSeconds = (System.nanoTime() - runStart) / 1e9;
        System.err.printf(Locale.ROOT, "rebalance-bench: run %.1f s from snapshot to checked plan (budget %d s)%n",
                runSeconds, settings.solveTime().toSeconds());
        printCurve(report.result().initialScore().softScore(), bests, settings.solveTime().toSeconds());
        report.print(System.out, 20);
        System.out.println(report.json("bench", false));
        return report.check().valid() ? 0 : 3;
    }

    /**
     * The best soft score's gain over staying put at 10, 20, 30, 60, 120 s into the run (those
     * within the budget, and the end): how the quality grows with time, from one run.
     */
    private static void printCurve(long initialSoft, List<long[]> bests, long budgetSeconds) {
        StringBuilder line = new StringBuilder("rebalance-bench: soft score gained by");
        for (long at : new long[] {10, 20, 30, 60, 120, Long.MAX_VALUE}) {
            if (at != Long.MAX_VALUE && at >= budgetSeconds) {
                continue;
            }
            long best = initialSoft;
            for (long[] b : bests) {
                if (at == Long.MAX_VALUE || b[0] <= at * 1000) {
                    best = Math.max(best, b[1]);
                }
            }
            line.append(String.format(Locale.ROOT, " %s %,d;", at == Long.MAX_VALUE ? "the end" : at + " s", best - initialSoft));
        }
        System.err.println(line);
    }

    private static void atLeastOne(Problems problems, String option, Integer value) {
        if (value != null && value < 1) {
            problems.add(option + ": " + value + " must be at least 1");
        }
    }
}
