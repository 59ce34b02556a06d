package io.sigmaflow.connectors.view;

import io.sigmaflow.schema.NodeState;
import io.sigmaflow.schema.PodAllocation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cluster as the job committed it on {@code sigma.node-state}: the latest record of every
 * node that is not removed, in topology order (switch, chassis, host). What the demo and {@code
 * ./sigma status} print, and what dispersion is counted on. Reservation slots count under
 * {@code "<app> (reserved)"}: they hold capacity but run nothing.
 */
public record CommittedCluster(List<Node> nodes) {

    /** One node and the pods bound on it. */
    public record Node(String id, String coreSwitch, String chassis, long cpuAllocatable, long memoryAllocatable,
            Map<String, String> labels, boolean schedulable, List<Pod> pods) {
        public long cpuAllocated() {
            return pods.stream().mapToLong(Pod::cpuMillis).sum();
        }

        public long memoryAllocated() {
            return pods.stream().mapToLong(Pod::memoryMb).sum();
        }

        /** True when one more pod of this size fits next to what is bound. */
        public boolean hasRoomFor(long cpuMillis, long memoryMb) {
            return schedulable && cpuAllocated() + cpuMillis <= cpuAllocatable
                    && memoryAllocated() + memoryMb <= memoryAllocatable;
        }
    }

    /** A bound pod. */
    public record Pod(String id, String appId, String qos, long cpuMillis, long memoryMb) {}

    /** A bound pod with where it is. */
    public record Placed(Pod pod, Node node) {}

    private static final String RESERVATION = "reservation/";
    /** Appended to an app id for its reservation slots. */
    public static final String RESERVED = " (reserved)";

    public CommittedCluster {
        nodes = List.copyOf(nodes);
    }

    /**
     * From node-state records in the order they were read: a later record of a node replaces an
     * earlier one unless its version is lower ({@link NodeStates#highestVersion}).
     */
    public static CommittedCluster of(List<NodeState> records) {
        List<Node> nodes = new ArrayList<>();
        for (NodeState s : NodeStates.live(NodeStates.highestVersion(records))) {
            List<Pod> pods = new ArrayList<>();
            for (PodAllocation a : s.getPods()) {
                // A reservation slot holds room for its app but runs nothing: shown (and spread) apart.
                String app = a.getPodId().startsWith(RESERVATION) ? a.getAppId() + RESERVED : a.getAppId();
                pods.add(new Pod(a.getPodId(), app, a.getQos().name(), a.getResources().getCpuMillis(),
                        a.getResources().getMemoryMb()));
            }
            pods.sort(Comparator.comparing(Pod::id, NaturalOrder.INSTANCE));
            nodes.add(new Node(s.getNodeId(), s.getTopology().getCoreSwitch(), s.getTopology().getChassis(),
                    s.getAllocatable().getCpuMillis(), s.getAllocatable().getMemoryMb(), new TreeMap<>(s.getLabels()),
                    s.getSchedulable(), pods));
        }
        nodes.sort(Comparator.comparing(Node::coreSwitch, NaturalOrder.INSTANCE)
                .thenComparing(Node::chassis, NaturalOrder.INSTANCE)
                .thenComparing(Node::id, NaturalOrder.INSTANCE));
        return new CommittedCluster(nodes);
    }

    /** Every bound pod, in node order. */
    public List<Placed> placed() {
        List<Placed> out = new ArrayList<>();
        for (Node n : nodes) {
            for (Pod p : n.pods()) {
                out.add(new Placed(p, n));
            }
        }
        return out;
    }

    /** App id -> its bound pods, apps in name order. */
    public Map<String, List<Placed>> byApp() {
        Map<String, List<Placed>> out = new TreeMap<>(NaturalOrder.INSTANCE);
        for (Placed p : placed()) {
            out.computeIfAbsent(p.pod().appId(), a -> new ArrayList<>()).add(p);
        }
        return out;
    }
}
