package io.sigmaflow.solver.rebalance.score;

import io.sigmaflow.schema.NodeState;
import io.sigmaflow.schema.PodAllocation;
import io.sigmaflow.solver.rebalance.domain.RebalanceProblem;
import io.sigmaflow.schema.Topology;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * How well a cluster is spread and balanced, counted straight from node states (no solver). Per
 * topology level: the pairs of one app's pods that share a domain, and their co-location (pairs
 * per other pod of the app, in permille, per app and domain: what the dispersion rules penalize,
 * see {@code App.colocation}); and the node load squares that the balance rule sums. The soft
 * constraints' raw amounts equal these (tested), so a plan's effect can be checked from the
 * records alone.
 *
 * @param coreSwitch the apps' spread over core switches
 * @param chassis    over chassis
 * @param host       over hosts
 * @param balance    per node (cpu permille squared + memory permille squared) / 1,000, summed
 * @param nodes      nodes counted
 * @param pods       pods counted
 */
public record ClusterMetrics(Level coreSwitch, Level chassis, Level host, long balance, int nodes, int pods) {

    /**
     * @param pairs       pairs of one app's pods in one domain, over apps and domains
     * @param colocation  the same pairs, each divided by (pods of its app - 1), in permille
     */
    public record Level(long pairs, long colocation) {}

    public static ClusterMetrics of(Collection<NodeState> states) {
        Map<String, Integer> podsPerApp = new HashMap<>();
        for (NodeState node : states) {
            for (PodAllocation pod : node.getPods()) {
                podsPerApp.merge(RebalanceProblem.spreadGroup(pod), 1, Integer::sum);
            }
        }
        Map<AppDomain, Integer> perSwitch = new HashMap<>();
        Map<AppDomain, Integer> perChassis = new HashMap<>();
        Map<AppDomain, Integer> perHost = new HashMap<>();
        long balance = 0;
        int pods = 0;
        for (NodeState node : states) {
            Topology t = node.getTopology();
            String zone = t.getZone() == null || t.getZone().isBlank() ? "default" : t.getZone();
            String coreSwitch = zone + "/" + t.getCoreSwitch();
            String chassis = coreSwitch + "/" + t.getChassis();
            String host = chassis + "/" + t.getHost();
            long cpu = 0;
            long memory = 0;
            for (PodAllocation pod : node.getPods()) {
                pods++;
                cpu += pod.getResources().getCpuMillis();
                memory += pod.getResources().getMemoryMb();
                perSwitch.merge(new AppDomain(RebalanceProblem.spreadGroup(pod), coreSwitch), 1, Integer::sum);
                perChassis.merge(new AppDomain(RebalanceProblem.spreadGroup(pod), chassis), 1, Integer::sum);
                perHost.merge(new AppDomain(RebalanceProblem.spreadGroup(pod), host), 1, Integer::sum);
            }
            long cpuPermille = permille(cpu, node.getAllocatable().getCpuMillis());
            long memoryPermille = permille(memory, node.getAllocatable().getMemoryMb());
            balance += (cpuPermille * cpuPermille + memoryPermille * memoryPermille) / 1000;
        }
        return new ClusterMetrics(level(perSwitch, podsPerApp), level(perChassis, podsPerApp),
                level(perHost, podsPerApp), balance, states.size(), pods);
    }

    /** The soft dispersion score under {@code weights}: what the three dispersion constraints add up to. */
    public long weightedDispersion(RebalanceWeights weights) {
        return coreSwitch.colocation * weights.coreSwitch() + chassis.colocation * weights.chassis()
                + host.colocation * weights.host();
    }

    private record AppDomain(String app, String domain) {}

    private static long permille(long used, long offered) {
        return offered == 0 ? 0 : used * 1000 / offered;
    }

    private static Level level(Map<AppDomain, Integer> counts, Map<String, Integer> podsPerApp) {
        long pairs = 0;
        long colocation = 0;
        for (Map.Entry<AppDomain, Integer> e : counts.entrySet()) {
            long n = e.getValue();
            long appPods = podsPerApp.get(e.getKey().app());
            pairs += n * (n - 1) / 2;
            if (appPods > 1) {
                colocation += n * (n - 1) / 2 * 1000 / (appPods - 1);
            }
        }
        return new Level(pairs, colocation);
    }
}
