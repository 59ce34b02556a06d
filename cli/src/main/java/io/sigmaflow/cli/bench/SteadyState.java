package io.sigmaflow.cli.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The steady-state view of an end-to-end run: throughput and cpu per placement between two readings,
 * taken when the job had written a quarter and three quarters of the pods' BINDs ({@link WriteProgress}).
 * The whole timed window (the headline) starts with a cold JVM: the JIT compiles most of the
 * broker's, the job's and the clients' code in the first seconds of a 15 s run, a cost an
 * operator's job, running for weeks, pays once. Each reading: the count, the wall time, the
 * process's (the deployment's) cpu, and the JIT's and the collector's cpu where the target reads
 * them ({@code -1} where not: the cluster's processes).
 *
 * <p>Why in mid-run, not to the last BIND: the window's two ends then see the same pipeline
 * (requests routed ahead, decisions written but not committed); at the last BIND nothing is in
 * flight, so a window to it would count the work the job had done ahead of its start for nothing.
 */
final class SteadyState {
    /** A quarter of the pods offered: where the steady-state window starts. */
    static int startAt(int podsOffered) {
        return Math.max(1, (int) Math.ceil(podsOffered / 4.0));
    }

    /** Three quarters of the pods offered: where it ends. */
    static int endAt(int podsOffered) {
        return Math.max(1, (int) Math.ceil(podsOffered * 3 / 4.0));
    }

    /** What was read when {@code placed} BINDs had been read. */
    record Mark(int placed, long wallNanos, long cpuNanos, long jitNanos, long gcNanos) {}

    private SteadyState() {}

    /**
     * The window from {@code start} to {@code end}: {@code steady_placements}, {@code steady_seconds},
     * {@code steady_placements_per_s}, {@code steady_cpu_seconds}, {@code steady_cpu_us_per_placement},
     * and where both readings have them {@code steady_jit_us_per_placement}, {@code steady_gc_us_per_placement}.
     * Empty where the window holds no placement or no time (fewer than a quarter placed, or none after).
     */
    static Map<String, Object> between(Mark start, Mark end) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (start == null || end == null) {
            return out;
        }
        int placed = end.placed() - start.placed();
        long nanos = end.wallNanos() - start.wallNanos();
        if (placed <= 0 || nanos <= 0) {
            return out;
        }
        double seconds = nanos / 1e9;
        double cpu = (end.cpuNanos() - start.cpuNanos()) / 1e9;
        out.put("steady_placements", placed);
        out.put("steady_seconds", round(seconds, 1000));
        out.put("steady_placements_per_s", round(placed / seconds, 10));
        out.put("steady_cpu_seconds", round(cpu, 1000));
        out.put("steady_cpu_us_per_placement", round(cpu * 1e6 / placed, 10));
        if (start.jitNanos() >= 0 && end.jitNanos() >= 0) {
            out.put("steady_jit_us_per_placement", round((end.jitNanos() - start.jitNanos()) / 1e3 / placed, 10));
        }
        if (start.gcNanos() >= 0 && end.gcNanos() >= 0) {
            out.put("steady_gc_us_per_placement", round((end.gcNanos() - start.gcNanos()) / 1e3 / placed, 10));
        }
        return out;
    }

    private static double round(double value, int per) {
        return Math.round(value * per) / (double) per;
    }
}
