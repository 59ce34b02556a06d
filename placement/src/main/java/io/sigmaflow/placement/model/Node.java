package io.sigmaflow.placement.model;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A node's static description: identity, place in the topology, what pods may use (cpu, memory,
 * disk and its GPUs), labels, taints and condition. What is allocated on it lives in the index
 * ({@code NodeInfo}).
 */
public record Node(String id, Location location, ResourceVector allocatable, Map<String, String> labels,
                   List<Taint> taints, NodeCondition condition, GpuDevices gpus) {
    public Node {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("node id must not be blank");
        }
        Objects.requireNonNull(location, "node " + id + ": location");
        Objects.requireNonNull(allocatable, "node " + id + ": allocatable");
        condition = condition == null ? NodeCondition.SCHEDULABLE : condition;
        labels = labels == null || labels.isEmpty()
                ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(labels));
        taints = taints == null ? List.of() : List.copyOf(taints);
        gpus = gpus == null ? GpuDevices.NONE : gpus;
    }

    /** A node without GPUs. */
    public Node(String id, Location location, ResourceVector allocatable, Map<String, String> labels,
                List<Taint> taints, NodeCondition condition) {
        this(id, location, allocatable, labels, taints, condition, GpuDevices.NONE);
    }

    public Node withCondition(NodeCondition newCondition) {
        return new Node(id, location, allocatable, labels, taints, newCondition, gpus);
    }

    public Node withGpus(GpuDevices newGpus) {
        return new Node(id, location, allocatable, labels, taints, condition, newGpus);
    }
}
