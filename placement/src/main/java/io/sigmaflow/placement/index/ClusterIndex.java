package io.sigmaflow.placement.index;

import io.sigmaflow.placement.framework.AppSpread;
import io.sigmaflow.placement.framework.ClusterView;
import io.sigmaflow.placement.model.Node;
import io.sigmaflow.placement.model.NodeCondition;
import io.sigmaflow.placement.model.Pod;
import io.sigmaflow.placement.model.TopologyLevels;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.TreeMap;

/**
 * The in-memory index of a set of nodes (the whole cluster, or one partition of it): a tree of
 * topology domains with capacity summaries, the pods bound on every node, and per app how many of
 * its pods sit in each domain. Every update keeps the summaries exact, so a placement decision reads
 * a few summaries per level instead of scanning nodes.
 *
 * <p>Costs: binding or unbinding a pod is O(levels) for the app counts plus O(fan-out) per level to
 * refresh the maxima, stopping as soon as a level's maxima did not change. Not thread-safe: one
 * index per placer, one placer per thread (per Flink subtask).
 *
 * <p>Invariant kept here, whatever the plugins say: {@link #bind} never lets the requests on a node
 * exceed its allocatable resources, nor any one GPU carry more than all of it.
 */
public final class ClusterIndex implements ClusterView {
    private final TopologyLevels levels;
    private final Domain root;
    private final TreeMap<String, NodeInfo> nodes = new TreeMap<>();
    // Lookup-only maps: never iterated, so their order cannot reach a decision.
    private final HashMap<String, NodeInfo> nodeOfPod = new HashMap<>();
    private final HashMap<String, AppCounts> apps = new HashMap<>();
    private final ArrayDeque<Integer> freeDomainIds = new ArrayDeque<>();
    private int nextDomainId;
    private long capacityEpoch;
    private long summaryVersions;

    public ClusterIndex(TopologyLevels levels) {
        this.levels = levels;
        this.root = new Domain(nextDomainId++, -1, null, "", null, false);
    }

    @Override
    public TopologyLevels levels() {
        return levels;
    }

    @Override
    public AppSpread spread(String appId) {
        AppCounts counts = apps.get(appId);
        return counts == null ? AppSpread.EMPTY : counts;
    }

    /** The whole index as one domain: its summary covers every node. */
    public Domain root() {
        return root;
    }

    public NodeInfo node(String nodeId) {
        return nodes.get(nodeId);
    }

    /** Every node, in id order. */
    public Collection<NodeInfo> nodes() {
        return Collections.unmodifiableCollection(nodes.values());
    }

    public int size() {
        return nodes.size();
    }

    /** The node {@code podId} is bound (or reserved) on, or null. */
    public NodeInfo nodeOf(String podId) {
        return nodeOfPod.get(podId);
    }

    public int boundPods() {
        return nodeOfPod.size();
    }

    /**
     * Increases whenever capacity may have appeared (a pod unbound, a node added, changed or made
     * schedulable). A pending pod needs another try only once this moved past the value it failed at.
     */
    public long capacityEpoch() {
        return capacityEpoch;
    }

    /**
     * Adds a node or replaces its description (capacity, labels, taints, condition, topology). Its pods
     * stay bound, even if the node now offers less than they request (see {@link NodeInfo#isOvercommitted}).
     * A REMOVED node is refused: call {@link #removeNode}.
     */
    public NodeInfo upsertNode(Node node) {
        if (node.condition() == NodeCondition.REMOVED) {
            throw new IllegalArgumentException("node " + node.id() + " is REMOVED: use removeNode");
        }
        capacityEpoch++;
        NodeInfo info = nodes.get(node.id());
        if (info == null) {
            info = new NodeInfo(node, levels.size());
            info.owner = this;
            nodes.put(node.id(), info);
            attach(info);
            return info;
        }
        if (samePath(info.node(), node)) {
            Snapshot before = new Snapshot(info);
            info.setNode(node);
            propagate(info, before);
        } else {
            List<Pod> pods = new ArrayList<>(info.pods());
            for (Pod pod : pods) {
                counts(pod.appId()).add(info.domainIds, -1);
            }
            detach(info);
            info.setNode(node);
            attach(info);
            for (Pod pod : pods) {
                counts(pod.appId()).add(info.domainIds, +1);
            }
        }
        return info;
    }

    /** Forgets a node; its pods are unbound and returned (in bind order) so the caller can re-place them. */
    public List<Pod> removeNode(String nodeId) {
        NodeInfo info = nodes.get(nodeId);
        if (info == null) {
            return List.of();
        }
        List<Pod> pods = new ArrayList<>(info.pods());
        for (Pod pod : pods) {
            unbind(pod.id());
        }
        detach(info);
        nodes.remove(nodeId);
        info.owner = null;
        capacityEpoch++;
        return pods;
    }

    /**
     * Binds {@code pod} on {@code node}, on the GPUs {@link GpuAllocation#tightest} picks. Throws
     * {@link IllegalStateException} when the pod is already bound somewhere or its requests do not fit
     * in the node's free resources: callers check first, this is the last line against overcommit.
     */
    public void bind(Pod pod, NodeInfo node) {
        bind(pod, node, node.gpus().tightest(pod.gpu()));
    }

