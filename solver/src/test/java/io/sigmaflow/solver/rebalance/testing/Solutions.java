package io.sigmaflow.solver.rebalance.testing;

import io.sigmaflow.schema.NodeState;
import io.sigmaflow.schema.PodAllocation;
import io.sigmaflow.solver.rebalance.app.RebalanceConfig;
import io.sigmaflow.solver.rebalance.domain.NodeEligibility;
import io.sigmaflow.solver.rebalance.domain.PodAssignment;
import io.sigmaflow.solver.rebalance.domain.RebalanceProblem;
import io.sigmaflow.solver.rebalance.domain.RebalanceSolution;
import io.sigmaflow.solver.rebalance.snapshot.ClusterSnapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds problems from fixtures and turns solutions back into node states. */
public final class Solutions {
    private Solutions() {}

    public static RebalanceSolution problem(ClusterSnapshot snapshot, RebalanceConfig config) {
        return RebalanceProblem.build(snapshot, NodeEligibility.of(config.filters(), snapshot.nodes()), config.settings(),
                config::maxUnavailable, config.weights().overrides());
    }

    /** The snapshot's nodes with each pod where {@code solution} puts it. */
    public static List<NodeState> nodesOf(ClusterSnapshot snapshot, RebalanceSolution solution) {
        Map<String, List<PodAllocation>> pods = new HashMap<>();
        Map<String, PodAllocation> allocation = new HashMap<>();
        for (NodeState n : snapshot.nodes()) {
            for (PodAllocation p : n.getPods()) {
                allocation.put(p.getPodId(), p);
            }
        }
        for (PodAssignment a : solution.getAssignments()) {
            pods.computeIfAbsent(a.getNode().getId(), k -> new ArrayList<>()).add(allocation.get(a.getPodId()));
        }
        List<NodeState> out = new ArrayList<>();
        for (NodeState n : snapshot.nodes()) {
            List<PodAllocation> here = new ArrayList<>(pods.getOrDefault(n.getNodeId(), List.of()));
            here.sort(Comparator.comparing(PodAllocation::getPodId));
            out.add(NodeState.newBuilder(n).setPods(here).build());
        }
        return out;
    }
}
