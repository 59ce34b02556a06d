package io.sigmaflow.cli.whatif;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./sigma whatif}: what would SigmaFlow place, given this cluster and these requests? Runs
 * the real job on the input until it settles, stops it, prints the report and, last, one JSON line.
 * Exit codes: 0 settled and clean; 1 did not settle in time (or the job failed); 2 bad command line
 * or bad input (nothing run); 3 settled, but a check failed (overcommit, or the placements topic,
 * node-state and outcomes disagree).
 */
public final class WhatIfCommand {
    static final int NOT_SETTLED = 1;
    static final int USAGE_ERROR = 2;
    static final int VIOLATION = 3;

    static final String USAGE = """
            usage: whatif [--nodes NODES.jsonl --requests REQUESTS.jsonl | --demo] [--parallelism P] [--out DIR]
                          [--timeout 5m] [--settle 3s] [--bootstrap HOST:PORT] [--set KEY=VALUE]...
              --nodes, --requests  JSON lines of NodeEvent / PlacementRequest records (schemas/), fed in file
                                   order, nodes first; without them (or with --demo) the demo input runs
              --parallelism P      the job's parallelism (default: flink-conf/config.yaml's, 2)
              --out DIR            also write DIR/placements.csv and DIR/outcomes.csv
              --timeout D          give up (exit 1) when not settled after D (default 5m)
              --settle D           settled = nothing moved for D, loop drained, input consumed (default 3s)
              --bootstrap H:P      use this Kafka (fresh topics whatif-<id>-*) instead of a broker of its own
              --set KEY=VALUE      a Flink or sigmaflow.* setting over flink-conf/config.yaml""";

    private WhatIfCommand() {}

    public static void main(String[] args) {
        int code;
        try {
            code = run(Arrays.asList(args), System.out, System.err);
        } catch (Exception e) {
            // Exit even so: Flink's and Kafka's threads would keep the JVM up after main threw.
            System.err.println("whatif: the run failed: " + e);
            code = NOT_SETTLED;
        }
        System.exit(code);
    }

    /** Parsed command line. */
    record Options(Path nodes, Path requests, int parallelism, Path out, Duration timeout, Duration settle,
                   String bootstrap, Map<String, String> overrides) {}

    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Options options;
        WhatIfInput input;
        try {
            options = parse(args);
            input = options.nodes() == null ? WhatIfInput.demo() : WhatIfInput.read(options.nodes(), options.requests());
        } catch (UsageException e) {
            err.println("whatif: " + e.getMessage());
            err.println(USAGE);
            return USAGE_ERROR;
        } catch (WhatIfInput.InvalidInputException e) {
            err.println("whatif: the input has " + e.problems().size() + " problem(s); nothing was run:");
            e.problems().forEach(p -> err.println("  " + p));
            return USAGE_ERROR;
        } catch (IOException e) {
            err.println("whatif: cannot read the input: " + e.getMessage());
            return USAGE_ERROR;
        }
        long start = System.nanoTime();
        WhatIfRun.Outcome outcome = new WhatIfRun(new WhatIfRun.Settings(options.parallelism(), options.timeout(),
                options.settle(), options.bootstrap(), options.overrides()), out).run(input);
        double total = (System.nanoTime() - start) / 1e9;
        WhatIfReport report = outcome.report();
        out.println();
        out.print(report.text());
        if (options.out() != null) {
            report.writeCsv(options.out());
            out.println("wrote placements.csv and outcomes.csv in " + options.out());
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
        return String.format(Locale.ROOT, "{\"command\":\"whatif\",\"settled\":%b,\"nodes\":%d,\"requests\":%d,"
                        + "\"apps\":%d,\"desired\":%d,\"placed\":%d,\"pending\":%d,\"overcommitted_nodes\":%d,"
                        + "\"uneven_levels\":%d,\"requests_without_outcome\":%d,\"dead_letters\":%d,\"disagreements\":%d,"
                        + "\"parallelism\":%d,\"seconds_to_settle\":%.1f,\"seconds\":%.1f}",
                o.settled(), input.nodes().size(), input.requests().size(), apps, r.desired(), r.bound().size(),
                r.pending(), r.overcommitted().size(), r.unevenLevels(), r.withoutOutcome().size(),
                r.deadLetters().size(), r.disagreements().size(), o.parallelism(), o.secondsToSettle(), total);
    }

    static Options parse(List<String> args) throws UsageException {
        Path nodes = null;
        Path requests = null;
        boolean demo = false;
        int parallelism = 0;
        Path out = null;
        Duration timeout = Duration.ofMinutes(5);
        Duration settle = Duration.ofSeconds(3);
        String bootstrap = null;
        Map<String, String> overrides = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String flag = args.get(i);
            if (flag.equals("--demo")) {
                demo = true;
                continue;
            }
            if (i + 1 >= args.size()) {
                throw new UsageException(flag.startsWith("--") ? flag + ": needs a value" : flag + ": unknown argument");
            }
            String value = args.get(++i);
            switch (flag) {
                case "--nodes" -> nodes = file(flag, value);
                case "--requests" -> requests = file(flag, value);
                case "--parallelism" -> {
                    if (!value.matches("[1-9]\\d{0,2}")) {
                        throw new UsageException("--parallelism: expected a whole number from 1 to 999, got '" + value + "'");
                    }
                    parallelism = Integer.parseInt(value);
                }
                case "--out" -> out = Path.of(value);
                case "--timeout" -> timeout = duration(flag, value);
                case "--settle" -> settle = duration(flag, value);
                case "--bootstrap" -> {
                    if (!value.matches("[^\\s:]+:\\d{1,5}(,[^\\s:]+:\\d{1,5})*")) {
                        throw new UsageException("--bootstrap: expected HOST:PORT, got '" + value + "'");
                    }
                    bootstrap = value;
                }
                case "--set" -> {
                    int eq = value.indexOf('=');
                    if (eq <= 0) {
                        throw new UsageException("--set: expected KEY=VALUE, got '" + value + "'");
                    }
                    overrides.put(value.substring(0, eq).trim(), value.substring(eq + 1).trim());
                }
                default -> throw new UsageException(flag + ": unknown option");
            }
        }
        if ((nodes == null) != (requests == null)) {
            throw new UsageException("--nodes and --requests go together (or neither, for the demo)");
        }
        if (demo && nodes != null) {
            throw new UsageException("--demo runs the demo input: leave out --nodes and --requests");
        }
        return new Options(nodes, requests, parallelism, out, timeout, settle, bootstrap, Map.copyOf(overrides));
    }

    private static Path file(String flag, String value) throws UsageException {
        Path p = Path.of(value);
        if (!Files.isRegularFile(p)) {
            throw new UsageException(flag + ": no such file: " + value);
        }
        return p;
    }

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|min|h)?");

    /** {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}; a bare number is seconds. */
    static Duration duration(String flag, String value) throws UsageException {
        Matcher m = DURATION.matcher(value.trim());
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new UsageException(flag + ": expected a positive duration such as 500ms, 30s or 5m, got '" + value + "'");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m", "min" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
    }
}
