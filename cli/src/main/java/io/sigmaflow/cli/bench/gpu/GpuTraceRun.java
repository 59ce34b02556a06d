package io.sigmaflow.cli.bench.gpu;

import io.sigmaflow.cli.bench.gpu.GpuTraceFiles.TraceNode;
import io.sigmaflow.cli.bench.gpu.GpuTraceFiles.TracePod;
import io.sigmaflow.placement.framework.Profile;
import io.sigmaflow.placement.index.NodeInfo;
import io.sigmaflow.placement.model.Dispersion;
import io.sigmaflow.placement.model.Location;
import io.sigmaflow.placement.model.Node;
import io.sigmaflow.placement.model.NodeCondition;
import io.sigmaflow.placement.model.Pod;
import io.sigmaflow.placement.model.ResourceVector;
import io.sigmaflow.placement.model.TopologyLevels;
import io.sigmaflow.placement.placer.PlacementDecision;
import io.sigmaflow.placement.placer.Placer;
import io.sigmaflow.placement.plugins.gpu.GpuWorkload;
import io.sigmaflow.schema.QosClass;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One run of the paper's procedure (Weng et al., ATC'23, section 6.1) for one policy and seed:
 * shuffle the pods with the seed, append copies drawn uniformly with replacement until the GPU
 * requested would exceed {@code inflate} times the cluster's GPUs, place them one at a time with
 * the decision core (no departures; a pod that fits nowhere is dropped), and after each pod record
 * arrived (GPU requested so far, dropped pods included) and allocated GPU, both in % of capacity.
 *
 * <p>The placer breaks equal scores by node id; node ids here start with a per-seed random rank,
 * so that ties fall in a random order fixed per seed, as the simulator's do.
 */
final class GpuTraceRun {
    /** One pod's outcome: its trace name (copies get {@code #k}), the node (null when dropped), its GPU indexes. */
    record Placement(String pod, String node, int[] gpus) {}

    /** What one run measured. */
    record Result(String policy, long seed, int pods, int placed, long capacityMilli, float[] arrivedPct,
                  float[] allocatedPct, double unallocatedAt100, double fragmentationAt90, List<TracePod> arrivals,
                  List<Placement> placements, int overAllocatedGpus) {
        int dropped() {
            return pods - placed;
        }
    }

    private GpuTraceRun() {}

    /** The pods in the seed's order: the shuffled list, then copies until GPU requested would pass {@code inflate} x capacity. */
    static List<TracePod> arrivals(List<TracePod> pods, long seed, double inflate, long capacityMilli) {
        Random random = new Random(seed);
        List<TracePod> order = new ArrayList<>(pods);
        Collections.shuffle(order, random);
        long requested = 0;
        for (TracePod p : order) {
            requested += p.gpu().totalMilli();
        }
        double limit = inflate * capacityMilli;
        int copy = 0;
        // Only GPU requests move towards the limit: without any, copies would never stop.
        boolean anyGpu = pods.stream().anyMatch(p -> !p.gpu().isNone());
        while (anyGpu) {
            TracePod sampled = pods.get(random.nextInt(pods.size()));
            if (requested + sampled.gpu().totalMilli() > limit) {
                break;
            }
            requested += sampled.gpu().totalMilli();
            order.add(new TracePod(sampled.name() + "#" + (++copy), sampled.cpuMillis(), sampled.memoryMb(), sampled.gpu()));
        }
        return order;
    }

    /**
     * The cluster as the placer sees it for {@code seed}: node ids are the node's rank in a random
     * order fixed per seed, then its trace name ({@code 00042-openb-node-0007}, a valid node id for
     * the job too), all in one chassis, so that equal scores fall in that order.
     */
    static List<Node> clusterNodes(List<TraceNode> nodes, long seed) {
        List<TraceNode> ranked = new ArrayList<>(nodes);
        Collections.shuffle(ranked, new Random(seed * 31 + 7));
        List<Node> cluster = new ArrayList<>(ranked.size());
        for (int rank = 0; rank < ranked.size(); rank++) {
            TraceNode n = ranked.get(rank);
            String id = String.format("%05d-%s", rank, n.name());
            cluster.add(new Node(id, new Location("z", "s", "c", id), new ResourceVector(n.cpuMillis(), n.memoryMb(), 0),
                    Map.of(), List.of(), NodeCondition.SCHEDULABLE, n.gpus()));
        }
        return cluster;
    }

