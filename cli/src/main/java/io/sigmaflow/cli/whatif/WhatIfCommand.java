package io.sigmaflow.cli.whatif;

import io.sigmaflow.cli.support.BootstrapConverter;
import io.sigmaflow.cli.support.DurationConverter;
import io.sigmaflow.cli.support.JsonLine;
import io.sigmaflow.cli.support.Problems;
import io.sigmaflow.cli.support.SigmaCli;
import io.sigmaflow.cli.whatif.report.ReportFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./sigma whatif}: what would SigmaFlow place, given this cluster and these requests? Runs
 * the real job on the input until it settles, stops it, prints the report and, last, one JSON line.
 * Exit codes: 0 settled and clean; 1 did not settle in time (or the job failed); 2 bad command line
 * or bad input (nothing run); 3 settled, but a check failed (overcommit, or the placements topic,
 * node-state and outcomes disagree).
 */
@Command(name = "whatif",
        description = {"What would SigmaFlow place? Runs the real placement job on this cluster and these requests until it"
            + " settles, stops it, prints the report and, last, one JSON line. Without files: the demo input.",
            "Exit codes: 0 settled and clean, 1 not settled in time (or the job failed), 2 bad command line or input"
            + " (nothing run), 3 settled but a check failed (overcommit, or topics disagree)."},
        footer = "  ./sigma whatif --nodes nodes.jsonl --requests requests.jsonl --parallelism 2 --timeout 5m --report target/whatif")
public final class WhatIfCommand implements Callable<Integer> {
    static final int NOT_SETTLED = 1;
    static final int USAGE_ERROR = SigmaCli.USAGE_ERROR;
    static final int VIOLATION = 3;

    @Spec
    private CommandSpec spec;

    @Option(names = "--nodes", paramLabel = "NODES.jsonl",
            description = "JSON lines of NodeEvent records (schemas/), fed in file order, before the requests")
    private Path nodes;

    @Option(names = "--requests", paramLabel = "REQUESTS.jsonl", description = "JSON lines of PlacementRequest records")
    private Path requests;

    @Option(names = "--nodes-format", paramLabel = "FORMAT", converter = NodesFormatConverter.class,
            description = "jsonl (default), alibaba-v2018 (machine_meta.csv) or alibaba-gpu-v2023 (openb_node_list_gpu_node.csv)")
    private WhatIfInput.NodesFormat nodesFormat = WhatIfInput.NodesFormat.JSONL;

    @Option(names = "--requests-format", paramLabel = "FORMAT", converter = RequestsFormatConverter.class,
            description = "jsonl (default) or alibaba-gpu-v2023 (openb_pod_list_*.csv: each pod an app of 1 replica,"
                + " created and deleted at its trace times)")
    private WhatIfInput.RequestsFormat requestsFormat = WhatIfInput.RequestsFormat.JSONL;

    @Option(names = "--generate", paramLabel = "nodes=N,pods=M[,seed=S]",
            description = "instead of files: the input of ./sigma bench placement --nodes N --pods M (same generator)")
    private String generate;

    @Option(names = "--demo", description = "the demo input (also what runs without --nodes and --requests)")
    private boolean demo;

    @Option(names = "--parallelism", paramLabel = "P", description = "the job's parallelism, 1 to 999 (default: flink-conf/config.yaml's, 2)")
    private Integer parallelism;