    /**
     * Binds {@code pod} on {@code node} on the GPU indexes {@code gpus} (empty for a pod without
     * GPUs). Throws {@link IllegalStateException} when the pod does not fit or the GPUs cannot take it
     * (wrong count, out of range, or not enough room on one of them): no GPU ever exceeds 1000 milli.
     */
    public void bind(Pod pod, NodeInfo node, int[] gpus) {
        if (!node.hasRoomFor(pod) || !node.gpus().canTake(pod.gpu(), gpus)) {
            throw new IllegalStateException("binding " + pod.id() + " on " + node.id() + " would overcommit it ("
                    + node + ", pod " + pod.requests() + ", " + pod.gpu() + " on gpus "
                    + java.util.Arrays.toString(gpus) + ")");
        }
        add(pod, node, gpus);
    }

    /**
     * Puts back a pod recorded on {@code node} (a snapshot, a restore) without the capacity check:
     * the record is the truth, even if the node has since shrunk. Its GPUs, when the record does not
     * name them, are chosen as a bind would.
     */
    public void restore(Pod pod, NodeInfo node) {
        add(pod, node, null);
    }

    /** {@link #restore(Pod, NodeInfo)} on the recorded GPU indexes. */
    public void restore(Pod pod, NodeInfo node, int[] gpus) {
        add(pod, node, gpus);
    }

    /** Unbinds a pod; returns it, or null when it was not bound here. */
    public Pod unbind(String podId) {
        NodeInfo node = nodeOfPod.remove(podId);
        if (node == null) {
            return null;
        }
        Snapshot before = new Snapshot(node);
        Pod pod = node.remove(podId);
        counts(pod.appId()).add(node.domainIds, -1);
        propagate(node, before);
        capacityEpoch++;
        return pod;
    }

    private void add(Pod pod, NodeInfo node, int[] gpus) {
        if (node.owner != this) {
            throw new IllegalArgumentException("node " + node.id() + " is not in this index");
        }
        NodeInfo current = nodeOfPod.putIfAbsent(pod.id(), node);
        if (current != null) {
            throw new IllegalStateException("pod " + pod.id() + " is already bound on " + current.id());
        }
        Snapshot before = new Snapshot(node);
        node.add(pod, gpus);
        counts(pod.appId()).add(node.domainIds, +1);
        propagate(node, before);
    }

    private AppCounts counts(String appId) {
        return apps.computeIfAbsent(appId, a -> new AppCounts());
    }

    private boolean samePath(Node a, Node b) {
        for (int i = 0; i < levels.size(); i++) {
            if (!a.location().domainName(levels.get(i)).equals(b.location().domainName(levels.get(i)))) {
                return false;
            }
        }
        return true;
    }

    private void attach(NodeInfo info) {
        Domain d = root;
        for (int i = 0; i < levels.size(); i++) {
            String name = info.location().domainName(levels.get(i));
            Domain child = d.child(name);
            if (child == null) {
                Integer reused = freeDomainIds.poll();
                child = new Domain(reused != null ? reused : nextDomainId++, i, levels.get(i), name, d,
                        i == levels.size() - 1);
                d.addChild(child);
            }
            info.domainIds[i] = child.id();
            d = child;
        }
        info.leaf = d;
        d.addNode(info);
        propagate(info, Snapshot.ABSENT);
    }

    private void detach(NodeInfo info) {
        Domain leaf = info.leaf;
        leaf.removeNode(info);
        propagate(info, new Snapshot(info), Snapshot.ABSENT);
        for (Domain d = leaf; d != root && d.nodeCount == 0; d = d.parent()) {
            d.parent().removeChild(d);
            // Safe to reuse: an empty domain holds no pods, so every app counts 0 there.
            freeDomainIds.add(d.id());
        }
        info.leaf = null;
        java.util.Arrays.fill(info.domainIds, -1);
    }

    private void propagate(NodeInfo info, Snapshot before) {
        propagate(info, before, new Snapshot(info));
    }

    /**
     * Applies the node's change to every domain above it: sums by delta; maxima recomputed on the
     * leaf, then carried up one child at a time, stopping at the first level that did not change.
     */
    private void propagate(NodeInfo info, Snapshot before, Snapshot after) {
        for (Domain d = info.leaf; d != null; d = d.parent()) {
            d.version = ++summaryVersions;
            d.nodeCount += after.present - before.present;
            d.schedulable += after.schedulable - before.schedulable;
            d.freeCpu += after.freeCpu - before.freeCpu;
            d.freeMemory += after.freeMemory - before.freeMemory;
            d.allocatableCpu += after.allocatableCpu - before.allocatableCpu;
            d.allocatableMemory += after.allocatableMemory - before.allocatableMemory;
        }
        Domain child = info.leaf;
        long oldCpu = child.maxFreeCpu;
        long oldMemory = child.maxFreeMemory;
        long oldDisk = child.maxFreeDisk;
        boolean changed = child.recomputeMaxima();
        for (Domain d = child.parent(); d != null && changed; child = d, d = d.parent()) {
            long cpu = d.maxFreeCpu;
            long memory = d.maxFreeMemory;
            long disk = d.maxFreeDisk;
            changed = d.childMaximaChanged(child, oldCpu, oldMemory, oldDisk);
            oldCpu = cpu;
            oldMemory = memory;
            oldDisk = disk;
        }
    }

    /** The parts of a node that the domain summaries add up. */
    private record Snapshot(int present, int schedulable, long freeCpu, long freeMemory, long allocatableCpu,
                            long allocatableMemory) {
        static final Snapshot ABSENT = new Snapshot(0, 0, 0, 0, 0, 0);

        Snapshot(NodeInfo n) {
            this(1, n.condition() == NodeCondition.SCHEDULABLE ? 1 : 0, n.freeCpu(), n.freeMemory(),
                    n.allocatableCpu(), n.allocatableMemory());
        }
    }
}