    /** The trace's node name of a node id of {@link #clusterNodes}. */
    static String traceName(String nodeId) {
        return nodeId.substring(nodeId.indexOf('-') + 1);
    }

    static long capacityMilli(List<TraceNode> nodes) {
        return nodes.stream().mapToLong(n -> n.gpus().count() * 1000L).sum();
    }

    static Result run(String policy, long seed, List<TraceNode> nodes, List<TracePod> pods, double inflate,
                      GpuWorkload traceWorkload, Profile profile) {
        long capacity = capacityMilli(nodes);
        Placer placer = new Placer(profile, TopologyLevels.DEFAULT);
        Map<String, String> traceName = new HashMap<>();
        for (Node node : clusterNodes(nodes, seed)) {
            traceName.put(node.id(), traceName(node.id()));
            placer.upsertNode(node);
        }
        List<TracePod> order = arrivals(pods, seed, inflate, capacity);
        float[] arrived = new float[order.size()];
        float[] allocated = new float[order.size()];
        List<Placement> placements = new ArrayList<>(order.size());
        long arrivedMilli = 0;
        long allocatedMilli = 0;
        int placed = 0;
        double fragAt90 = Double.NaN;
        for (int i = 0; i < order.size(); i++) {
            TracePod p = order.get(i);
            Pod pod = new Pod(p.name(), "gpu-trace", 1, new ResourceVector(p.cpuMillis(), p.memoryMb(), 0), 0,
                    QosClass.LS, Dispersion.NONE, Map.of(), List.of(), p.gpu());
            PlacementDecision d = placer.place(pod, false);
            arrivedMilli += p.gpu().totalMilli();
            if (d.isBound()) {
                allocatedMilli += p.gpu().totalMilli();
                placed++;
                placements.add(new Placement(p.name(), traceName.get(d.nodeId()), d.gpus()));
            } else {
                placements.add(new Placement(p.name(), null, new int[0]));
            }
            arrived[i] = (float) (100.0 * arrivedMilli / capacity);
            allocated[i] = (float) (100.0 * allocatedMilli / capacity);
            if (Double.isNaN(fragAt90) && arrived[i] >= 90) {
                fragAt90 = 100 * clusterFragmentation(placer, traceWorkload) / capacity;
            }
        }
        int over = 0;
        for (NodeInfo n : placer.index().nodes()) {
            over += n.gpus().overAllocated() ? 1 : 0;
        }
        return new Result(policy, seed, order.size(), placed, capacity, arrived, allocated,
                unallocatedAtFull(arrived, allocated), fragAt90, order, placements, over);
    }

    /**
     * 100 - allocated %, averaged over the records whose arrived % rounds to 100 (the paper's
     * simulator reads its curve so); NaN when no record does.
     */
    static double unallocatedAtFull(float[] arrived, float[] allocated) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < arrived.length; i++) {
            if (Math.round(arrived[i]) == 100) {
                sum += 100 - allocated[i];
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** {@link #unallocatedAtFull(float[], float[])} of {@code placements} (another run of the same order). */
    static double unallocatedAtFull(List<TracePod> order, List<Placement> placements, long capacityMilli) {
        float[] arrived = new float[order.size()];
        float[] allocated = new float[order.size()];
        long arrivedMilli = 0;
        long allocatedMilli = 0;
        for (int i = 0; i < order.size(); i++) {
            arrivedMilli += order.get(i).gpu().totalMilli();
            allocatedMilli += placements.get(i).node() != null ? order.get(i).gpu().totalMilli() : 0;
            arrived[i] = (float) (100.0 * arrivedMilli / capacityMilli);
            allocated[i] = (float) (100.0 * allocatedMilli / capacityMilli);
        }
        return unallocatedAtFull(arrived, allocated);
    }

    /** The cluster's GPU fragmentation in milli: the sum over nodes of {@link GpuWorkload#fragmentation}. */
    static double clusterFragmentation(Placer placer, GpuWorkload workload) {
        double sum = 0;
        int[] free = new int[8];
        for (NodeInfo n : placer.index().nodes()) {
            int gpus = n.gpuCount();
            if (free.length < gpus) {
                free = new int[gpus];
            }
            for (int g = 0; g < gpus; g++) {
                free[g] = n.gpuFreeMilli(g);
            }
            sum += workload.fragmentation(n.freeCpu(), n.freeMemory(), free, gpus, n.gpuModel());
        }
        return sum;
    }
}
