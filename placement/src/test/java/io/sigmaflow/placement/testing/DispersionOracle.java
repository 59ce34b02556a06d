package io.sigmaflow.placement.testing;

import io.sigmaflow.placement.framework.FilterChain;
import io.sigmaflow.placement.index.ClusterIndex;
import io.sigmaflow.placement.index.NodeInfo;
import io.sigmaflow.placement.model.Pod;
import io.sigmaflow.placement.model.TopologyLevels;
import java.util.ArrayList;
import java.util.List;

/**
 * docs/design.md invariant 3, checked by brute force over the index's nodes and pods (none of its
 * summaries or counters): placing {@code pod} on {@code chosen} is fine when, at every level the pod
 * spreads over, no sibling domain of the chosen one (same parent) holds fewer pods of the app and has
 * a node passing every filter.
 */
public final class DispersionOracle {
    private DispersionOracle() {}

    /** Null when the choice is dispersion-optimal, else what was avoidable. */
    public static String violation(ClusterIndex index, FilterChain filters, Pod pod, NodeInfo chosen) {
        TopologyLevels levels = index.levels();
        int[] weights = pod.dispersion().resolve(levels);
        var cycle = filters.prepare(pod, index);
        for (int level = 0; level < levels.size(); level++) {
            if (weights[level] == 0) {
                continue;
            }
            int chosenCount = podsOfApp(index, pod.appId(), chosen, level);
            for (NodeInfo other : index.nodes()) {
                if (!sameParent(other, chosen, level, levels) || sameDomain(other, chosen, level, levels)) {
                    continue;
                }
                if (podsOfApp(index, pod.appId(), other, level) < chosenCount && cycle.passes(other)) {
                    return "at " + levels.get(level) + ": chose " + chosen.id() + "'s domain with " + chosenCount
                            + " pods of " + pod.appId() + " while " + other.id() + "'s had fewer and room";
                }
            }
        }
        return null;
    }

    /** Pods of {@code app} in {@code node}'s domain at {@code level}, counted node by node. */
    public static int podsOfApp(ClusterIndex index, String app, NodeInfo node, int level) {
        int count = 0;
        for (NodeInfo n : index.nodes()) {
            if (sameDomain(n, node, level, index.levels())) {
                count += n.podsOf(app).size();
            }
        }
        return count;
    }

    /** Per domain of {@code level}, in node-id order of first appearance: the app's pod count. */
    public static List<Integer> countsPerDomain(ClusterIndex index, String app, int level) {
        List<Integer> counts = new ArrayList<>();
        List<NodeInfo> representatives = new ArrayList<>();
        for (NodeInfo n : index.nodes()) {
            if (representatives.stream().noneMatch(r -> sameDomain(r, n, level, index.levels()))) {
                representatives.add(n);
                counts.add(podsOfApp(index, app, n, level));
            }
        }
        return counts;
    }

    static boolean sameDomain(NodeInfo a, NodeInfo b, int level, TopologyLevels levels) {
        for (int l = 0; l <= level; l++) {
            if (!a.location().domainName(levels.get(l)).equals(b.location().domainName(levels.get(l)))) {
                return false;
            }
        }
        return true;
    }

    static boolean sameParent(NodeInfo a, NodeInfo b, int level, TopologyLevels levels) {
        return level == 0 || sameDomain(a, b, level - 1, levels);
    }
}
