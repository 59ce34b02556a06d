package io.sigmaflow.placement.model;

import io.sigmaflow.schema.DispersionLevel;
import io.sigmaflow.schema.NodeEvent;
import io.sigmaflow.schema.NodeState;
import io.sigmaflow.schema.PodAllocation;
import io.sigmaflow.schema.PodTemplate;
import io.sigmaflow.schema.Resources;
import io.sigmaflow.schema.TopologyLevel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;

/**
 * Conversions between the wire records (Avro, {@code io.sigmaflow.schema}) and the placer's model.
 * Invalid input throws {@link IllegalArgumentException} with a message naming the record and the
 * field, so the caller can dead-letter it.
 */
public final class AvroMapping {
    private AvroMapping() {}

    public static ResourceVector resources(Resources r) {
        return new ResourceVector(r.getCpuMillis(), r.getMemoryMb(), r.getDiskMb());
    }

    public static Resources resources(ResourceVector r) {
        return new Resources(r.cpuMillis(), r.memoryMb(), r.diskMb());
    }

    public static Location location(io.sigmaflow.schema.Topology t) {
        return new Location(t.getZone(), t.getCoreSwitch(), t.getChassis(), t.getHost());
    }

    public static io.sigmaflow.schema.Topology topology(Location l) {
        return new io.sigmaflow.schema.Topology(l.zone(), l.coreSwitch(), l.chassis(), l.host());
    }

    /** The pod {@code podId} of app {@code appId} built from the app's template. */
    public static Pod pod(String podId, String appId, long generation, PodTemplate template) {
        try {
            Dispersion dispersion;
            if (template.getDispersion() == null) {
                dispersion = Dispersion.CLUSTER_DEFAULT;
            } else {
                EnumMap<TopologyLevel, Integer> weights = new EnumMap<>(TopologyLevel.class);
                for (DispersionLevel level : template.getDispersion()) {
                    weights.merge(level.getLevel(), level.getWeight(), Math::max);
                }
                dispersion = new Dispersion(false, weights);
            }
            List<Toleration> tolerations = new ArrayList<>();
            for (io.sigmaflow.schema.Toleration t : template.getTolerations()) {
                tolerations.add(new Toleration(t.getKey(), t.getValue(), t.getEffect()));
            }
            return new Pod(podId, appId, generation, resources(template.getResources()), template.getPriority(),
                    template.getQos(), dispersion, template.getNodeSelector(), tolerations);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("PodTemplate of app " + appId + ": " + e.getMessage(), e);
        }
    }

    /** A bound pod restored from a node snapshot: no selector, tolerations or dispersion needed. */
    public static Pod pod(PodAllocation a) {
        return new Pod(a.getPodId(), a.getAppId(), a.getGeneration(), resources(a.getResources()), a.getPriority(),
                a.getQos(), Dispersion.NONE, null, null);
    }

    public static PodAllocation allocation(Pod p) {
        return new PodAllocation(p.id(), p.appId(), p.generation(), resources(p.requests()), p.priority(), p.qos());
    }

    /**
     * The node after {@code event}. {@code previous} is the current node (null when unknown). REGISTER
     * needs capacity and topology and makes the node schedulable; UPDATE keeps what it leaves null
     * (labels and taints are replaced as sent); DRAIN marks it draining; REMOVE marks it removed (the
     * index then forgets it).
     */
    public static Node node(NodeEvent event, Node previous) {
        String where = "NodeEvent " + event.getNodeId() + " (" + event.getType() + "): ";
        ResourceVector capacity = event.getCapacity() == null ? null : resources(event.getCapacity());
        ResourceVector allocatable = event.getAllocatable() == null ? capacity : resources(event.getAllocatable());
        Location location = event.getTopology() == null ? null : location(event.getTopology());
        try {
            return switch (event.getType()) {
                case REGISTER -> {
                    if (allocatable == null) {
                        throw new IllegalArgumentException("capacity is required");
                    }
                    if (location == null) {
                        throw new IllegalArgumentException("topology is required");
                    }
                    yield new Node(event.getNodeId(), location, allocatable, event.getLabels(), taints(event.getTaints()),
                            NodeCondition.SCHEDULABLE);
                }
                case UPDATE -> {
                    if (previous == null) {
                        throw new IllegalArgumentException("unknown node; REGISTER it first");
                    }
                    yield new Node(previous.id(), location != null ? location : previous.location(),
                            allocatable != null ? allocatable : previous.allocatable(), event.getLabels(),
                            taints(event.getTaints()), previous.condition());
                }
                case DRAIN -> {
                    if (previous == null) {
                        throw new IllegalArgumentException("unknown node");
                    }
                    yield previous.withCondition(NodeCondition.DRAINING);
                }
                case REMOVE -> {
                    if (previous == null) {
                        throw new IllegalArgumentException("unknown node");
                    }
                    yield previous.withCondition(NodeCondition.REMOVED);
                }
            };
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + e.getMessage(), e);
        }
    }

    /**
     * The node of a snapshot. The wire record has no draining flag: a non-schedulable node comes
     * back UNSCHEDULABLE (both take no new pods).
     */
    public static Node node(NodeState state) {
        NodeCondition condition = state.getRemoved() ? NodeCondition.REMOVED
                : state.getSchedulable() ? NodeCondition.SCHEDULABLE : NodeCondition.UNSCHEDULABLE;
        try {
            return new Node(state.getNodeId(), location(state.getTopology()), resources(state.getAllocatable()),
                    state.getLabels(), taints(state.getTaints()), condition);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("NodeState " + state.getNodeId() + ": " + e.getMessage(), e);
        }
    }

    public static List<Pod> pods(NodeState state) {
        List<Pod> pods = new ArrayList<>(state.getPods().size());
        for (PodAllocation a : state.getPods()) {
            pods.add(pod(a));
        }
        return pods;
    }

    /** A snapshot of {@code node} with {@code pods} (written in pod id order, so equal states encode equally). */
    public static NodeState nodeState(Node node, Collection<Pod> pods, long version, long updatedAtMs) {
        List<PodAllocation> allocations = pods.stream()
                .sorted(Comparator.comparing(Pod::id))
                .map(AvroMapping::allocation)
                .toList();
        List<io.sigmaflow.schema.Taint> taints = node.taints().stream()
                .map(t -> new io.sigmaflow.schema.Taint(t.key(), t.value(), t.effect()))
                .toList();
        return NodeState.newBuilder()
                .setNodeId(node.id())
                .setTopology(topology(node.location()))
                .setAllocatable(resources(node.allocatable()))
                .setLabels(new java.util.TreeMap<>(node.labels()))
                .setTaints(new ArrayList<>(taints))
                .setSchedulable(node.condition() == NodeCondition.SCHEDULABLE)
                .setRemoved(node.condition() == NodeCondition.REMOVED)
                .setPods(new ArrayList<>(allocations))
                .setVersion(version)
                .setUpdatedAtMs(updatedAtMs)
                .build();
    }

    private static List<Taint> taints(List<io.sigmaflow.schema.Taint> taints) {
        List<Taint> out = new ArrayList<>(taints.size());
        for (io.sigmaflow.schema.Taint t : taints) {
            out.add(new Taint(t.getKey(), t.getValue(), t.getEffect()));
        }
        return out;
    }
}
