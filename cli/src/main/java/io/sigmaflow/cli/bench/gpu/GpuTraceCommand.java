package io.sigmaflow.cli.bench.gpu;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sigmaflow.cli.bench.gpu.GpuTraceFiles.TraceNode;
import io.sigmaflow.cli.bench.gpu.GpuTraceFiles.TracePod;
import io.sigmaflow.cli.support.JsonLine;
import io.sigmaflow.cli.support.Problems;
import io.sigmaflow.cli.support.Table;
import io.sigmaflow.placement.model.Pod;
import io.sigmaflow.placement.model.ResourceVector;
import io.sigmaflow.placement.plugins.gpu.GpuWorkload;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ./sigma bench gpu-trace}: the GPU-trace benchmark of the ATC'23 fragmentation paper, on the decision core. */
@Command(name = "gpu-trace",
        description = {"Replay Alibaba's GPU trace (cluster-trace-gpu-v2023) as the FGD paper does: per seed, shuffle the"
            + " pods, inflate to 1.3x the cluster's GPUs, place one at a time (no departures, a pod that fits nowhere"
            + " is dropped) and report the unallocated GPU % at 100 % arrived, median over the seeds.",
            "Last line: a JSON summary of the chosen policy."},
        footer = "  ./sigma bench gpu-trace --nodes cli/data/alibaba-gpu-v2023/openb_node_list_gpu_node.csv"
            + " --pods cli/data/alibaba-gpu-v2023/openb_pod_list_default.csv --policy all --out target/gpu-trace")
public final class GpuTraceCommand implements Callable<Integer> {
    /** The medians published in the paper (Fig. 7, default trace), for the table. */
    static final Map<String, Double> PUBLISHED = Map.of("Random", 13.75, "DotProd", 9.44, "Clustering", 8.42,
            "Packing", 8.19, "BestFit", 7.09, "FGD", 4.77);
    static final int VIOLATION = 3;

    @Spec
    private CommandSpec spec;

    /** The command line's output (what the parent command was given). */
    private PrintWriter out;

    @Option(names = "--nodes", paramLabel = "NODES.csv", required = true,
            description = "node list (sn,cpu_milli,memory_mib,gpu,model)")
    private Path nodesFile;

    @Option(names = "--pods", paramLabel = "PODS.csv", required = true,
            description = "pod list (name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec)")
    private Path podsFile;

    @Option(names = "--seeds", paramLabel = "A..B", description = "seeds, a range A..B or a list A,B,C (default: ${DEFAULT-VALUE})")
    private String seeds = "42..51";

    @Option(names = "--inflate", paramLabel = "X", description = "append copies until GPU requested would pass X times the capacity (default: ${DEFAULT-VALUE})")
    private double inflate = 1.3;

    @Option(names = "--policy", paramLabel = "NAME",
            description = "Random, BestFit, FGD, SigmaFlow, a comma-separated list of them, or all (default: ${DEFAULT-VALUE})")
    private String policy = "SigmaFlow";

    @Option(names = "--variant", paramLabel = "NAME",
            description = "derive one of the paper's other workloads from --pods first: " + GpuTraceVariants.HELP)
    private String variant;

    @Option(names = "--out", paramLabel = "DIR", description = "write curve.csv, curve.svg and placements.csv to DIR")
    private Path outDir;

