package io.sigmaflow.cli.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The training run of {@code ./sigma aot-cache}: one or more {@code bench} command lines, one after
 * the other, in this one JVM, so the AOT cache it writes as it exits (JDK 25 records one run per
 * cache) holds the classes and method profiles of each. Arguments: bench command lines separated by
 * {@value #THEN} (one that starts with an option is a {@code placement} run, as
 * {@code ./sigma aot-cache --nodes 2000 --pods 40000} always meant); none: {@link #DEFAULT_RUNS}, the
 * throughput profile. Training the latency profile too (its changelog backend's classes are not in a
 * cache trained without it) was measured and did not pay (issue 18, lat18; docs/decisions.md):
 * {@code ./sigma aot-cache placement --nodes 2000 --pods 20000 --profile latency --rate 1000 +
 * placement --nodes 2000 --pods 40000} makes such a cache. Stops at the first run that fails.
 */
public final class AotTraining {
    static final String THEN = "+";

    /** The throughput profile's training run (the one run the launcher made before). */
    static final List<List<String>> DEFAULT_RUNS = List.of(List.of("placement", "--nodes", "2000", "--pods", "40000"));

    private AotTraining() {}

    public static void main(String[] args) {
        System.exit(run(runs(List.of(args)), System.out, System.err));
    }

    /** The bench command lines in {@code args}, split at {@value #THEN}; the default runs when there are none. */
    static List<List<String>> runs(List<String> args) {
        List<List<String>> runs = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String arg : args) {
            if (arg.equals(THEN)) {
                add(runs, current);
                current = new ArrayList<>();
            } else {
                current.add(arg);
            }
        }
        add(runs, current);
        return runs.isEmpty() ? DEFAULT_RUNS : runs;
    }

    private static void add(List<List<String>> runs, List<String> run) {
        if (run.isEmpty()) {
            return;
        }
        if (run.get(0).startsWith("-")) {
            run.add(0, "placement");
        }
        runs.add(List.copyOf(run));
    }

    /** Runs each command line in turn; the first non-zero exit code, else 0. */
    static int run(List<List<String>> runs, PrintStream out, PrintStream err) {
        for (List<String> bench : runs) {
            out.println("aot training: bench " + String.join(" ", bench));
            int rc = BenchCommand.run(bench, out, err);
            if (rc != 0) {
                err.println("aot training: bench " + String.join(" ", bench) + " exited " + rc);
                return rc;
            }
        }
        return 0;
    }
}