    @Option(names = {"--report", "--out"}, paramLabel = "DIR",
            description = "also write DIR/summary.json, placements.csv, nodes.csv, outcomes.csv and report.html (--out: the same)")
    private Path out;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "give up (exit 1) when not settled after this (default: 5m)")
    private Duration timeout = Duration.ofMinutes(5);

    @Option(names = "--settle", paramLabel = "DURATION", converter = DurationConverter.class,
            description = {"settled = nothing moved for this long, loop drained, input consumed (default: 3s)",
                "(" + SigmaCli.DURATIONS + ")"})
    private Duration settle = Duration.ofSeconds(3);

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", converter = BootstrapConverter.class,
            description = "use this Kafka (fresh topics whatif-<id>-*) instead of a broker of its own;"
                + " with --from-cluster the live cluster to read (only read)")
    private String bootstrap;

    @Option(names = "--from-cluster", description = "start from the live cluster at --bootstrap: its committed"
            + " sigma.node-state (nodes, what their pods leave free), read only; the run is on a broker of its own")
    private boolean fromCluster;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "a Flink or sigmaflow.* setting over flink-conf/config.yaml (repeatable)")
    private Map<String, String> overrides = new LinkedHashMap<>();

    private final PrintStream stdout;
    private final PrintStream stderr;

    public WhatIfCommand() {
        this(System.out, System.err);
    }

    private WhatIfCommand(PrintStream stdout, PrintStream stderr) {
        this.stdout = stdout;
        this.stderr = stderr;
    }

    public static void main(String[] args) {
        // Exit even when the run failed: Flink's and Kafka's threads would keep the JVM up.
        SigmaCli.main(new WhatIfCommand(), args);
    }

    /** The command on these streams; returns its exit code. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        return SigmaCli.execute(new WhatIfCommand(out, err), out, err, args.toArray(String[]::new));
    }

    /** Parsed command line. */
    record Options(Path nodes, WhatIfInput.NodesFormat nodesFormat, Path requests,
                   WhatIfInput.RequestsFormat requestsFormat, int parallelism, Path out, Duration timeout, Duration settle,
                   String bootstrap, Map<String, String> overrides) {}

    @Override
    public Integer call() throws Exception {
        Options options = options();
        PrintStream out = stdout;
        PrintStream err = stderr;
        WhatIfInput input;
        try {
            input = fromCluster ? live(options.bootstrap(), options.requests(), options.requestsFormat(), err)
                    : generate != null ? generated(generate)
                    : options.nodes() == null ? WhatIfInput.demo() : WhatIfInput.read(options.nodes(),
                    options.nodesFormat(), options.requests(), options.requestsFormat());
        } catch (WhatIfInput.InvalidInputException e) {
            err.println("whatif: the input has " + e.problems().size() + " problem(s); nothing was run:");
            e.problems().forEach(p -> err.println("  " + p));
            return USAGE_ERROR;
        } catch (IOException | IllegalStateException e) {
            // IllegalStateException: the live cluster's node-state could not be read (no such topic, no answer).
            err.println("whatif: cannot read the input: " + e.getMessage());
            return USAGE_ERROR;
        }
        if (!input.refused().isEmpty()) {
            err.println("whatif: " + input.refused().size() + " input row(s) refused, the run goes on without them:");
            input.refused().stream().limit(20).forEach(p -> err.println("  " + p));
            if (input.refused().size() > 20) {
                err.println("  ... and " + (input.refused().size() - 20) + " more");
            }
        }
        long start = System.nanoTime();
        WhatIfRun.Outcome outcome = new WhatIfRun(new WhatIfRun.Settings(options.parallelism(), options.timeout(),
                options.settle(), fromCluster ? null : options.bootstrap(), options.overrides()), out, err,
                err == System.err && WhatIfProgress.stderrIsTerminal()).run(input);
        double total = (System.nanoTime() - start) / 1e9;
        WhatIfReport report = outcome.report();
        out.println();
        out.print(report.text());
        if (options.out() != null) {
            out.println("wrote " + String.join(", ", ReportFiles.write(options.out(), outcome.settled(), total, input, report))
                    + " in " + options.out());
        }
        int code = !outcome.settled() ? NOT_SETTLED
                : report.overcommitted().isEmpty() && report.disagreements().isEmpty() ? 0 : VIOLATION;
        if (!outcome.settled()) {
            err.println("whatif: " + outcome.problem() + " (the report above is what was committed until then)");
        } else {
            out.printf(Locale.ROOT, "%nsettled in %.1f s (%.1f s with start and stop)%n", outcome.secondsToSettle(), total);
        }
        out.println(json(outcome, report, input, total));
        return code;
    }

    static String json(WhatIfRun.Outcome o, WhatIfReport r, WhatIfInput input, double total) {
        long apps = input.requests().stream().map(x -> x.getAppId()).distinct().count();
        return JsonLine.of(JsonLine.object()
                .put("command", "whatif")
                .put("settled", o.settled())
                .put("nodes", input.nodes().size())
                .put("requests", input.requests().size())
                .put("refused_rows", input.refused().size())
                .put("apps", apps)
                .put("desired", r.desired())
                .put("placed", r.bound().size())
                .put("pending", r.pending())
                .put("overcommitted_nodes", r.overcommitted().size())
                .put("uneven_levels", r.unevenLevels())
                .put("requests_without_outcome", r.withoutOutcome().size())
                .put("dead_letters", r.deadLetters().size())
                .put("disagreements", r.disagreements().size())
                .put("parallelism", o.parallelism())
                .put("seconds_to_settle", JsonLine.round(o.secondsToSettle(), 1))
                .put("seconds", JsonLine.round(total, 1)));
    }

    /** The checked options; a usage error naming every problem otherwise. */
    Options options() {
        Problems problems = new Problems();
        file(problems, "--nodes", nodes);
        file(problems, "--requests", requests);
        if (parallelism != null && (parallelism < 1 || parallelism > 999)) {
            problems.add("--parallelism: expected a whole number from 1 to 999, got '" + parallelism + "'");
        }
        if (timeout.isZero()) {
            problems.add("--timeout: must be above 0");
        }
        if (settle.isZero()) {
            problems.add("--settle: must be above 0");
        }
        if (fromCluster) {
            if (bootstrap == null || nodes != null || requests == null || demo || generate != null) {
                problems.add("--from-cluster needs --bootstrap (the live cluster) and --requests, and no --nodes,"
                        + " --demo or --generate");
            }
        } else if ((nodes == null) != (requests == null)) {
            problems.add("--nodes and --requests go together (or neither, for the demo)");
        }
        if (generate != null) {
            try {
                generateSpec(generate);
            } catch (IllegalArgumentException e) {
                problems.add("--generate: " + e.getMessage());
            }
            if (nodes != null || demo) {
                problems.add("--generate makes the input: leave out --nodes, --requests and --demo");
            }
        }
        if (demo && nodes != null) {
            problems.add("--demo runs the demo input: leave out --nodes and --requests");
        }
        problems.throwIfAny(spec);
        Map<String, String> trimmed = new LinkedHashMap<>();
        overrides.forEach((k, v) -> trimmed.put(k.trim(), v.trim()));
        return new Options(nodes, nodesFormat, requests, requestsFormat, parallelism == null ? 0 : parallelism, out, timeout, settle, bootstrap,
                Map.copyOf(trimmed));
    }

    /** The live cluster's nodes (read only) and the requests file. */
    private static WhatIfInput live(String bootstrap, Path requests, WhatIfInput.RequestsFormat format, PrintStream err)
            throws IOException, WhatIfInput.InvalidInputException {
        List<io.sigmaflow.schema.NodeEvent> nodes = LiveClusterStart.read(bootstrap,
                io.sigmaflow.connectors.topics.Topics.defaults(), Duration.ofSeconds(60));
        if (nodes.isEmpty()) {
            throw new IOException("the live cluster at " + bootstrap + " has no nodes in its node-state");
        }
        err.println("whatif: starting from the live cluster at " + bootstrap + ": " + nodes.size() + " nodes (read only)");
        // The requests through the same checks as a file run; the live nodes replace the nodes file.
        String none = "";
        try (var r = java.nio.file.Files.newBufferedReader(requests)) {
            WhatIfInput read = WhatIfInput.read("(live node-state)", WhatIfInput.NodesFormat.JSONL,
                    new java.io.StringReader(none), requests.toString(), format, r, false);
            return new WhatIfInput(nodes, read.requests(), read.refused());
        }
    }

    /** {@code nodes=N,pods=M[,seed=S]}: the benchmark's generated input. */
    static WhatIfInput generated(String spec) {
        long[] nps = generateSpec(spec);
        var records = io.sigmaflow.cli.bench.BenchInput.generate((int) nps[0], (int) nps[1], nps[2]);
        return new WhatIfInput(records.nodes(), records.requests());
    }

    /** N, M and S of {@code nodes=N,pods=M[,seed=S]}, or an {@link IllegalArgumentException} naming the problem. */
    static long[] generateSpec(String spec) {
        Map<String, Long> values = new LinkedHashMap<>(Map.of("seed", 1L));
        for (String part : spec.split(",")) {
            String[] kv = part.split("=", 2);
            if (kv.length != 2 || !List.of("nodes", "pods", "seed").contains(kv[0].trim())) {
                throw new IllegalArgumentException("expected nodes=N,pods=M[,seed=S], got '" + spec + "'");
            }
            try {
                values.put(kv[0].trim(), Long.parseLong(kv[1].trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(kv[0].trim() + ": expected a whole number, got '" + kv[1] + "'");
            }
        }
        long n = values.getOrDefault("nodes", 0L);
        long p = values.getOrDefault("pods", 0L);
        if (n < 1 || p < 1 || n > 1_000_000 || p > 10_000_000) {
            throw new IllegalArgumentException("nodes=N (1..1,000,000) and pods=M (1..10,000,000) are required, got '"
                    + spec + "'");
        }
        return new long[] {n, p, values.get("seed")};
    }

    static final class NodesFormatConverter implements picocli.CommandLine.ITypeConverter<WhatIfInput.NodesFormat> {
        @Override
        public WhatIfInput.NodesFormat convert(String value) {
            for (WhatIfInput.NodesFormat f : WhatIfInput.NodesFormat.values()) {
                if (f.option.equals(value)) {
                    return f;
                }
            }
            throw new picocli.CommandLine.TypeConversionException("expected jsonl, alibaba-v2018 or alibaba-gpu-v2023, got '"
                    + value + "'");
        }
    }

    static final class RequestsFormatConverter implements picocli.CommandLine.ITypeConverter<WhatIfInput.RequestsFormat> {
        @Override
        public WhatIfInput.RequestsFormat convert(String value) {
            for (WhatIfInput.RequestsFormat f : WhatIfInput.RequestsFormat.values()) {
                if (f.option.equals(value)) {
                    return f;
                }
            }
            throw new picocli.CommandLine.TypeConversionException("expected jsonl or alibaba-gpu-v2023, got '" + value + "'");
        }
    }

    private static void file(Problems problems, String option, Path p) {
        if (p != null && !Files.isRegularFile(p)) {
            problems.add(option + ": no such file: " + p);
        }
    }
}