    @Option(names = "--end-to-end", description = "also place the first seed's order through the real job (embedded"
            + " Kafka and Flink, parallelism 1, the SigmaFlow policy as the job's profile) and compare pod by pod")
    private boolean endToEnd;

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        List<Long> seedList = seeds();
        List<String> policies = policies();
        List<TraceNode> nodes;
        List<TracePod> pods;
        try {
            nodes = GpuTraceFiles.readNodes(nodesFile);
            pods = GpuTraceFiles.readPods(podsFile);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (variant != null) {
            pods = GpuTraceVariants.derive(variant, pods, nodes);
        }
        GpuWorkload workload = GpuWorkload.of(pods.stream().map(GpuTraceCommand::asPod).toList(),
                GpuWorkload.DEFAULT_POPULARITY);
        long capacity = GpuTraceRun.capacityMilli(nodes);
        out.printf("cluster %d nodes, %d GPUs; %d pods (%s), %.1f GPUs requested; %d typical GPU shapes%n", nodes.size(),
                capacity / 1000, pods.size(), variant == null ? "as given" : "variant " + variant,
                pods.stream().mapToLong(p -> p.gpu().totalMilli()).sum() / 1000.0, workload.shapes().size());
        Map<String, List<GpuTraceRun.Result>> byPolicy = new LinkedHashMap<>();
        int violations = 0;
        for (String name : policies) {
            List<GpuTraceRun.Result> results = new ArrayList<>();
            for (long seed : seedList) {
                long start = System.nanoTime();
                GpuTraceRun.Result r = GpuTraceRun.run(name, seed, nodes, pods, inflate, workload,
                        GpuPolicies.profile(name, seed, workload));
                GpuTraceRecount.Recount recount = GpuTraceRecount.check(nodes, r.arrivals(), r.placements());
                violations += recount.clean() && r.overAllocatedGpus() == 0 ? 0 : 1;
                out.printf("  %-9s seed %d: %d pods, %d dropped, unallocated %.2f %% at 100 %% arrived (%.1f s)%s%n",
                        name, seed, r.pods(), r.dropped(), r.unallocatedAt100(), (System.nanoTime() - start) / 1e9,
                        recount.clean() ? "" : " RECOUNT FAILED " + recount);
                results.add(r);
            }
            byPolicy.put(name, results);
        }
        Table table = new Table("policy", "seeds", "unallocated_gpu_%", "min", "max", "frag_%_at_90", "dropped_pods",
                "published");
        for (Map.Entry<String, List<GpuTraceRun.Result>> e : byPolicy.entrySet()) {
            List<GpuTraceRun.Result> rs = e.getValue();
            table.row(e.getKey(), rs.size(), fmt(median(rs, GpuTraceRun.Result::unallocatedAt100)),
                    fmt(rs.stream().mapToDouble(GpuTraceRun.Result::unallocatedAt100).min().orElse(Double.NaN)),
                    fmt(rs.stream().mapToDouble(GpuTraceRun.Result::unallocatedAt100).max().orElse(Double.NaN)),
                    fmt(median(rs, GpuTraceRun.Result::fragmentationAt90)), (long) median(rs, r -> r.dropped()),
                    variant == null && PUBLISHED.containsKey(e.getKey()) ? fmt(PUBLISHED.get(e.getKey())) : "");
        }
        out.println();
        out.print(table.render());
        String reported = policies.contains("SigmaFlow") ? "SigmaFlow" : policies.get(policies.size() - 1);
        if (outDir != null) {
            GpuTraceReport.write(outDir, byPolicy, reported);
            out.printf("wrote %s, %s and %s (placements of %s) in %s%n", GpuTraceReport.CURVE, GpuTraceReport.PLOT,
                    GpuTraceReport.PLACEMENTS, reported, outDir);
        }
        ObjectNode json = summary(reported, byPolicy, nodes, pods, capacity, violations);
        int differing = 0;
        if (endToEnd) {
            differing = endToEnd(byPolicy.get("SigmaFlow").get(0), nodes, json);
        }
        out.println(JsonLine.of(json));
        out.flush();
        return violations == 0 && differing == 0 ? 0 : VIOLATION;
    }

    /** The core's run of the first seed replayed through the job; prints both, returns the pods placed differently. */
    private int endToEnd(GpuTraceRun.Result core, List<TraceNode> nodes, ObjectNode json) throws Exception {
        out.printf("%nend to end: seed %d, %d pods through the job (parallelism 1, SigmaFlow profile)%n", core.seed(),
                core.pods());
        out.flush();
        GpuTraceEndToEnd.Result job = GpuTraceEndToEnd.run(GpuTraceRun.clusterNodes(nodes, core.seed()),
                core.arrivals(), out);
        List<String> differences = GpuTraceEndToEnd.differences(core.placements(), job.placements());
        double jobUnallocated = GpuTraceRun.unallocatedAtFull(core.arrivals(), job.placements(), core.capacityMilli());
        GpuTraceRecount.Recount recount = GpuTraceRecount.check(nodes, core.arrivals(), job.placements());
        Table table = new Table("run", "pods", "placed", "dropped", "unallocated_gpu_%", "recount");
        table.row("core", core.pods(), core.placed(), core.dropped(), fmt(core.unallocatedAt100()), "clean");
        table.row("job", core.pods(), core.pods() - job.pending(), job.pending(), fmt(jobUnallocated),
                recount.clean() ? "clean" : recount.toString());
        out.print(table.render());
        out.printf("differing pods: %d (job: %.1f s, %.0f pods/s)%n", differences.size(), job.seconds(),
                core.pods() / job.seconds());
        differences.stream().limit(10).forEach(d -> out.println("  " + d));
        ObjectNode e2e = json.putObject("end_to_end");
        e2e.put("seed", core.seed());
        e2e.put("pods", core.pods());
        e2e.put("job_dropped", job.pending());
        e2e.put("job_unallocated_gpu_pct", JsonLine.round(jobUnallocated, 2));
        e2e.put("core_unallocated_gpu_pct", JsonLine.round(core.unallocatedAt100(), 2));
        e2e.put("differing_pods", differences.size());
        e2e.put("job_seconds", JsonLine.round(job.seconds(), 1));
        e2e.put("job_recount_clean", recount.clean());
        return differences.size() + (recount.clean() ? 0 : 1);
    }

