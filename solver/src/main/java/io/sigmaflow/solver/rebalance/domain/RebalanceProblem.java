package io.sigmaflow.solver.rebalance.domain;

import ai.timefold.solver.core.api.domain.solution.ConstraintWeightOverrides;
import ai.timefold.solver.core.api.score.HardSoftScore;
import io.sigmaflow.placement.model.Location;
import io.sigmaflow.placement.model.Pod;
import io.sigmaflow.schema.NodeState;
import io.sigmaflow.schema.PodAllocation;
import io.sigmaflow.schema.Resources;
import io.sigmaflow.schema.Topology;
import io.sigmaflow.solver.rebalance.snapshot.ClusterSnapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToIntFunction;

/**
 * Builds the planning problem from a snapshot: one node per live node (snapshot order), one app
 * per app id, one assignment per pod on each node, warm-started where the pod runs.
 *
 * <p>Pinned: reservation slots (they hold capacity for a release, the job owns them) and pods that
 * appear on two nodes (a move in flight in the job: both copies hold resources, neither is ours to
 * move).
 */
public final class RebalanceProblem {
    private RebalanceProblem() {}

    /** Appended to an app id for its reservation slots, which spread as a group of their own. */
    public static final String RESERVED = " (reserved)";

    /**
     * The group a pod spreads with: its app, or for a reservation slot the app's slots (a slot runs
     * nothing: it must not count as a pod of the app when the app's spread is judged).
     */
    public static String spreadGroup(PodAllocation pod) {
        return pod.getPodId().startsWith(Pod.RESERVATION_PREFIX) ? pod.getAppId() + RESERVED : pod.getAppId();
    }

    /**
     * @param maxUnavailable the max-unavailable of an app id (see RebalanceConfig)
     * @param weights        the soft constraints' weights
     */
    public static RebalanceSolution build(ClusterSnapshot snapshot, NodeEligibility eligibility,
            RebalanceSettings settings, ToIntFunction<String> maxUnavailable,
            ConstraintWeightOverrides<HardSoftScore> weights) {
        List<NodeState> states = snapshot.nodes();
        Map<String, Integer> domainIds = new HashMap<>();
        List<ClusterNode> nodes = new ArrayList<>(states.size());
        Map<String, Integer> copies = new HashMap<>();
        Map<String, Integer> podsPerApp = new TreeMap<>();
        for (int i = 0; i < states.size(); i++) {
            NodeState s = states.get(i);
            Topology t = s.getTopology();
            String zone = t.getZone() == null || t.getZone().isBlank() ? Location.DEFAULT_ZONE : t.getZone();
            String coreSwitch = zone + "/" + t.getCoreSwitch();
            String chassis = coreSwitch + "/" + t.getChassis();
            String host = chassis + "/" + t.getHost();
            long cpu = 0;
            long memory = 0;
            long disk = 0;
            for (PodAllocation p : s.getPods()) {
                copies.merge(p.getPodId(), 1, Integer::sum);
                podsPerApp.merge(spreadGroup(p), 1, Integer::sum);
                cpu += p.getResources().getCpuMillis();
                memory += p.getResources().getMemoryMb();
                disk += p.getResources().getDiskMb();
            }
            Resources offered = s.getAllocatable();
            nodes.add(new ClusterNode(i, s.getNodeId(), offered.getCpuMillis(), offered.getMemoryMb(), offered.getDiskMb(),
                    id(domainIds, "s:" + coreSwitch), id(domainIds, "c:" + chassis), id(domainIds, "h:" + host),
                    s.getSchedulable(), offered.getCpuMillis() - cpu, offered.getMemoryMb() - memory,
                    offered.getDiskMb() - disk));
        }
        Map<String, App> apps = new HashMap<>();
        List<App> appList = new ArrayList<>(podsPerApp.size());
        for (Map.Entry<String, Integer> e : podsPerApp.entrySet()) {
            App app = new App(appList.size(), e.getKey(), maxUnavailable.applyAsInt(e.getKey()), e.getValue());
            appList.add(app);
            apps.put(app.getId(), app);
        }
        List<PodAssignment> assignments = new ArrayList<>(snapshot.podCount());
        for (int i = 0; i < states.size(); i++) {
            NodeState s = states.get(i);
            List<PodAllocation> pods = new ArrayList<>(s.getPods());
            pods.sort(Comparator.comparing(PodAllocation::getPodId));
            for (PodAllocation p : pods) {
                boolean pinned = copies.get(p.getPodId()) > 1 || p.getPodId().startsWith(Pod.RESERVATION_PREFIX)
                        || GpuPods.holdsGpus(p);
                assignments.add(new PodAssignment(assignments.size(), p.getPodId(), apps.get(spreadGroup(p)),
                        p.getResources().getCpuMillis(), p.getResources().getMemoryMb(), p.getResources().getDiskMb(),
                        nodes.get(i), eligibility.eligibleNodes(p, s), pinned));
            }
        }
        return new RebalanceSolution(nodes, appList, settings, assignments, weights);
    }

    /**
     * Puts every pod that is not pinned on the node {@code finalNodes} hold it on (a plan's end
     * state), so the solution scores that state against the snapshot it was built from.
     */
    public static void moveTo(RebalanceSolution solution, List<NodeState> finalNodes) {
        Map<String, ClusterNode> byId = new HashMap<>();
        for (ClusterNode n : solution.getNodes()) {
            byId.put(n.getId(), n);
        }
        Map<String, ClusterNode> where = new HashMap<>();
        for (NodeState n : finalNodes) {
            for (PodAllocation p : n.getPods()) {
                where.put(p.getPodId(), byId.get(n.getNodeId()));
            }
        }
        for (PodAssignment a : solution.getAssignments()) {
            ClusterNode node = where.get(a.getPodId());
            if (!a.isPinned() && node != null) {
                a.setNode(node);
            }
        }
    }

    private static int id(Map<String, Integer> ids, String name) {
        return ids.computeIfAbsent(name, k -> ids.size());
    }
}
