package io.sigmaflow.placement.placer;

import io.sigmaflow.placement.framework.AppSpread;
import io.sigmaflow.placement.index.ClusterIndex;
import io.sigmaflow.placement.index.Domain;
import io.sigmaflow.placement.index.NodeInfo;
import io.sigmaflow.placement.model.Pod;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Picks the pod whose removal keeps an app's dispersion best: the mirror of placement. Widest level
 * first, enter the child domain holding the most pods of the app, down to the node with the most;
 * there, the lowest-priority pod, and among equals the highest id (the newest, when ids are
 * numbered). Equally loaded domains are compared by their best victim. Reservation slots are never
 * picked. Cost: O(pods of the app), paid only on scale-down.
 */
final class ScaleDown {
    private static final Comparator<Pod> VICTIM_ORDER =
            Comparator.comparingInt(Pod::priority).thenComparing(Pod::id, Comparator.reverseOrder());

    private ScaleDown() {}

    static Pod victim(ClusterIndex index, String appId) {
        AppSpread spread = index.spread(appId);
        if (spread.totalPods() == 0) {
            return null;
        }
        return descend(index.root(), spread, appId);
    }

    /**
     * The best victim below {@code domain}: among the children holding the most pods of the app,
     * the best victim of any of them (so equally loaded domains are compared by priority); when those
     * hold only reservation slots, the next most loaded ones.
     */
    private static Pod descend(Domain domain, AppSpread spread, String appId) {
        if (domain.isLeaf()) {
            return fromNodes(domain.nodeList(), appId);
        }
        List<Domain> children = new ArrayList<>();
        for (Domain child : domain.children()) {
            if (spread.podsIn(child.id()) > 0) {
                children.add(child);
            }
        }
        // Stable sort: equal counts stay in name order.
        children.sort(Comparator.comparingInt((Domain d) -> spread.podsIn(d.id())).reversed());
        int i = 0;
        while (i < children.size()) {
            int count = spread.podsIn(children.get(i).id());
            Pod best = null;
            for (; i < children.size() && spread.podsIn(children.get(i).id()) == count; i++) {
                best = better(best, descend(children.get(i), spread, appId));
            }
            if (best != null) {
                return best;
            }
        }
        return null;
    }

    private static Pod fromNodes(List<NodeInfo> nodes, String appId) {
        Pod best = null;
        int bestCount = 0;
        for (NodeInfo node : nodes) { // id order
            List<Pod> pods = node.podsOf(appId);
            pods.removeIf(Pod::isReservation);
            if (pods.isEmpty() || pods.size() < bestCount) {
                continue;
            }
            pods.sort(VICTIM_ORDER);
            best = pods.size() > bestCount ? pods.get(0) : better(best, pods.get(0));
            bestCount = pods.size();
        }
        return best;
    }

    private static Pod better(Pod a, Pod b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return VICTIM_ORDER.compare(a, b) <= 0 ? a : b;
    }
}
