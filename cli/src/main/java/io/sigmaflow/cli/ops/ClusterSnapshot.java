package io.sigmaflow.cli.ops;

import io.sigmaflow.connectors.view.CommittedCluster;
import io.sigmaflow.connectors.view.NodeStates;
import io.sigmaflow.jobs.protocol.Cordon;
import io.sigmaflow.schema.NodeState;
import io.sigmaflow.schema.PodAllocation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The committed cluster with each node's full record: {@link CommittedCluster} (topology order,
 * pods, allocation) plus the latest {@link NodeState} of every node that is not removed (taints,
 * the record the placement core restores from).
 */
record ClusterSnapshot(CommittedCluster cluster, Map<String, NodeState> states) {

    /** A node as operators see it: what it offers, whether it takes new pods and why not. */
    enum Status {
        /** Takes new pods. */
        SCHEDULABLE("Schedulable"),
        /** Cordoned by an operator: no new pods, its own stay. */
        CORDONED("Cordoned"),
        /** Not schedulable in the job's view: drained (a DRAIN without cordon) or silent. */
        UNSCHEDULABLE("Unschedulable"),
        CORDONED_UNSCHEDULABLE("Cordoned,Unschedulable");

        final String text;

        Status(String text) {
            this.text = text;
        }
    }

    static ClusterSnapshot of(List<NodeState> records) {
        CommittedCluster cluster = CommittedCluster.of(records);
        Map<String, NodeState> latest = NodeStates.highestVersion(records); // the rule CommittedCluster.of applies
        Map<String, NodeState> states = new HashMap<>();
        for (CommittedCluster.Node n : cluster.nodes()) {
            states.put(n.id(), latest.get(n.id()));
        }
        return new ClusterSnapshot(cluster, states);
    }

    List<CommittedCluster.Node> nodes() {
        return cluster.nodes();
    }

    CommittedCluster.Node node(String nodeId) {
        return cluster.nodes().stream().filter(n -> n.id().equals(nodeId)).findFirst().orElse(null);
    }

    NodeState state(String nodeId) {
        return states.get(nodeId);
    }

    List<NodeState> orderedStates() {
        List<NodeState> out = new ArrayList<>();
        cluster.nodes().forEach(n -> out.add(states.get(n.id())));
        return out;
    }

    Status status(String nodeId) {
        NodeState s = states.get(nodeId);
        boolean cordoned = Cordon.isCordoned(s.getTaints());
        if (s.getSchedulable()) {
            return cordoned ? Status.CORDONED : Status.SCHEDULABLE;
        }
        return cordoned ? Status.CORDONED_UNSCHEDULABLE : Status.UNSCHEDULABLE;
    }

    /** The node {@code podId} is bound on, with its allocation; null when it is bound nowhere. */
    Bound find(String podId) {
        for (CommittedCluster.Node n : cluster.nodes()) {
            for (PodAllocation a : states.get(n.id()).getPods()) {
                if (a.getPodId().equals(podId)) {
                    return new Bound(n, a);
                }
            }
        }
        return null;
    }

    record Bound(CommittedCluster.Node node, PodAllocation allocation) {}

    /** "a, b, c" of the first {@code max} node ids, and how many more: for "unknown node" messages. */
    String someNodeIds(int max) {
        List<String> ids = cluster.nodes().stream().map(CommittedCluster.Node::id).toList();
        String shown = String.join(", ", ids.subList(0, Math.min(max, ids.size())));
        return ids.size() > max ? shown + " and " + (ids.size() - max) + " more" : shown;
    }
}
