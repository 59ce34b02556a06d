package io.sigmaflow.roadef.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./sigma roadef-all [--data DIR] [--seconds S] [--instances a1_1,a2_3] [--seed N] [--out DIR]}:
 * solves the A instances one after another, each verified by the checker, and prints a
 * markdown table against {@code bestknown_A.csv}.
 */
public final class RoadefBenchmark {
    private static final String USAGE = "usage: ./sigma roadef-all [--data DIR] [--seconds S]"
            + " [--instances a1_1,a2_3] [--seed N] [--out DIR]";

    private RoadefBenchmark() {}

    /** A row of bestknown_A.csv. */
    record BestKnown(long initialCost, long bestKnown) {}

    public static void main(String[] args) throws IOException {
        Path data = Path.of("roadef/data/roadef2012");
        String seconds = "300";
        String seed = "0";
        List<String> instances = null;
        Path out = Path.of("target", "roadef-solutions");
        try {
            for (int i = 0; i < args.length; i += 2) {
                if (i + 1 >= args.length) {
                    throw new UsageException(args[i] + ": missing value");
                }
                String value = args[i + 1];
                switch (args[i]) {
                    case "--data" -> data = Path.of(value);
                    case "--seconds" -> seconds = value;
                    case "--seed" -> seed = value;
                    case "--instances" -> instances = List.of(value.split(","));
                    case "--out" -> out = Path.of(value);
                    default -> throw new UsageException(args[i] + ": unknown option");
                }
            }
            if (!Files.isRegularFile(data.resolve("bestknown_A.csv"))) {
                throw new UsageException("--data: " + data + " has no bestknown_A.csv");
            }
        } catch (UsageException e) {
            System.err.println("roadef-all: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        Map<String, BestKnown> best = readBestKnown(data.resolve("bestknown_A.csv"));
        Files.createDirectories(out);
        List<String> rows = new ArrayList<>();
        int withinOnePercent = 0;
        int feasible = 0;
        for (String name : instances == null ? List.copyOf(best.keySet()) : instances) {
            BestKnown known = best.get(name);
            if (known == null) {
                System.err.println("roadef-all: --instances: unknown instance " + name);
                System.exit(2);
            }
            String[] solveArgs = {
                "--model", data.resolve("A/model_" + name + ".txt").toString(),
                "--assignment", data.resolve("A/assignment_" + name + ".txt").toString(),
                "--seconds", seconds, "--out", out.resolve("solution_" + name + ".txt").toString(), "--seed", seed};
            RoadefArgs parsed = RoadefArgs.parse(solveArgs);
            RoadefSolve.Outcome o = RoadefSolve.solve(parsed.model(), parsed.assignment(), parsed.time(),
                    parsed.seed(), parsed.out());
            double gap = gapPercent(o.cost(), known.bestKnown());
            withinOnePercent += gap <= 1.0 ? 1 : 0;
            feasible += o.feasible() ? 1 : 0;
            String row = String.format(Locale.ROOT, "| %s | %,d | %,d | %,d | %.3f | %s | %,d |", name, o.initialCost(),
                    o.cost(), known.bestKnown(), gap, o.feasible() ? "yes" : "NO", o.moveEvaluationSpeed());
            rows.add(row);
            System.err.println(row);
            System.err.println(o.json());
        }
        System.out.println("| instance | initial | ours | best known | gap % | feasible | moves/s |");
        System.out.println("|---|---:|---:|---:|---:|---|---:|");
        rows.forEach(System.out::println);
        System.out.printf(Locale.ROOT, "%d of %d feasible, %d within 1%% of best known, %s s each, seed %s%n",
                feasible, rows.size(), withinOnePercent, seconds, seed);
    }

    /** (ours - best) / best in percent; an instance whose best is 0 counts any positive cost as infinitely far. */
    static double gapPercent(long cost, long bestKnown) {
        if (bestKnown == 0) {
            return cost == 0 ? 0 : Double.POSITIVE_INFINITY;
        }
        return 100.0 * (cost - bestKnown) / bestKnown;
    }

    static Map<String, BestKnown> readBestKnown(Path csv) throws IOException {
        Map<String, BestKnown> rows = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(csv);
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",");
            rows.put(f[0], new BestKnown(Long.parseLong(f[1]), Long.parseLong(f[3])));
        }
        return rows;
    }
}
