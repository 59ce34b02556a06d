package io.sigmaflow.cli.rebalance;

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
import java.util.Set;

/**
 * {@code ./sigma rebalance-bench [--nodes 1000] [--fill 0.5] [--seconds 30] [--max-moves N]
 * [--max-moves-per-app N] [--seed S] [--config FILE]}: a dry run on a generated
 * {@link BadlySpreadCluster} (20 hosts per chassis, 10 chassis per core switch), without Kafka:
 * the same solve, plan and plan check as {@code ./sigma rebalance}, the same report, and a last
 * line of JSON with the numbers. Exit 3 when the plan fails its check, 2 for a bad command line.
 */
public final class RebalanceBench {
    static final String USAGE = "usage: ./sigma rebalance-bench [--nodes N] [--fill F] [--seconds S] [--max-moves N]"
            + " [--max-moves-per-app N] [--seed S] [--config FILE]";

    private RebalanceBench() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        int nodes = 1000;
        double fill = 0.5;
        long seed = 1;
        Duration seconds = null;
        Integer maxMoves = null;
        Integer maxMovesPerApp = null;
        Path config = null;
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            String value = i + 1 < args.length ? args[++i] : null;
            if (value == null) {
                errors.add(option + ": missing value");
                break;
            }
            try {
                switch (option) {
                    case "--nodes" -> nodes = positive(option, Integer.parseInt(value));
                    case "--fill" -> {
                        fill = Double.parseDouble(value);
                        if (!(fill > 0 && fill <= 1)) {
                            errors.add("--fill: " + value + " must be above 0 and at most 1");
                        }
                    }
                    case "--seconds" -> seconds = Duration.ofSeconds(positive(option, Integer.parseInt(value)));
                    case "--max-moves" -> maxMoves = positive(option, Integer.parseInt(value));
                    case "--max-moves-per-app" -> maxMovesPerApp = positive(option, Integer.parseInt(value));
                    case "--seed" -> seed = Long.parseLong(value);
                    case "--config" -> {
                        config = Path.of(value);
                        if (!Files.isReadable(config)) {
                            errors.add("--config: '" + value + "' is not a readable file");
                        }
                    }
                    default -> errors.add(option + ": unknown option");
                }
            } catch (NumberFormatException e) {
                errors.add(option + ": '" + value + "' is not a number");
            } catch (IllegalArgumentException e) {
                errors.add(e.getMessage());
            }
        }
        RebalanceConfig settings = null;
        if (errors.isEmpty()) {
            try {
                settings = (config == null ? RebalanceConfig.defaults() : RebalanceConfig.load(config))
                        .with(seconds, maxMoves, maxMovesPerApp);
            } catch (RebalanceConfig.ConfigException e) {
                errors.addAll(e.problems());
            }
        }
        if (!errors.isEmpty()) {
            errors.forEach(e -> System.err.println("rebalance-bench: " + e));
            System.err.println(USAGE);
            return 2;
        }
        long start = System.nanoTime();
        ClusterSnapshot snapshot = ClusterSnapshot.of(BadlySpreadCluster.generate(nodes, 20, 10, fill, seed));
        System.err.printf("rebalance-bench: generated %d nodes, %d pods in %.1f s%n", snapshot.nodes().size(),
                snapshot.podCount(), (System.nanoTime() - start) / 1e9);
        RunReport report = new Rebalancer(settings, Clock.systemUTC()).run(snapshot, s -> Set.of());
        report.print(System.out, 20);
        System.out.println(report.json("bench", false));
        return report.check().valid() ? 0 : 3;
    }

    private static int positive(String option, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(option + ": " + value + " must be at least 1");
        }
        return value;
    }
}
