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
 * A node with what is requested on it: its description, the pods bound (or reserved) on it, their
 * summed requests and what each of its GPUs carries ({@link GpuAllocation}). Owned and mutated by a {@link ClusterIndex}; {@link #detached} builds one
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
    private final GpuAllocation gpus;
    /** Insertion order; callers that need an order sort explicitly. */
    private final LinkedHashMap<String, Pod> pods = new LinkedHashMap<>();
    /** Index ids of this node's domain per configured level; -1 outside an index. */
    int[] domainIds;
    Domain leaf;
    /** The index this node belongs to; null when detached. */
    ClusterIndex owner;

    NodeInfo(Node node, int levels) {
        this.gpus = new GpuAllocation(node.gpus().count());
        setNode(node);
        this.domainIds = new int[levels];
        Arrays.fill(domainIds, -1);
    }

    /** A node outside any index, carrying {@code pods} as they are (no capacity check). */
    public static NodeInfo detached(Node node, Collection<Pod> pods) {
        NodeInfo info = new NodeInfo(node, 0);
        for (Pod pod : pods) {
            info.add(pod, null);
        }
        return info;
    }

    /** A what-if copy outside any index (same description, same pods on the same GPUs): change it with {@link #assume}/{@link #forget}. */
    public NodeInfo detachedCopy() {
        NodeInfo copy = new NodeInfo(node, 0);
        for (Pod pod : pods.values()) {
            copy.add(pod, gpus.of(pod.id()));
        }
        return copy;
    }

    /** Adds a pod to a detached node (a what-if) on the GPUs {@link GpuAllocation#tightest} picks; an indexed node changes only through its index. */
    public void assume(Pod pod) {
        requireDetached();
        add(pod, null);
    }

    /** Adds a pod to a detached node on the given GPUs (a what-if of a GPU choice). */
    public void assume(Pod pod, int[] onGpus) {
        requireDetached();
        add(pod, onGpus);
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
        if (gpus != null) {
            gpus.resize(node.gpus().count());
        }
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
    public int gpuCount() {
        return gpus.count();
    }

    @Override
    public String gpuModel() {
        return node.gpus().model();
    }

    @Override
    public int gpuFreeMilli(int gpu) {
        return gpus.free(gpu);
    }

    @Override
    public int freeWholeGpus() {
        return gpus.freeWhole();
    }

    @Override
    public int maxFreeGpuShare() {
        return gpus.maxFreeShare();
    }

    /** Per-GPU allocation of this node (read only for callers). */
    public GpuAllocation gpus() {
        return gpus;
    }

    /** The GPU indexes {@code podId} holds here, ascending; empty when none. */
    public int[] gpusOf(String podId) {
        return gpus.of(podId);
    }

    @Override
    public int domainId(int levelIndex) {
        return levelIndex < domainIds.length ? domainIds[levelIndex] : -1;
    }

    /**
     * True when the pod's requests fit in what is free (the capacity rule, independent of plugins):
     * cpu, memory, disk, and its GPUs per GPU (enough unused GPUs, or one GPU with room for the share).
     */
    public boolean hasRoomFor(Pod pod) {
        return pod.requests().cpuMillis() <= freeCpu()
                && pod.requests().memoryMb() <= freeMemory()
                && pod.requests().diskMb() <= freeDisk()
                && gpus.fits(pod.gpu());
    }

    /** True when the requests on the node exceed what it offers (only possible after a capacity cut or a restore). */
    public boolean isOvercommitted() {
        return freeCpu() < 0 || freeMemory() < 0 || freeDisk() < 0 || gpus.overAllocated();
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

    /**
     * Adds a pod on {@code onGpus}; null picks {@link GpuAllocation#tightest}, or, where nothing fits
     * (a restore onto a shrunk node), the lowest GPUs, so the over-allocation shows in {@link #isOvercommitted}.
     */
    void add(Pod pod, int[] onGpus) {
        if (pods.putIfAbsent(pod.id(), pod) != null) {
            throw new IllegalStateException("pod " + pod.id() + " is already on node " + id());
        }
        int[] chosen = onGpus != null ? onGpus : gpus.tightest(pod.gpu());
        if (chosen == null) {
            chosen = new int[pod.gpu().gpuCount()];
            for (int i = 0; i < chosen.length; i++) {
                chosen[i] = i;
            }
        }
        gpus.add(pod.id(), pod.gpu(), chosen);
        requestedCpu += pod.requests().cpuMillis();
        requestedMemory += pod.requests().memoryMb();
        requestedDisk += pod.requests().diskMb();
    }

    Pod remove(String podId) {
        Pod pod = pods.remove(podId);
        if (pod != null) {
            gpus.remove(podId, pod.gpu());
            requestedCpu -= pod.requests().cpuMillis();
            requestedMemory -= pod.requests().memoryMb();
            requestedDisk -= pod.requests().diskMb();
        }
        return pod;
    }

    @Override
    public String toString() {
        return id() + " cpu " + requestedCpu + "/" + allocatableCpu() + " mem " + requestedMemory + "/"
                + allocatableMemory() + (gpus.count() > 0 ? " gpu " + gpus.usedTotal() + "m/" + gpus.count() : "")
                + " " + condition();
    }
}
