package io.sigmaflow.cli.bench;

import java.util.Locale;

/**
 * A benchmark's summary; {@link #toJson()} is the last line the command prints.
 *
 * @param seconds wall time of the timed placement loop
 * @param cpuSeconds cpu time of the placing thread during that loop: on a shared machine the wall
 *     time includes time the thread waited for a core, this does not
 * @param p50Ms median time of one placement decision (decide and commit), in milliseconds
 * @param nodeCpuStddevPct standard deviation of the nodes' cpu utilization (percent points): how
 *     evenly least-allocated spread the load; lower is more even
 */
public record BenchResult(String mode, int nodes, int pods, int apps, int placed, int pending, double seconds,
                          double cpuSeconds,
                          double p50Ms, double p99Ms, int overcommittedNodes, int avoidableColocations,
                          long seed, int warmupPods, int maxCandidates, double cpuUsedPct, double memoryUsedPct,
                          double nodeCpuStddevPct) {

    public double placementsPerSecond() {
        return seconds > 0 ? placed / seconds : 0;
    }

    public double placementsPerCpuSecond() {
        return cpuSeconds > 0 ? placed / cpuSeconds : 0;
    }

    /** {@link #toJson()} with more fields at the end (numbers as they are, anything else quoted). */
    public String toJson(java.util.Map<String, Object> extra) {
        StringBuilder json = new StringBuilder(toJson());
        json.setLength(json.length() - 1);
        extra.forEach((key, value) -> json.append(",\"").append(key).append("\":")
                .append(value instanceof Number ? value.toString() : "\"" + value + "\""));
        return json.append('}').toString();
    }

    public String toJson() {
        return String.format(Locale.ROOT,
                "{\"mode\":\"%s\",\"nodes\":%d,\"pods\":%d,\"placed\":%d,\"pending\":%d,\"seconds\":%.3f,"
                        + "\"placements_per_s\":%.0f,\"cpu_seconds\":%.3f,\"placements_per_cpu_s\":%.0f,\"p50_ms\":%.4f,\"p99_ms\":%.4f,\"overcommitted_nodes\":%d,"
                        + "\"avoidable_colocations\":%d,\"apps\":%d,\"seed\":%d,\"warmup_pods\":%d,"
                        + "\"max_candidates\":%d,\"cpu_used_pct\":%.1f,\"memory_used_pct\":%.1f,"
                        + "\"node_cpu_stddev_pct\":%.2f}",
                mode, nodes, pods, placed, pending, seconds, placementsPerSecond(), cpuSeconds, placementsPerCpuSecond(), p50Ms, p99Ms, overcommittedNodes,
                avoidableColocations, apps, seed, warmupPods, maxCandidates, cpuUsedPct, memoryUsedPct,
                nodeCpuStddevPct);
    }
}