    private ObjectNode summary(String reported, Map<String, List<GpuTraceRun.Result>> byPolicy, List<TraceNode> nodes,
                               List<TracePod> pods, long capacity, int violations) {
        List<GpuTraceRun.Result> rs = byPolicy.get(reported);
        ObjectNode json = JsonLine.object();
        json.put("policy", reported);
        json.put("seeds", rs.size());
        json.put("unallocated_gpu_pct", JsonLine.round(median(rs, GpuTraceRun.Result::unallocatedAt100), 2));
        json.put("fragmentation_pct", JsonLine.round(median(rs, GpuTraceRun.Result::fragmentationAt90), 2));
        json.put("variant", variant == null ? "default" : variant);
        json.put("inflate", inflate);
        json.put("nodes", nodes.size());
        json.put("gpus", capacity / 1000);
        json.put("trace_pods", pods.size());
        json.put("arrived_pods_median", (long) median(rs, r -> r.pods()));
        json.put("dropped_pods_median", (long) median(rs, r -> r.dropped()));
        ArrayNode perSeed = json.putArray("unallocated_gpu_pct_per_seed");
        rs.forEach(r -> perSeed.add(JsonLine.round(r.unallocatedAt100(), 2)));
        if (byPolicy.size() > 1) {
            ObjectNode all = json.putObject("policies");
            byPolicy.forEach((name, list) -> all.put(name,
                    JsonLine.round(median(list, GpuTraceRun.Result::unallocatedAt100), 2)));
        }
        json.put("recount_violations", violations);
        return json;
    }

    static Pod asPod(TracePod p) {
        return new Pod(p.name(), "gpu-trace", 1, new ResourceVector(p.cpuMillis(), p.memoryMb(), 0), 0, null, null,
                null, null, p.gpu());
    }

    static double median(List<GpuTraceRun.Result> results, java.util.function.ToDoubleFunction<GpuTraceRun.Result> f) {
        double[] v = results.stream().mapToDouble(f).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "" : String.format(java.util.Locale.ROOT, "%.2f", v);
    }

    private List<Long> seeds() {
        Problems problems = new Problems();
        List<Long> list = new ArrayList<>();
        try {
            if (seeds.contains("..")) {
                String[] ends = seeds.split("\\.\\.", -1);
                long a = Long.parseLong(ends[0].trim());
                long b = Long.parseLong(ends[1].trim());
                if (ends.length != 2 || b < a || b - a > 1000) {
                    problems.add("--seeds: a range A..B needs A <= B and at most 1001 seeds, got '" + seeds + "'");
                }
                for (long s = a; s <= b && b - a <= 1000; s++) {
                    list.add(s);
                }
            } else {
                Arrays.stream(seeds.split(",")).map(String::trim).forEach(s -> list.add(Long.parseLong(s)));
            }
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            problems.add("--seeds: expected A..B or A,B,C of integers, got '" + seeds + "'");
        }
        if (!(inflate >= 1) || inflate > 10) {
            problems.add("--inflate must be between 1 and 10, got " + inflate);
        }
        if (endToEnd && !policies().contains("SigmaFlow")) {
            problems.add("--end-to-end runs the SigmaFlow policy through the job: --policy must include SigmaFlow");
        }
        if (variant != null && !GpuTraceVariants.known(variant)) {
            problems.add("--variant: unknown '" + variant + "'; known: " + GpuTraceVariants.HELP);
        }
        problems.throwIfAny(spec);
        return list;
    }

    private List<String> policies() {
        if (policy.equals("all")) {
            return GpuPolicies.NAMES;
        }
        List<String> names = List.of(policy.split(","));
        for (String name : names) {
            if (!GpuPolicies.known(name)) {
                throw new ParameterException(spec.commandLine(), "--policy: unknown '" + name + "'; known: "
                        + String.join(", ", GpuPolicies.NAMES) + ", all");
            }
        }
        return names;
    }
}
