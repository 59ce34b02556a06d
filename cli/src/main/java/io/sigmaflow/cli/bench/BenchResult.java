package io.sigmaflow.cli.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sigmaflow.cli.support.JsonLine;

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

    /** {@link #toJson()} with more fields at the end (numbers as they are, null as null, anything else as a string). */
    public String toJson(java.util.Map<String, Object> extra) {
        ObjectNode json = fields();
        extra.forEach((key, value) -> {
            switch (value) {
                case null -> json.putNull(key);
                case Integer n -> json.put(key, n);
                case Long n -> json.put(key, n);
                case Number n -> json.put(key, n.doubleValue());
                default -> json.put(key, String.valueOf(value));
            }
        });
        return JsonLine.of(json);
    }

    public String toJson() {
        return JsonLine.of(fields());
    }

    private ObjectNode fields() {
        return JsonLine.object()
                .put("mode", mode)
                .put("nodes", nodes)
                .put("pods", pods)
                .put("placed", placed)
                .put("pending", pending)
                .put("seconds", JsonLine.round(seconds, 3))
                .put("placements_per_s", Math.round(placementsPerSecond()))
                .put("cpu_seconds", JsonLine.round(cpuSeconds, 3))
                .put("placements_per_cpu_s", Math.round(placementsPerCpuSecond()))
                .put("p50_ms", JsonLine.round(p50Ms, 4))
                .put("p99_ms", JsonLine.round(p99Ms, 4))
                .put("overcommitted_nodes", overcommittedNodes)
                .put("avoidable_colocations", avoidableColocations)
                .put("apps", apps)
                .put("seed", seed)
                .put("warmup_pods", warmupPods)
                .put("max_candidates", maxCandidates)
                .put("cpu_used_pct", JsonLine.round(cpuUsedPct, 1))
                .put("memory_used_pct", JsonLine.round(memoryUsedPct, 1))
                .put("node_cpu_stddev_pct", JsonLine.round(nodeCpuStddevPct, 2));
    }
}
