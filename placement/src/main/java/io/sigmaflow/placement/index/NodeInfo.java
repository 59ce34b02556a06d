package io.sigmaflow.placement.index;

import io.sigmaflow.placement.framework.NodeView;
import io.sigmaflow.placement.model.Location;
import io.sigmaflow.placement.model.Node;
import io.sigmaflow.placement.model.NodeCondition;
import io.sigmaflow.placement.model.Pod;
import io.sigmaflow.placement.model.Taint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A node with what is requested on it: its description, the pods bound (or reserved) on it and
 * their summed requests. Owned and mutated by a {@link ClusterIndex}; {@link #detached} builds one
 * outside any index, for code that only runs filters (the rebalancer's node eligibility).
 */
public final class NodeInfo implements NodeView {
    private Node node;
    // Copied out of the node description: filters read them for every candidate, and one object
    // instead of a chain of three keeps that to a cache line or two.
    private long allocatableCpu;
    private long allocatableMemory;
    private long allocatableDisk;
    private NodeCondition condition;
    private Map<String, String> labels;
    private List<Taint> taints;
    private long requestedCpu;
    private long requestedMemory;
    private long requestedDisk;
    /** Insertion order; callers that need an order sort explicitly. */
    private final LinkedHashMap<String, Pod> pods = new LinkedHashMap<>();
    /** Index ids of this node's domain per configured level; -1 outside an index. */
    int[] domainIds;
    Domain leaf;
    /** The index this node belongs to; null when detached. */
    ClusterIndex owner;

    NodeInfo(Node node, int levels) {
        setNode(node);
        this.domainIds = new int[levels];
        Arrays.fill(domainIds, -1);
    }

    /** A node outside any index, carrying {@code pods} as they are (no capacity check). */
    public static NodeInfo detached(Node node, Collection<Pod> pods) {
        NodeInfo info = new NodeInfo(node, 0);
        for (Pod pod : pods) {
            info.add(pod);
        }
        return info;
    }

    /** A what-if copy outside any index (same description, same pods): change it with {@link #assume}/{@link #forget}. */
    public NodeInfo detachedCopy() {
        return detached(node, pods.values());
    }

    /** Adds a pod to a detached node (a what-if); an indexed node changes only through its index. */
    public void assume(Pod pod) {
        requireDetached();
        add(pod);
    }

    /** Removes a pod from a detached node (a what-if); returns it, or null. */
    public Pod forget(String podId) {
        requireDetached();
        return remove(podId);
    }

    private void requireDetached() {
        if (owner != null) {
            throw new IllegalStateException("node " + id() + " belongs to an index: change it through the index");
        }
    }

    public Node node() {
        return node;
    }

    void setNode(Node node) {
        this.node = node;
        this.allocatableCpu = node.allocatable().cpuMillis();
        this.allocatableMemory = node.allocatable().memoryMb();
        this.allocatableDisk = node.allocatable().diskMb();
        this.condition = node.condition();
        this.labels = node.labels();
        this.taints = node.taints();
    }

    @Override
    public String id() {
        return node.id();
    }

    @Override
    public Location location() {
        return node.location();
    }

    @Override
    public NodeCondition condition() {
        return condition;
    }

    @Override
    public Map<String, String> labels() {
        return labels;
    }

    @Override
    public List<Taint> taints() {
        return taints;
    }

    @Override
    public long allocatableCpu() {
        return allocatableCpu;
    }

    @Override
    public long allocatableMemory() {
        return allocatableMemory;
    }

    @Override
    public long allocatableDisk() {
        return allocatableDisk;
    }

    @Override
    public long freeCpu() {
        return allocatableCpu - requestedCpu;
    }

    @Override
    public long freeMemory() {
        return allocatableMemory - requestedMemory;
    }

    @Override
    public long freeDisk() {
        return allocatableDisk - requestedDisk;
    }

    @Override
    public long requestedCpu() {
        return requestedCpu;
    }

    @Override
    public long requestedMemory() {
        return requestedMemory;
    }

    @Override
    public long requestedDisk() {
        return requestedDisk;
    }

    @Override
    public int domainId(int levelIndex) {
        return levelIndex < domainIds.length ? domainIds[levelIndex] : -1;
    }

    /** True when the pod's requests fit in what is free (the capacity rule, independent of plugins). */
    public boolean hasRoomFor(Pod pod) {
        return pod.requests().cpuMillis() <= freeCpu()
                && pod.requests().memoryMb() <= freeMemory()
                && pod.requests().diskMb() <= freeDisk();
    }

    /** True when the requests on the node exceed what it offers (only possible after a capacity cut or a restore). */
    public boolean isOvercommitted() {
        return freeCpu() < 0 || freeMemory() < 0 || freeDisk() < 0;
    }

    public Collection<Pod> pods() {
        return Collections.unmodifiableCollection(pods.values());
    }

    public Pod pod(String podId) {
        return pods.get(podId);
    }

    public int podCount() {
        return pods.size();
    }

    /** Pods of {@code appId} on this node, in bind order. */
    public List<Pod> podsOf(String appId) {
        List<Pod> out = new ArrayList<>();
        for (Pod p : pods.values()) {
            if (p.appId().equals(appId)) {
                out.add(p);
            }
        }
        return out;
    }

    void add(Pod pod) {
        if (pods.putIfAbsent(pod.id(), pod) != null) {
            throw new IllegalStateException("pod " + pod.id() + " is already on node " + id());
        }
        requestedCpu += pod.requests().cpuMillis();
        requestedMemory += pod.requests().memoryMb();
        requestedDisk += pod.requests().diskMb();
    }

    Pod remove(String podId) {
        Pod pod = pods.remove(podId);
        if (pod != null) {
            requestedCpu -= pod.requests().cpuMillis();
            requestedMemory -= pod.requests().memoryMb();
            requestedDisk -= pod.requests().diskMb();
        }
        return pod;
    }

    @Override
    public String toString() {
        return id() + " cpu " + requestedCpu + "/" + allocatableCpu() + " mem " + requestedMemory + "/"
                + allocatableMemory() + " " + condition();
    }
}
