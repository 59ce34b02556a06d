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
import java.util.function.Function;

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

    /** The GPUs of a node record; {@link GpuDevices#NONE} for null. */
    public static GpuDevices gpus(io.sigmaflow.schema.GpuDevices g) {
        if (g == null || g.getCount() == 0) {
            return GpuDevices.NONE;
        }
        try {
            return new GpuDevices(g.getCount(), g.getModel(), g.getMemoryMbPerGpu());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("gpus: " + e.getMessage(), e);
        }
    }

    /** The wire form of a node's GPUs; null for none (what old readers and writers mean by absent). */
    public static io.sigmaflow.schema.GpuDevices gpus(GpuDevices g) {
        return g.isNone() ? null : new io.sigmaflow.schema.GpuDevices(g.count(), g.model(), g.memoryMbPerGpu());
    }

    /** A pod's GPU request; {@link GpuRequest#NONE} for null. Out-of-range values throw, naming the field. */
    public static GpuRequest gpuRequest(io.sigmaflow.schema.GpuRequest r) {
        if (r == null) {
            return GpuRequest.NONE;
        }
        try {
            return new GpuRequest(r.getWholeGpus(), r.getMilliShare(), new java.util.HashSet<>(r.getModels()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("gpu: " + e.getMessage(), e);
        }
    }

    /** The wire form of a GPU request; null for none. */
    public static io.sigmaflow.schema.GpuRequest gpuRequest(GpuRequest r) {
        return r.isNone() ? null
                : new io.sigmaflow.schema.GpuRequest(r.wholeGpus(), r.milliShare(), new ArrayList<>(r.models()));
    }

    /** GPU indexes of a record; null when it names none, so a restore chooses them as a bind would. */
    public static int[] gpuIndexes(List<Integer> gpus) {
        return gpus == null || gpus.isEmpty() ? null : gpus.stream().mapToInt(Integer::intValue).toArray();
    }

    public static List<Integer> gpuIndexes(int[] gpus) {
        List<Integer> out = new ArrayList<>(gpus == null ? 0 : gpus.length);
        if (gpus != null) {
            for (int g : gpus) {
                out.add(g);
            }
        }
        return out;
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
                    template.getQos(), dispersion, template.getNodeSelector(), tolerations, gpuRequest(template.getGpu()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("PodTemplate of app " + appId + ": " + e.getMessage(), e);
        }
    }

    /** A bound pod restored from a node snapshot: no selector, tolerations or dispersion needed. */
    public static Pod pod(PodAllocation a) {
        return new Pod(a.getPodId(), a.getAppId(), a.getGeneration(), resources(a.getResources()), a.getPriority(),
                a.getQos(), Dispersion.NONE, null, null, gpuRequest(a.getGpu()));
    }

    public static PodAllocation allocation(Pod p) {
        return allocation(p, new int[0]);
    }

    /** {@code p} holding the GPU indexes {@code gpus} of its node. */
    public static PodAllocation allocation(Pod p, int[] gpus) {
        return new PodAllocation(p.id(), p.appId(), p.generation(), resources(p.requests()), p.priority(), p.qos(),
                gpuRequest(p.gpu()), gpuIndexes(gpus));
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
            GpuDevices gpus = event.getGpus() == null ? null : gpus(event.getGpus());
            return switch (event.getType()) {
                case REGISTER -> {
                    if (allocatable == null) {
                        throw new IllegalArgumentException("capacity is required");
                    }
                    if (location == null) {
                        throw new IllegalArgumentException("topology is required");
                    }
                    yield new Node(event.getNodeId(), location, allocatable, event.getLabels(), taints(event.getTaints()),
                            NodeCondition.SCHEDULABLE, gpus);
                }
                case UPDATE -> {
                    if (previous == null) {
                        throw new IllegalArgumentException("unknown node; REGISTER it first");
                    }
                    yield new Node(previous.id(), location != null ? location : previous.location(),
                            allocatable != null ? allocatable : previous.allocatable(), event.getLabels(),
                            taints(event.getTaints()), previous.condition(), gpus != null ? gpus : previous.gpus());
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
                    state.getLabels(), taints(state.getTaints()), condition, gpus(state.getGpus()));
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
        return nodeState(node, pods, podId -> new int[0], version, updatedAtMs);
    }

    /**
     * {@link #nodeState(Node, Collection, long, long)} with the GPU indexes each pod holds
     * ({@code gpusOf}), and per GPU the milli allocated, as the snapshot shows it.
     */
    public static NodeState nodeState(Node node, Collection<Pod> pods, Function<String, int[]> gpusOf,
                                      long version, long updatedAtMs) {
        List<PodAllocation> allocations = pods.stream()
                .sorted(Comparator.comparing(Pod::id))
                .map(p -> allocation(p, gpusOf.apply(p.id())))
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
                .setGpus(gpus(node.gpus()))
                .setGpuAllocatedMilli(gpuAllocatedMilli(node.gpus().count(), allocations))
                .build();
    }

    /** Per GPU index, the milli the allocations hold on it (indexes past {@code count} are left out). */
    public static List<Integer> gpuAllocatedMilli(int count, List<PodAllocation> allocations) {
        int[] used = new int[count];
        for (PodAllocation a : allocations) {
            GpuRequest request = gpuRequest(a.getGpu());
            for (int g : a.getGpus()) {
                if (g >= 0 && g < count) {
                    used[g] += request.milliPerGpu();
                }
            }
        }
        return gpuIndexes(used);
    }

    private static List<Taint> taints(List<io.sigmaflow.schema.Taint> taints) {
        List<Taint> out = new ArrayList<>(taints.size());
        for (io.sigmaflow.schema.Taint t : taints) {
            out.add(new Taint(t.getKey(), t.getValue(), t.getEffect()));
        }
        return out;
    }
}
