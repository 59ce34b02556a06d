package io.sigmaflow.placement.placer;

import io.sigmaflow.placement.framework.FilterChain.FilterCycle;
import io.sigmaflow.placement.index.ClusterIndex;
import io.sigmaflow.placement.index.NodeInfo;
import io.sigmaflow.placement.model.Pod;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Chooses, for a pod that fits nowhere, the cheapest set of strictly lower-priority pods on one node
 * whose eviction lets it pass every filter. Per node (kube-scheduler's approach): remove every
 * lower-priority pod; if the pod still does not pass, the node is out; otherwise put them back one
 * by one, highest priority first (smallest first among equals), keeping each one that still leaves
 * room. What could not be put back are the victims. Cheapest = lowest highest-victim-priority, then fewest victims, then lowest
 * sum of victim priorities, then node id. Reservation slots are never victims.
 *
 * <p>Cost: O(nodes x pods per node) — only paid for pods that fit nowhere.
 */
final class Preemption {
    /**
     * Put-back order: highest priority first; among equals the smallest first (keeps as many pods as
     * it can, so fewer are evicted), then by id for determinism.
     */
    private static final Comparator<Pod> REPRIEVE_ORDER = Comparator.comparingInt(Pod::priority).reversed()
            .thenComparingLong((Pod p) -> p.requests().cpuMillis())
            .thenComparingLong(p -> p.requests().memoryMb())
            .thenComparing(Pod::id);

    /** A node and the pods to evict from it. */
    record Plan(NodeInfo node, List<Pod> victims) {
        int highestPriority() {
            int max = Integer.MIN_VALUE;
            for (Pod v : victims) {
                max = Math.max(max, v.priority());
            }
            return max;
        }

        long prioritySum() {
            long sum = 0;
            for (Pod v : victims) {
                sum += v.priority();
            }
            return sum;
        }

        boolean cheaperThan(Plan other) {
            if (highestPriority() != other.highestPriority()) {
                return highestPriority() < other.highestPriority();
            }
            if (victims.size() != other.victims.size()) {
                return victims.size() < other.victims.size();
            }
            return prioritySum() < other.prioritySum();
        }
    }

    private Preemption() {}

    static Optional<Plan> cheapest(Pod pod, FilterCycle filters, ClusterIndex index) {
        Plan best = null;
        for (NodeInfo node : index.nodes()) { // id order: ties keep the lowest id
            Plan plan = planFor(pod, filters, node);
            if (plan != null && (best == null || plan.cheaperThan(best))) {
                best = plan;
            }
        }
        return Optional.ofNullable(best);
    }

    private static Plan planFor(Pod pod, FilterCycle filters, NodeInfo node) {
        List<Pod> lower = new ArrayList<>();
        for (Pod p : node.pods()) {
            if (p.priority() < pod.priority() && !p.isReservation()) {
                lower.add(p);
            }
        }
        if (lower.isEmpty()) {
            return null;
        }
        NodeInfo view = node.detachedCopy(); // the node as it would be without them
        for (Pod p : lower) {
            view.forget(p.id());
        }
        if (!view.hasRoomFor(pod) || filters.firstRejection(view) != null) {
            return null;
        }
        lower.sort(REPRIEVE_ORDER);
        List<Pod> victims = new ArrayList<>();
        for (Pod p : lower) {
            view.assume(p);
            if (!view.hasRoomFor(pod) || filters.firstRejection(view) != null) {
                view.forget(p.id());
                victims.add(p);
            }
        }
        return new Plan(node, victims);
    }
}
