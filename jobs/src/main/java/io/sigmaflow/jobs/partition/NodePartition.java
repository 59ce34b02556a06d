package io.sigmaflow.jobs.partition;

import static io.sigmaflow.jobs.protocol.PartitionProtocol.isSlot;

import io.sigmaflow.placement.index.Domain;
import io.sigmaflow.placement.index.NodeInfo;
import io.sigmaflow.placement.model.AvroMapping;
import io.sigmaflow.placement.model.Node;
import io.sigmaflow.placement.model.NodeCondition;
import io.sigmaflow.placement.model.Pod;
import io.sigmaflow.placement.placer.PlacementConfig;
import io.sigmaflow.placement.placer.Placer;
import io.sigmaflow.jobs.routing.PartitionScheme;
import io.sigmaflow.jobs.routing.SchedulableNodes;
import io.sigmaflow.schema.NodeState;
import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.PlacementFeedback;
import io.sigmaflow.schema.PodAllocation;
import io.sigmaflow.schema.PodResult;
import io.sigmaflow.schema.PodResultStatus;
import io.sigmaflow.schema.PriorityChange;
import io.sigmaflow.schema.RequestOutcome;
import io.sigmaflow.schema.ShardSummary;
import io.sigmaflow.schema.job.BoundPod;
import io.sigmaflow.schema.job.OutcomePart;
import io.sigmaflow.schema.job.PlacePods;
import io.sigmaflow.schema.job.PartitionClock;
import io.sigmaflow.schema.job.PartitionCommand;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * One node partition (a core switch by default): the only place that commits pods on its nodes.
 * It keeps the partition's {@link Placer} (the in-memory index, derived from durable state and
 * rebuilt by {@link #restore}), applies commands in the order it is given them, emits every BIND and
 * UNBIND as it commits, and buffers what the app side must learn (pod results, its summary) and the
 * node snapshots until the operator flushes them at the next checkpoint.
 *
 * <p><b>Generations are a Lamport clock.</b> The partition's clock moves past the clock and the pod
 * generations a command carries, and ticks once per placement record; a record's generation is
 * the clock after the tick. So a pod's generations strictly increase across BIND and UNBIND, even
 * when it moves between partitions, and ordering records by generation gives an order consistent
 * with every partition's own commit order and with causality between partitions (the benchmark
 * recounts dispersion in that order).
 *
 * <p>Pods of one app revision spread as a group: the placer sees them under the app id
 * {@link #group}, so during a rolling upgrade new pods spread among themselves, not around the old
 * ones that are about to go. Not thread-safe: one instance per partition key, used by one subtask.
 */
public final class NodePartition {
    private final String id;
    private final Placer placer;
    private final PartitionScheme scheme;
    /** Lookup only (never iterated into a decision or an output order). */
    private final HashMap<String, BoundPod> pods = new HashMap<>();
    private long clock;
    private long capacityClock;

    // What changed since the last flush.
    private final TreeMap<String, List<PodResult>> results = new TreeMap<>();
    /** Parts of outcomes given at commit, and per app the requests whose part bound (for the app side). */
    private final List<OutcomePart> outcomeParts = new ArrayList<>();
    private final TreeMap<String, List<String>> answered = new TreeMap<>();
    private final TreeSet<String> dirtyNodes = new TreeSet<>();
    private final TreeMap<String, Node> removedNodes = new TreeMap<>();
    private boolean summaryDirty;
    private long lastEventTime;
    /** Host feedback (pod status, inventories, liveness) and the CPU-priority mix per node. */
    private final HostFeedback host = new HostFeedback(this);
    private final PriorityMix priorities = new PriorityMix();
    // One handler per command kind; host feedback (pod status, inventory, liveness) is HostFeedback's.
    private final NodeEventHandler nodeEvents = new NodeEventHandler(this);
    private final PlaceHandler places = new PlaceHandler(this);
    private final ReleaseHandler releases = new ReleaseHandler(this);
    private final MigrateHandler migrations = new MigrateHandler(this);

    private NodePartition(String id, Placer placer, PartitionScheme scheme) {
        this.id = id;
        this.placer = placer;
        this.scheme = scheme;
    }

    /** An empty partition. */
    public static NodePartition create(String id, PlacementConfig config, PartitionScheme scheme) {
        return new NodePartition(id, config.newPlacer(), scheme);
    }

    /**
     * Rebuilds a partition from its durable state: node descriptions, bound pods, clock. Pods on a
     * node that is not listed are skipped (they cannot be: nodes are removed with their pods).
     */
    public static NodePartition restore(String id, PlacementConfig config, PartitionScheme scheme,
                                        Iterable<NodeState> nodes, Iterable<BoundPod> boundPods, PartitionClock clock) {
        NodePartition partition = create(id, config, scheme);
        Map<String, List<PodAllocation>> byNode = new HashMap<>();
        for (BoundPod pod : boundPods) {
            byNode.computeIfAbsent(pod.getNodeId(), n -> new ArrayList<>())
                    .add(PlacementRecords.allocation(pod, group(pod.getAppId(), pod.getRevision())));
            partition.pods.put(pod.getPodId(), pod);
        }
        for (NodeState node : nodes) {
            List<PodAllocation> allocations = byNode.getOrDefault(node.getNodeId(), List.of());
            partition.placer.restore(NodeState.newBuilder(node).setPods(new ArrayList<>(allocations)).build());
        }
        partition.pods.values().removeIf(p -> partition.placer.index().nodeOf(p.getPodId()) == null);
        for (BoundPod pod : partition.pods.values()) {
            if (!isSlot(pod.getPodId())) {
                partition.priorities.restore(pod);
            }
        }
        if (clock != null) {
            partition.clock = clock.getClock();
            partition.capacityClock = clock.getCapacityClock();
        }
        return partition;
    }

    /**
     * How long after its BIND a pod missing from its host's inventory still counts as on its way
     * (default {@value HostSettings#DEFAULT_INVENTORY_GRACE_MS} ms). Returns this partition.
     */
    public NodePartition inventoryGraceMs(long graceMs) {
        host.graceMs(graceMs);
        return this;
    }

    /** The app id under which the placer counts an app revision's pods for dispersion. */
    public static String group(String appId, int revision) {
        return appId + "@" + revision;
    }

    public String id() {
        return id;
    }

    public long clock() {
        return clock;
    }

    public Placer placer() {
        return placer;
    }

    public int boundPods() {
        return pods.size();
    }

    /**
     * Applies one command. Placement records go to {@code out} as they are committed (an UNBIND
     * always before a BIND that reuses its room); state changes go to {@code store}.
     *
     * @throws IllegalArgumentException for a node event the partition cannot apply (the message
     *     names the field); nothing changed
     */
    public void apply(PartitionCommand command, long eventTime, PartitionStore store, Consumer<Placement> out,
                      PartitionMetrics metrics) {
        lastEventTime = eventTime;
        long clockBefore = clock;
        long epochBefore = placer.index().capacityEpoch();
        clock = Math.max(clock, command.getClock());
        if (command.getNodeEvent() != null) {
            nodeEvents.apply(command.getNodeEvent(), eventTime, store, out, metrics);
        } else if (command.getPlace() != null) {
            places.apply(command.getPlace(), eventTime, store, out, metrics);
        } else if (command.getRelease() != null) {
            releases.apply(command.getRelease(), eventTime, store, out, metrics);
        } else if (command.getMigrate() != null) {
            migrations.apply(command.getMigrate(), eventTime, store, out, metrics);
        } else if (command.getPodStatus() != null) {
            host.podStatus(command.getPodStatus(), eventTime, store, out, metrics);
        } else if (command.getInventory() != null) {
            host.inventory(command.getInventory(), eventTime, store, out, metrics);
        } else if (command.getLiveness() != null) {
            host.liveness(command.getLiveness(), eventTime, store, out, metrics);
        }
        priorities.stamp(() -> ++clock, eventTime); // generations drawn here are stored with the clock below
        if (placer.index().capacityEpoch() != epochBefore) {
            capacityClock = ++clock; // binds never move the epoch: only a real capacity increase gets here
            summaryDirty = true;
        }
        if (clock != clockBefore) {
            store.putClock(new PartitionClock(clock, capacityClock));
        }
    }

    /**
     * Emits the UNBIND of a pod already released from the index (none for a reservation slot: no
     * executor ever ran it), forgets it, and tells its app.
     */
    void unbind(String podId, String reason, PodResultStatus status, boolean failedOnHost, long eventTime,
                        PartitionStore store, Consumer<Placement> out) {
        BoundPod pod = pods.remove(podId);
        clock = Math.max(clock, pod.getGeneration()) + 1;
        if (!isSlot(podId)) {
            priorities.unbound(pod);
            out.accept(PlacementRecords.unbind(pod, clock, reason, eventTime));
        }
        store.removePod(podId);
        dirtyNodes.add(pod.getNodeId());
        summaryDirty = true;
        result(pod.getAppId(), new PodResult(podId, pod.getRevision(), status, clock, pod.getNodeId(), null, Map.of(),
                reason, failedOnHost));
    }

    // For the handlers: the partition's clock, pods and what changed since the last flush.

    /** Moves the clock past a generation a command carries (Lamport). */
    void seen(long generation) {
        clock = Math.max(clock, generation);
    }

    /** Ticks the clock for one placement record: the record's generation. */
    long tick() {
        return ++clock;
    }

    void putPod(BoundPod pod) {
        pods.put(pod.getPodId(), pod);
    }

    BoundPod removePod(String podId) {
        return pods.remove(podId);
    }

    PriorityMix priorities() {
        return priorities;
    }

    HostFeedback host() {
        return host;
    }

    /** The node's pods or capacity changed: its snapshot and the partition's summary go out at the next flush. */
    void changed(String nodeId) {
        dirtyNodes.add(nodeId);
        summaryDirty = true;
    }

    void summaryChanged() {
        summaryDirty = true;
    }

    /** The node left the partition: a REMOVED snapshot goes out at the next flush instead of its state. */
    void removed(String nodeId, Node node) {
        removedNodes.put(nodeId, node);
        dirtyNodes.remove(nodeId);
    }

    /** Stores the node's description (after a change of its condition or capacity) and marks it dirty. */
    void persistNode(String nodeId, long eventTime, PartitionStore store) {
        NodeInfo info = placer.index().node(nodeId);
        removedNodes.remove(nodeId);
        store.putNode(AvroMapping.nodeState(info.node(), List.of(), ++clock, eventTime));
        dirtyNodes.add(nodeId);
        summaryDirty = true;
    }

    /** The pod bound here under {@code podId}, or null. */
    BoundPod boundPod(String podId) {
        return pods.get(podId);
    }

    /**
     * Releases a pod bound here because its host lost it (failed, missing, node silent or
     * drained): emits its UNBIND and reports it LOST, which the app side re-places.
     * {@code failedOnHost}: the host failed the pod itself (not the node going away), which the
     * app side counts against the pod.
     */
    void lose(String podId, String reason, boolean failedOnHost, long eventTime, PartitionStore store,
              Consumer<Placement> out) {
        placer.release(podId);
        unbind(podId, reason, PodResultStatus.LOST, failedOnHost, eventTime, store, out);
    }

    /** Emits an UNBIND for a pod a host runs that this partition does not hold there (state unchanged). */
    void unbindStray(BoundPod stray, String reason, long eventTime, Consumer<Placement> out) {
        clock = Math.max(clock, stray.getGeneration()) + 1;
        out.accept(PlacementRecords.unbind(stray, clock, reason, eventTime));
    }

    /** CPU-priority changes of the nodes whose QoS mix changed since the last call, in node id order. */
    public List<PriorityChange> drainPriorityChanges() {
        return priorities.drain();
    }

    PodResult bound(BoundPod pod) {
        NodeInfo node = placer.index().node(pod.getNodeId());
        return new PodResult(pod.getPodId(), pod.getRevision(), PodResultStatus.BOUND, pod.getGeneration(),
                pod.getNodeId(), AvroMapping.topology(node.location()), Map.of(), null, false);
    }

    PodResult unschedulable(String podId, int revision, Map<String, Integer> rejections, String message) {
        return new PodResult(podId, revision, PodResultStatus.UNSCHEDULABLE, clock, null, null,
                new TreeMap<>(rejections), message, false);
    }

    void result(String appId, PodResult result) {
        results.computeIfAbsent(appId, a -> new ArrayList<>()).add(result);
    }

    /** This partition's part of a request's outcome: did {@code command} bind every pod it named? */
    void outcomePart(String appId, PlacePods command, boolean bound) {
        RequestOutcome outcome = command.getOutcome();
        outcomeParts.add(new OutcomePart(appId, outcome.getRequestId(), id, command.getOutcomeParts(), bound, outcome));
        if (bound) {
            answered.computeIfAbsent(appId, a -> new ArrayList<>()).add(outcome.getRequestId());
        }
    }

    /** The outcome parts since the last call, in commit order (flushed with the feedback that names them). */
    public List<OutcomePart> drainOutcomeParts() {
        List<OutcomePart> out = new ArrayList<>(outcomeParts);
        outcomeParts.clear();
        return out;
    }

    /**
     * What the app side must learn since the last call, for the feedback loop: one record per app
     * with its pods' results (apps in id order, results in commit order), then the partition's
     * summary if it changed.
     */
    public List<PlacementFeedback> drainFeedback() {
        List<PlacementFeedback> out = new ArrayList<>(results.size() + 1);
        for (Map.Entry<String, List<PodResult>> e : results.entrySet()) {
            out.add(new PlacementFeedback(id, clock, null, e.getKey(), e.getValue(), null,
                    answered.getOrDefault(e.getKey(), List.of())));
        }
        results.clear();
        answered.clear();
        if (summaryDirty) {
            out.add(new PlacementFeedback(id, clock, summary(), null, List.of(), null, List.of()));
            summaryDirty = false;
        }
        return out;
    }

    /** Snapshots of the nodes that changed since the last call (removed ones flagged), in node id order. */
    public List<NodeState> drainNodeStates() {
        List<NodeState> out = new ArrayList<>(dirtyNodes.size() + removedNodes.size());
        for (String nodeId : dirtyNodes) {
            NodeInfo info = placer.index().node(nodeId);
            if (info != null) {
                out.add(snapshot(info));
            }
        }
        for (Node removed : removedNodes.values()) {
            out.add(AvroMapping.nodeState(removed.withCondition(NodeCondition.REMOVED), List.of(), clock, lastEventTime));
        }
        dirtyNodes.clear();
        removedNodes.clear();
        return out;
    }

    /** The node as executors and the rebalancer see it: real app ids, pods in id order. */
    public NodeState snapshot(NodeInfo info) {
        List<PodAllocation> allocations = new ArrayList<>(info.podCount());
        List<Pod> sorted = new ArrayList<>(info.pods());
        sorted.sort(Comparator.comparing(Pod::id));
        // The records below are made here and set in place: a builder copied from one (newBuilder(r))
        // deep-copies every field, which was a fifth of this method's cpu (issue 18's profile).
        for (Pod pod : sorted) {
            BoundPod bound = pods.get(pod.id());
            int[] gpus = info.gpusOf(pod.id()); // the index's, the truth the BINDs came from
            PodAllocation allocation;
            if (bound != null) {
                allocation = PlacementRecords.allocation(bound, bound.getAppId());
                allocation.setGpus(AvroMapping.gpuIndexes(gpus));
            } else {
                allocation = AvroMapping.allocation(pod, gpus);
            }
            allocations.add(allocation);
        }
        NodeState state = AvroMapping.nodeState(info.node(), List.of(), clock, lastEventTime);
        state.setPods(allocations);
        state.setGpuAllocatedMilli(AvroMapping.gpuAllocatedMilli(info.node().gpus().count(), allocations));
        return state;
    }

    /** The partition as a router sees it: necessary conditions for a pod to fit here. */
    public ShardSummary summary() {
        Domain root = placer.index().root();
        SchedulableNodes counts = new SchedulableNodes();
        for (NodeInfo node : placer.index().nodes()) {
            counts.add(node.condition(), node.taints(), node.labels());
        }
        return counts.summary(id)
                .setNodes(root.nodes())
                .setSchedulableNodes(root.schedulableNodes())
                .setMaxFreeCpu(root.maxFreeCpu())
                .setMaxFreeMemory(root.maxFreeMemory())
                .setMaxFreeDisk(root.maxFreeDisk())
                .setFreeCpu(root.freeCpu())
                .setFreeMemory(root.freeMemory())
                .setAllocatableCpu(root.allocatableCpu())
                .setAllocatableMemory(root.allocatableMemory())
                .setCapacityEpoch(capacityClock)
                .build();
    }

    /** True when results, a summary or node snapshots are waiting for the next flush. */
    public boolean hasPendingOutput() {
        return !results.isEmpty() || !outcomeParts.isEmpty() || summaryDirty || !dirtyNodes.isEmpty() || !removedNodes.isEmpty()
                || priorities.hasChanges();
    }

    /** The partition scheme this partition belongs to. */
    public PartitionScheme scheme() {
        return scheme;
    }
}
