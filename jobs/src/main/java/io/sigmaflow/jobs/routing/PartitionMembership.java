package io.sigmaflow.jobs.routing;

import io.sigmaflow.jobs.protocol.Cordon;
import io.sigmaflow.placement.model.AvroMapping;
import io.sigmaflow.placement.model.GpuRequest;
import io.sigmaflow.placement.model.Node;
import io.sigmaflow.placement.plugins.gpu.GpuFit;
import io.sigmaflow.placement.plugins.gpu.GpuModel;
import io.sigmaflow.schema.NodeEvent;
import io.sigmaflow.schema.NodeEventType;
import io.sigmaflow.schema.NodeState;
import io.sigmaflow.schema.ShardSummary;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which nodes each partition has, as the node directory announced them (in event-time order, with
 * the requests): capacity and constraints, never allocations. Gives every partition a static
 * summary ("some node here could take this pod if it were empty"), so a router knows the
 * partitions and routes a pod the first time from the input alone, the same way on every run.
 */
final class PartitionMembership {
    private final TreeMap<String, TreeMap<String, Node>> nodes = new TreeMap<>();
    private final TreeMap<String, ShardSummary> summaries = new TreeMap<>();
    /** Partition -> GPU model -> most GPUs of one schedulable node of that model (as if empty, like the summary). */
    private final TreeMap<String, Map<String, Integer>> gpus = new TreeMap<>();

    /**
     * Applies a node change the directory forwarded to {@code partition}. Returns true when capacity
     * may have appeared there (a node registered or updated), false otherwise or when the event does
     * not apply (the partition dead-letters it).
     */
    boolean apply(String partition, NodeEvent event) {
        TreeMap<String, Node> members = nodes.computeIfAbsent(partition, p -> new TreeMap<>());
        Node previous = members.get(event.getNodeId());
        if (event.getType() == NodeEventType.DRAIN && previous != null && Cordon.holds(previous.taints())) {
            return false; // a cordoned node's DRAIN only moves its pods: the node stays as it was (see Cordon)
        }
        Node next;
        try {
            next = AvroMapping.node(event, previous);
        } catch (IllegalArgumentException e) {
            return false;
        }
        summaries.remove(partition);
        gpus.remove(partition);
        if (event.getType() == NodeEventType.REMOVE) {
            members.remove(event.getNodeId());
            return false;
        }
        members.put(next.id(), next);
        return event.getType() == NodeEventType.REGISTER || event.getType() == NodeEventType.UPDATE;
    }

    /** Restores a node from a snapshot (the operator's state). */
    void restore(String partition, NodeState node) {
        nodes.computeIfAbsent(partition, p -> new TreeMap<>()).put(node.getNodeId(), AvroMapping.node(node));
        summaries.remove(partition);
        gpus.remove(partition);
    }

    /** Every node, as a snapshot (pods left empty), for the operator's state. */
    List<NodeState> snapshot() {
        List<NodeState> out = new ArrayList<>();
        for (TreeMap<String, Node> members : nodes.values()) {
            for (Node n : members.values()) {
                out.add(AvroMapping.nodeState(n, List.of(), 0, 0));
            }
        }
        return out;
    }

    /** The node {@code nodeId} of {@code partition} as a snapshot (pods left empty), or null when not there. */
    NodeState snapshot(String partition, String nodeId) {
        Node n = nodes.getOrDefault(partition, new TreeMap<>()).get(nodeId);
        return n == null ? null : AvroMapping.nodeState(n, List.of(), 0, 0);
    }

    /** The partition that has {@code nodeId}, or null (few partitions: a scan is cheap and keeps no second map). */
    String partitionOf(String nodeId) {
        for (Map.Entry<String, TreeMap<String, Node>> e : nodes.entrySet()) {
            if (e.getValue().containsKey(nodeId)) {
                return e.getKey();
            }
        }
        return null;
    }

    Collection<String> partitions() {
        return nodes.keySet();
    }

    int nodeCount() {
        return nodes.values().stream().mapToInt(Map::size).sum();
    }

    /** The partition as if every node were empty; the epoch is left at 0 (the loop's summaries carry it). */
    ShardSummary summary(String partition) {
        return summaries.computeIfAbsent(partition, this::compute);
    }

    /**
     * The GPU filter that rules the partition out for {@code request} even with every node empty
     * ({@link GpuModel}: no GPU node of an accepted model; {@link GpuFit}: none with enough GPUs), or
     * null when some schedulable node could hold it. A pod without GPUs is never ruled out. This is
     * what keeps a GPU pod from visiting partitions of CPU-only nodes.
     */
    String gpuRuledOutBy(String partition, GpuRequest request) {
        if (request.isNone()) {
            return null;
        }
        Map<String, Integer> byModel = gpus.computeIfAbsent(partition, this::computeGpus);
        int needed = request.isShare() ? 1 : request.wholeGpus();
        boolean modelFound = false;
        for (Map.Entry<String, Integer> e : byModel.entrySet()) {
            if (request.accepts(e.getKey())) {
                modelFound = true;
                if (e.getValue() >= needed) {
                    return null;
                }
            }
        }
        return modelFound || byModel.isEmpty() || request.models().isEmpty() ? GpuFit.NAME : GpuModel.NAME;
    }

    private Map<String, Integer> computeGpus(String partition) {
        Map<String, Integer> byModel = new TreeMap<>();
        for (Node n : nodes.getOrDefault(partition, new TreeMap<>()).values()) {
            if (n.condition() == io.sigmaflow.placement.model.NodeCondition.SCHEDULABLE && !n.gpus().isNone()) {
                byModel.merge(n.gpus().model(), n.gpus().count(), Math::max);
            }
        }
        return byModel;
    }

    private ShardSummary compute(String partition) {
        long cpu = Long.MIN_VALUE;
        long memory = Long.MIN_VALUE;
        long disk = Long.MIN_VALUE;
        SchedulableNodes counts = new SchedulableNodes();
        Collection<Node> members = nodes.getOrDefault(partition, new TreeMap<>()).values();
        for (Node n : members) {
            if (counts.add(n.condition(), n.taints(), n.labels())) {
                cpu = Math.max(cpu, n.allocatable().cpuMillis());
                memory = Math.max(memory, n.allocatable().memoryMb());
                disk = Math.max(disk, n.allocatable().diskMb());
            }
        }
        return counts.summary(partition)
                .setNodes(members.size())
                .setMaxFreeCpu(cpu)
                .setMaxFreeMemory(memory)
                .setMaxFreeDisk(disk)
                .setCapacityEpoch(0)
                .build();
    }
}
