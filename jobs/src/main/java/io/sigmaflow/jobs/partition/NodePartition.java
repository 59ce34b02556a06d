package io.sigmaflow.jobs.partition;

import static io.sigmaflow.jobs.protocol.PartitionProtocol.SLOT_REVISION;
import static io.sigmaflow.jobs.protocol.PartitionProtocol.isSlot;

import io.sigmaflow.placement.index.Domain;
import io.sigmaflow.placement.index.NodeInfo;
import io.sigmaflow.placement.model.AvroMapping;
import io.sigmaflow.placement.model.Node;
import io.sigmaflow.placement.model.NodeCondition;
import io.sigmaflow.placement.model.Pod;
import io.sigmaflow.placement.placer.CommitResult;
import io.sigmaflow.placement.placer.PlacementConfig;
import io.sigmaflow.placement.placer.PlacementDecision;
import io.sigmaflow.placement.placer.Placer;
import io.sigmaflow.jobs.routing.PartitionScheme;
import io.sigmaflow.jobs.routing.SchedulableNodes;
import io.sigmaflow.schema.NodeEvent;
import io.sigmaflow.schema.NodeEventType;
import io.sigmaflow.schema.NodeState;
import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.PlacementFeedback;
import io.sigmaflow.schema.PodAllocation;
import io.sigmaflow.schema.PodResult;
import io.sigmaflow.schema.PodResultStatus;
import io.sigmaflow.schema.PodTemplate;
import io.sigmaflow.schema.PriorityChange;
import io.sigmaflow.schema.ShardSummary;
import io.sigmaflow.schema.job.BoundPod;
import io.sigmaflow.schema.job.MigratePod;
import io.sigmaflow.schema.job.PlacePods;
import io.sigmaflow.schema.job.PodRef;
import io.sigmaflow.schema.job.ReleasePods;
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
    private final TreeSet<String> dirtyNodes = new TreeSet<>();
    private final TreeMap<String, Node> removedNodes = new TreeMap<>();
    private boolean summaryDirty;
    private long lastEventTime;
    /** Host feedback (pod status, inventories, liveness) and the CPU-priority mix per node. */
    private final HostFeedback host = new HostFeedback(this);
    private final PriorityMix priorities = new PriorityMix();

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
            applyNodeEvent(command.getNodeEvent(), eventTime, store, out, metrics);
        } else if (command.getPlace() != null) {
            place(command.getPlace(), eventTime, store, out, metrics);
        } else if (command.getRelease() != null) {
            release(command.getRelease(), eventTime, store, out, metrics);
        } else if (command.getMigrate() != null) {
            migrate(command.getMigrate(), eventTime, store, out, metrics);
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

    private void place(PlacePods command, long eventTime, PartitionStore store, Consumer<Placement> out,
                       PartitionMetrics metrics) {
        Pod template;
        try {
            template = AvroMapping.pod("template", group(command.getAppId(), command.getRevision()), 0,
                    command.getTemplate());
        } catch (IllegalArgumentException e) {
            for (PodRef ref : command.getPods()) {
                result(command.getAppId(), unschedulable(ref.getPodId(), command.getRevision(), Map.of(), e.getMessage()));
            }
            return;
        }
        for (PodRef ref : command.getPods()) {
            BoundPod existing = pods.get(ref.getPodId());
            if (existing != null) { // a command seen twice: answer again, change nothing
                result(command.getAppId(), bound(existing));
                continue;
            }
            clock = Math.max(clock, ref.getGeneration());
            Pod pod = template.withId(ref.getPodId());
            boolean slot = isSlot(pod.id());
            PlacementDecision decision = placer.place(pod, command.getMayPreempt() && !slot,
                    group(command.getAppId(), SLOT_REVISION));
            if (decision.status() != PlacementDecision.Status.BOUND) {
                metrics.unschedulable(decision.rejections());
                result(command.getAppId(), unschedulable(ref.getPodId(), command.getRevision(), decision.rejections(),
                        decision.message()));
                continue;
            }
            for (Pod victim : decision.preempted()) {
                unbind(victim.id(), "preempted by " + pod.id(), PodResultStatus.PREEMPTED, eventTime, store, out);
            }
            metrics.preempted(decision.preempted().size());
            if (decision.takenSlot() != null) {
                slotTaken(command.getAppId(), decision.takenSlot(), pod.id(), store);
                metrics.slotsTaken(1);
            }
            BoundPod committed = new BoundPod(pod.id(), command.getAppId(), command.getRevision(), decision.nodeId(),
                    ++clock, command.getTemplate().getResources(), command.getTemplate().getPriority(),
                    command.getTemplate().getQos(), command.getRequestId(), eventTime,
                    slot ? null : command.getTemplate().getPayload());
            pods.put(committed.getPodId(), committed);
            store.putPod(committed);
            if (!slot) {
                priorities.bound(committed);
                out.accept(PlacementRecords.bind(committed, command.getTemplate(),
                        decision.explanation() == null ? null : decision.explanation().toAvro(),
                        decision.explanation() == null ? decision.message() : null, eventTime));
                metrics.bound(1);
            } else {
                metrics.slotsReserved(1);
            }
            dirtyNodes.add(committed.getNodeId());
            summaryDirty = true;
            result(command.getAppId(), bound(committed));
        }
    }

    private void release(ReleasePods command, long eventTime, PartitionStore store, Consumer<Placement> out,
                         PartitionMetrics metrics) {
        for (PodRef ref : command.getPods()) {
            clock = Math.max(clock, ref.getGeneration());
            BoundPod pod = pods.get(ref.getPodId());
            if (pod == null) { // not (or no longer) here: nothing to unbind, the app side may forget it
                result(command.getAppId(), new PodResult(ref.getPodId(), 0, PodResultStatus.RELEASED, clock, null,
                        null, Map.of(), "not bound in partition " + id, false));
                continue;
            }
            placer.release(pod.getPodId());
            unbind(pod.getPodId(), command.getReason(), PodResultStatus.RELEASED, eventTime, store, out);
            metrics.unbound(1);
        }
    }

    /**
     * The make step of a migration: bind the pod on the target after the placer's authoritative
     * re-check (filters, room). A pod already bound here (source and target in this partition) must
     * be on the migration's source; it moves in one step, the target's BIND emitted before the
     * source's UNBIND, and its result carries the UNBIND's generation (the pod's newest).
     */
    private void migrate(MigratePod command, long eventTime, PartitionStore store, Consumer<Placement> out,
                         PartitionMetrics metrics) {
        String appId = command.getAppId();
        String podId = command.getPod().getPodId();
        String to = command.getToNodeId();
        clock = Math.max(clock, command.getPod().getGeneration());
        BoundPod existing = pods.get(podId);
        if (existing != null && existing.getNodeId().equals(to)) { // a command seen twice: answer again
            result(appId, bound(existing));
            return;
        }
        if (existing != null && !existing.getNodeId().equals(command.getFromNodeId())) {
            result(appId, unschedulable(podId, command.getRevision(), Map.of(), "migration of " + podId + " refused: it is on "
                    + existing.getNodeId() + ", not on " + command.getFromNodeId()));
            return;
        }
        CommitResult commit;
        try {
            commit = existing != null ? placer.move(podId, to)
                    : placer.commit(AvroMapping.pod(podId, group(appId, command.getRevision()), 0, command.getTemplate()), to);
        } catch (IllegalArgumentException e) {
            result(appId, unschedulable(podId, command.getRevision(), Map.of(), e.getMessage()));
            return;
        }
        if (!commit.isBound()) {
            Map<String, Integer> rejections = commit.rejection() == null ? Map.of() : Map.of(commit.rejection().plugin(), 1);
            metrics.unschedulable(rejections);
            String why = switch (commit.status()) {
                case REJECTED -> commit.rejection().toString();
                case UNKNOWN_NODE -> "node " + to + " is not in partition " + id;
                default -> "the pod is bound on " + commit.nodeId() + " here";
            };
            result(appId, unschedulable(podId, command.getRevision(), rejections,
                    "migration of " + podId + " to " + to + " refused: " + why));
            return;
        }
        PodTemplate template = command.getTemplate();
        BoundPod moved = new BoundPod(podId, appId, command.getRevision(), to, ++clock, template.getResources(),
                template.getPriority(), template.getQos(), command.getRequestId(), eventTime, template.getPayload());
        pods.put(podId, moved);
        priorities.bound(moved);
        store.putPod(moved);
        out.accept(PlacementRecords.bind(moved, template, null, eventTime));
        metrics.bound(1);
        dirtyNodes.add(to);
        summaryDirty = true;
        long generation = moved.getGeneration();
        if (existing != null) {
            generation = ++clock;
            priorities.unbound(existing);
            out.accept(PlacementRecords.unbind(existing, generation, "migrated to " + to, eventTime));
            metrics.unbound(1);
            dirtyNodes.add(existing.getNodeId());
        }
        NodeInfo node = placer.index().node(to);
        result(appId, new PodResult(podId, command.getRevision(), PodResultStatus.BOUND, generation, to,
                AvroMapping.topology(node.location()), Map.of(), null, false));
    }

    /**
     * Emits the UNBIND of a pod already released from the index (none for a reservation slot: no
     * executor ever ran it), forgets it, and tells its app.
     */
    private void unbind(String podId, String reason, PodResultStatus status, long eventTime, PartitionStore store,
                        Consumer<Placement> out) {
        unbind(podId, reason, status, false, eventTime, store, out);
    }

    private void unbind(String podId, String reason, PodResultStatus status, boolean failedOnHost, long eventTime,
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

    /** A pod took reservation slot {@code slotId} (already released from the index): the app learns it first. */
    private void slotTaken(String appId, String slotId, String podId, PartitionStore store) {
        BoundPod slot = pods.remove(slotId);
        store.removePod(slotId);
        clock = Math.max(clock, slot.getGeneration()) + 1;
        result(appId, new PodResult(slotId, SLOT_REVISION, PodResultStatus.RELEASED, clock, slot.getNodeId(), null,
                Map.of(), "taken by pod " + podId, false));
    }

    private void applyNodeEvent(NodeEvent event, long eventTime, PartitionStore store, Consumer<Placement> out,
                                PartitionMetrics metrics) {
        NodeInfo before = placer.index().node(event.getNodeId());
        List<Pod> affected = placer.apply(event); // throws, changing nothing, when the event is invalid
        String nodeId = event.getNodeId();
        summaryDirty = true;
        if (event.getType() == NodeEventType.REMOVE) {
            for (Pod pod : affected) {
                unbind(pod.id(), "node " + nodeId + " removed", PodResultStatus.LOST, eventTime, store, out);
            }
            metrics.unbound(affected.size());
            store.removeNode(nodeId);
            removedNodes.put(nodeId, before.node());
            dirtyNodes.remove(nodeId);
            return;
        }
        // DRAIN: the node takes no new pods and its pods move, make-before-break, to the best other
        // node of this partition (the new BIND before the old UNBIND, in one step); a pod no other
        // node here can take (and a reservation slot) is released and reported LOST instead, and
        // the app side places it in another partition (break-before-make).
        if (event.getType() == NodeEventType.DRAIN) {
            List<Pod> stay = new ArrayList<>();
            List<Pod> sorted = new ArrayList<>(affected);
            sorted.sort(Comparator.comparing(Pod::id));
            for (Pod pod : sorted) {
                if (!moveOffDrained(pod.id(), nodeId, eventTime, store, out, metrics)) {
                    stay.add(pod);
                }
            }
            host.loseAll(stay, "node " + nodeId + " drained", eventTime, store, out, metrics);
        }
        persistNode(nodeId, eventTime, store);
    }

    /**
     * Moves a pod off a drained node to the best other node of this partition: the target's BIND,
     * then the source's UNBIND, and a BOUND result with the UNBIND's generation (the app side
     * updates where its pod is). False, changing nothing, for a slot, a pod bound by a version that
     * did not keep its payload, or when no other node here passes the filters with room.
     */
    private boolean moveOffDrained(String podId, String drained, long eventTime, PartitionStore store,
                                   Consumer<Placement> out, PartitionMetrics metrics) {
        BoundPod old = pods.get(podId);
        if (old == null || old.getPayload() == null || isSlot(podId)) {
            return false;
        }
        String to = placer.relocate(podId).orElse(null);
        if (to == null) {
            return false;
        }
        BoundPod moved = BoundPod.newBuilder(old).setNodeId(to).setGeneration(++clock).setBoundAtMs(eventTime).build();
        pods.put(podId, moved);
        priorities.unbound(old);
        priorities.bound(moved);
        store.putPod(moved);
        out.accept(PlacementRecords.bind(moved, old.getPayload(), null, "node " + drained + " drained: moved here",
                eventTime));
        long generation = ++clock;
        out.accept(PlacementRecords.unbind(old, generation, "node " + drained + " drained: moved to " + to, eventTime));
        metrics.bound(1);
        metrics.unbound(1);
        dirtyNodes.add(to);
        dirtyNodes.add(drained);
        summaryDirty = true;
        NodeInfo node = placer.index().node(to);
        result(old.getAppId(), new PodResult(podId, old.getRevision(), PodResultStatus.BOUND, generation, to,
                AvroMapping.topology(node.location()), Map.of(), "moved off drained node " + drained, false));
        return true;
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

    private PodResult bound(BoundPod pod) {
        NodeInfo node = placer.index().node(pod.getNodeId());
        return new PodResult(pod.getPodId(), pod.getRevision(), PodResultStatus.BOUND, pod.getGeneration(),
                pod.getNodeId(), AvroMapping.topology(node.location()), Map.of(), null, false);
    }

    private PodResult unschedulable(String podId, int revision, Map<String, Integer> rejections, String message) {
        return new PodResult(podId, revision, PodResultStatus.UNSCHEDULABLE, clock, null, null,
                new TreeMap<>(rejections), message, false);
    }

    private void result(String appId, PodResult result) {
        results.computeIfAbsent(appId, a -> new ArrayList<>()).add(result);
    }

    /**
     * What the app side must learn since the last call, for the feedback loop: one record per app
     * with its pods' results (apps in id order, results in commit order), then the partition's
     * summary if it changed.
     */
    public List<PlacementFeedback> drainFeedback() {
        List<PlacementFeedback> out = new ArrayList<>(results.size() + 1);
        for (Map.Entry<String, List<PodResult>> e : results.entrySet()) {
            out.add(new PlacementFeedback(id, clock, null, e.getKey(), e.getValue(), null));
        }
        results.clear();
        if (summaryDirty) {
            out.add(new PlacementFeedback(id, clock, summary(), null, List.of(), null));
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
        for (Pod pod : sorted) {
            BoundPod bound = pods.get(pod.id());
            allocations.add(bound != null ? PlacementRecords.allocation(bound, bound.getAppId()) : AvroMapping.allocation(pod));
        }
        return NodeState.newBuilder(AvroMapping.nodeState(info.node(), List.of(), clock, lastEventTime))
                .setPods(allocations)
                .build();
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
        return !results.isEmpty() || summaryDirty || !dirtyNodes.isEmpty() || !removedNodes.isEmpty()
                || priorities.hasChanges();
    }

    /** The partition scheme this partition belongs to. */
    public PartitionScheme scheme() {
        return scheme;
    }
}
