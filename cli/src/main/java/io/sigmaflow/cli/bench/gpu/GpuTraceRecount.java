package io.sigmaflow.cli.bench.gpu;

import io.sigmaflow.cli.bench.gpu.GpuTraceFiles.TraceNode;
import io.sigmaflow.cli.bench.gpu.GpuTraceFiles.TracePod;
import io.sigmaflow.placement.model.GpuRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Recounts a run from its placements alone, without the placer's index: per node the cpu and
 * memory of its pods, per GPU the milli of the pods holding it, and that a whole GPU is never
 * shared. What the benchmark reports as {@code overallocated_gpus} and {@code overcommitted_nodes}.
 */
final class GpuTraceRecount {
    record Recount(int overAllocatedGpus, int overcommittedNodes, int badGpuChoices) {
        boolean clean() {
            return overAllocatedGpus == 0 && overcommittedNodes == 0 && badGpuChoices == 0;
        }
    }

    private GpuTraceRecount() {}

    static Recount check(List<TraceNode> nodes, List<TracePod> arrivals, List<GpuTraceRun.Placement> placements) {
        Map<String, TraceNode> byName = new HashMap<>();
        nodes.forEach(n -> byName.put(n.name(), n));
        Map<String, long[]> cpuMem = new HashMap<>();
        Map<String, int[]> gpuMilli = new HashMap<>();
        Map<String, boolean[]> wholeTaken = new HashMap<>();
        int bad = 0;
        for (int i = 0; i < placements.size(); i++) {
            GpuTraceRun.Placement p = placements.get(i);
            if (p.node() == null) {
                continue;
            }
            TraceNode node = byName.get(p.node());
            TracePod pod = arrivals.get(i);
            if (node == null || !pod.name().equals(p.pod())) {
                bad++;
                continue;
            }
            long[] used = cpuMem.computeIfAbsent(node.name(), k -> new long[2]);
            used[0] += pod.cpuMillis();
            used[1] += pod.memoryMb();
            int count = node.gpus().count();
            int[] milli = gpuMilli.computeIfAbsent(node.name(), k -> new int[count]);
            boolean[] whole = wholeTaken.computeIfAbsent(node.name(), k -> new boolean[count]);
            GpuRequest r = pod.gpu();
            if (p.gpus().length != r.gpuCount() || !r.accepts(node.gpus().model()) && !r.isNone()) {
                bad++;
            }
            for (int g : p.gpus()) {
                if (g < 0 || g >= count) {
                    bad++;
                    continue;
                }
                if (whole[g] || (!r.isShare() && milli[g] > 0)) {
                    bad++; // a whole GPU shared, or a whole-GPU pod on a GPU in use
                }
                milli[g] += r.milliPerGpu();
                whole[g] |= !r.isShare();
            }
        }
        int overGpus = 0;
        for (int[] milli : gpuMilli.values()) {
            for (int m : milli) {
                overGpus += m > GpuRequest.MILLI_PER_GPU ? 1 : 0;
            }
        }
        int overNodes = 0;
        for (Map.Entry<String, long[]> e : cpuMem.entrySet()) {
            TraceNode n = byName.get(e.getKey());
            overNodes += e.getValue()[0] > n.cpuMillis() || e.getValue()[1] > n.memoryMb() ? 1 : 0;
        }
        return new Recount(overGpus, overNodes, bad);
    }
}
