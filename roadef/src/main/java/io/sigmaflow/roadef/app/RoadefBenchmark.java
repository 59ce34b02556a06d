package io.sigmaflow.roadef.app;

import io.sigmaflow.cli.support.Problems;
import io.sigmaflow.cli.support.SigmaCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./sigma roadef-all [--data DIR | --set DIR] [--seconds S] [--instances a1_1,a2_3] [--seed N] [--threads N] [--candidates N] [--out DIR]}:
 * solves the A instances (or every {@code model_<name>.txt} + {@code assignment_<name>.txt} pair
 * of {@code --set DIR}) one after another, each verified by the checker, and prints a markdown
 * table against the best known costs ({@code bestknown_A.csv}, or the set's optional
 * {@code bestknown*.csv} in the same columns).
 */
@Command(name = "roadef-all",
        description = {"Solve the ROADEF 2012 A instances one after another, each verified by the checker, and print"
            + " a markdown table against the best known costs (bestknown_A.csv)."},
        footer = {"  ./sigma roadef-all --seconds 30 --instances a1_1,a2_3",
            "  ./sigma roadef-all --set target/roadef-large --seconds 60"})
public final class RoadefBenchmark implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR", description = "the data set (default: ${DEFAULT-VALUE})")
    private Path data = Path.of("roadef/data/roadef2012");

    @Option(names = "--set", paramLabel = "DIR", description = "solve every model_<name>.txt with its assignment_<name>.txt in DIR"
            + " instead of the A set; best known from DIR's bestknown*.csv if there is one")
    private Path set;

    @Option(names = "--seconds", paramLabel = "S", description = "time limit per instance in seconds (default: ${DEFAULT-VALUE})")
    private String seconds = "300";

    @Option(names = "--seed", paramLabel = "N", description = "random seed (default: ${DEFAULT-VALUE})")
    private long seed = 0;

    @Option(names = "--threads", paramLabel = "N", description = "searches side by side, one per thread (default: one per core);"
            + " a seed and a thread count give the same search on any machine, the time limit deciding how far it gets")
    private Integer threads;

    @Option(names = "--candidates", paramLabel = "N", description = "stop after N candidates per thread, the cooling"
            + " schedule fitted to them, unless --seconds comes first: the same result on any machine (default: the"
            + " schedule from --seconds, the search going on cold until then)")
    private Long candidates;

    @Option(names = "--instances", paramLabel = "NAME", split = ",", description = "the instances to solve (default: all of bestknown_A.csv)")
    private List<String> instances;

    @Option(names = "--out", paramLabel = "DIR", description = "where the solutions go (default: ${DEFAULT-VALUE})")
    private Path out = Path.of("target", "roadef-solutions");

    /** A row of bestknown_A.csv. */
    record BestKnown(long initialCost, long bestKnown) {}

    public static void main(String[] args) {
        SigmaCli.main(new RoadefBenchmark(), args);
    }

    /** The command on the process's streams; returns its exit code (tests). */
    static int run(String[] args) {
        return SigmaCli.execute(new RoadefBenchmark(), System.out, System.err, args);
    }

    @Override
    public Integer call() throws IOException {
        Problems problems = new Problems();
        Path models = set != null ? set : data.resolve("A");
        Path csv = set != null ? setBestKnown(set) : data.resolve("bestknown_A.csv");
        if (set != null && !Files.isDirectory(set)) {
            problems.add("--set: " + set + " is not a directory");
        } else if (set == null && !Files.isRegularFile(csv)) {
            problems.add("--data: " + data + " has no bestknown_A.csv");
        }
        problems.throwIfAny(spec);
        Map<String, BestKnown> best = csv != null ? readBestKnown(csv) : Map.of();
        List<String> available = set != null ? modelNames(set) : List.copyOf(best.keySet());
        if (available.isEmpty()) {
            problems.add("--set: " + set + " has no model_<name>.txt");
        }
        List<String> names = instances == null ? available : instances;
        names.stream().filter(name -> !available.contains(name))
                .forEach(name -> problems.add("--instances: unknown instance " + name));
        problems.throwIfAny(spec);
        Files.createDirectories(out);
        List<String> rows = new ArrayList<>();
        int withinOnePercent = 0;
        int feasible = 0;
        for (String name : names) {
            BestKnown known = best.get(name);
            RoadefArgs parsed = RoadefArgs.check(models.resolve("model_" + name + ".txt"),
                    models.resolve("assignment_" + name + ".txt"), seconds, out.resolve("solution_" + name + ".txt"),
                    seed, threads, candidates, problems);
            problems.throwIfAny(spec);
            RoadefSolve.Outcome o = RoadefSolve.solve(parsed);
            double gap = known == null ? Double.NaN : gapPercent(o.cost(), known.bestKnown());
            withinOnePercent += gap <= 1.0 ? 1 : 0;
            feasible += o.feasible() ? 1 : 0;
            String row = String.format(Locale.ROOT, "| %s | %,d | %,d | %s | %s | %s | %,d |", name, o.initialCost(),
                    o.cost(), known == null ? "-" : String.format(Locale.ROOT, "%,d", known.bestKnown()),
                    known == null ? "-" : String.format(Locale.ROOT, "%.3f", gap), o.feasible() ? "yes" : "NO",
                    o.moveEvaluationSpeed());
            rows.add(row);
            System.err.println(row);
            System.err.println(o.json());
        }
        System.out.println("| instance | initial | ours | best known | gap % | feasible | moves/s |");
        System.out.println("|---|---:|---:|---:|---:|---|---:|");
        rows.forEach(System.out::println);
        System.out.printf(Locale.ROOT, "%d of %d feasible, %d within 1%% of best known, %s s each, seed %s, %s threads%s%n",
                feasible, rows.size(), withinOnePercent, seconds, seed,
                threads != null ? threads : Runtime.getRuntime().availableProcessors(),
                candidates != null ? String.format(Locale.ROOT, ", at most %,d candidates per thread", candidates) : "");
        return 0;
    }

    /** The instance names of a set directory: every model_<name>.txt that has its assignment_<name>.txt. */
    static List<String> modelNames(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(f -> f.startsWith("model_") && f.endsWith(".txt"))
                    .map(f -> f.substring("model_".length(), f.length() - ".txt".length()))
                    .filter(n -> Files.isRegularFile(dir.resolve("assignment_" + n + ".txt")))
                    .sorted().toList();
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }

    /** The set's best-known table: bestknown.csv, else the first bestknown*.csv, else none. */
    private static Path setBestKnown(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return null;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().matches("bestknown.*\\.csv"))
                    .sorted().findFirst().orElse(null);
        }
    }

    /** Adds (or replaces) one instance's row in a best-known table, creating it with its header. */
    static void appendBestKnown(Path csv, String name, long initialCost, long bestKnown, String source)
            throws IOException {
        List<String> lines = new ArrayList<>(Files.isRegularFile(csv) ? Files.readAllLines(csv)
                : List.of("instance,initial_cost,lower_bound,best_known,source"));
        lines.removeIf(line -> line.startsWith(name + ","));
        lines.add(name + "," + initialCost + ",0," + bestKnown + "," + source.replace(',', ';'));
        Files.write(csv, lines);
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
