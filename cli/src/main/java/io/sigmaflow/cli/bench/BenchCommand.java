package io.sigmaflow.cli.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * {@code ./sigma bench placement ...} and {@code ./sigma bench recount --dir DIR}. Prints progress,
 * then a summary whose last line is one JSON object. Exit codes: 0 done, 2 bad command line,
 * 3 the recount found a violation (overcommit or avoidable co-location).
 */
public final class BenchCommand {
    static final int USAGE_ERROR = 2;
    static final int VIOLATION = 3;

    private BenchCommand() {}

    public static void main(String[] args) throws Exception {
        System.exit(run(Arrays.asList(args), System.out, System.err));
    }

    static int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        if (args.isEmpty()) {
            return usage(err, "missing subcommand (placement or recount)");
        }
        List<String> rest = args.subList(1, args.size());
        try {
            return switch (args.get(0)) {
                case "placement" -> placement(BenchOptions.parse(rest), out);
                case "recount" -> recount(rest, out);
                case "help", "--help", "-h" -> {
                    out.println(BenchOptions.USAGE);
                    yield 0;
                }
                default -> usage(err, "unknown subcommand '" + args.get(0) + "'");
            };
        } catch (BenchOptions.UsageException e) {
            return usage(err, e.getMessage());
        }
    }

    private static int placement(BenchOptions options, PrintStream out) throws Exception {
        if (!options.coreOnly()) {
            EndToEndBench.Result e2e = new EndToEndBench(options, out).run();
            if (options.out() != null) {
                BenchCsv.write(options.out(), e2e.nodes(), e2e.placements());
                out.printf("wrote %s and %s in %s%n", BenchCsv.NODES_FILE, BenchCsv.PLACEMENTS_FILE, options.out());
            }
            BenchResult r = e2e.summary();
            out.printf("placements/s %.0f, p50 %.1f ms, p99 %.1f ms%n", r.placementsPerSecond(), r.p50Ms(), r.p99Ms());
            out.println(r.toJson(e2e.extra()));
            boolean clean = r.overcommittedNodes() == 0 && r.avoidableColocations() == 0
                    && ((Number) e2e.extra().get("duplicate_binds")).intValue() == 0 && r.placed() + r.pending() == r.pods();
            return clean ? 0 : VIOLATION;
        }
        BenchResult result = new CoreOnlyBench(options, out).run();
        out.printf("placements/s %.0f, p50 %.4f ms, p99 %.4f ms%n", result.placementsPerSecond(), result.p50Ms(),
                result.p99Ms());
        out.println(result.toJson());
        return result.overcommittedNodes() == 0 && result.avoidableColocations() == 0 ? 0 : VIOLATION;
    }

    private static int recount(List<String> args, PrintStream out) throws Exception {
        if (args.size() != 2 || !args.get(0).equals("--dir")) {
            throw new BenchOptions.UsageException("recount needs exactly --dir DIR");
        }
        Path dir = Path.of(args.get(1));
        List<NodeRow> nodes;
        List<PlacementRow> placements;
        try {
            nodes = BenchCsv.readNodes(dir);
            placements = BenchCsv.readPlacements(dir);
        } catch (IllegalArgumentException e) {
            throw new BenchOptions.UsageException(e.getMessage());
        }
        RecountChecker.Recount r = RecountChecker.check(nodes, placements);
        out.printf("{\"nodes\":%d,\"placements\":%d,\"overcommitted_nodes\":%d,\"avoidable_colocations\":%d,"
                        + "\"unknown_nodes\":%d,\"duplicate_pods\":%d}%n",
                nodes.size(), r.placements(), r.overcommittedNodes(), r.avoidableColocations(), r.unknownNodes(),
                r.duplicatePods());
        return r.clean() ? 0 : VIOLATION;
    }

    private static int usage(PrintStream err, String problem) {
        err.println("bench: " + problem);
        err.println(BenchOptions.USAGE);
        return USAGE_ERROR;
    }
}
