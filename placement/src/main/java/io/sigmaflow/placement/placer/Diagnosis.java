package io.sigmaflow.placement.placer;

import io.sigmaflow.placement.framework.FilterChain.FilterCycle;
import io.sigmaflow.placement.framework.FilterPlugin;
import io.sigmaflow.placement.framework.Rejection;
import io.sigmaflow.placement.index.ClusterIndex;
import io.sigmaflow.placement.index.NodeInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Why a pod fits nowhere: every node is run through the filters and the first rejection of each is
 * counted, per filter and per reason. O(nodes), paid only by pods that fit nowhere.
 */
final class Diagnosis {
    private Diagnosis() {}

    /** Filter name -> nodes it rejected (profile order), and a kube-style message. */
    record Result(Map<String, Integer> byFilter, String message) {}

    static Result of(FilterCycle filters, List<FilterPlugin<?>> plugins, ClusterIndex index) {
        Map<Rejection, Integer> byReason = new LinkedHashMap<>();
        for (NodeInfo node : index.nodes()) {
            Rejection r = filters.firstRejection(node);
            if (r == null) {
                // The search found nothing, so a node passing here means the summaries lied.
                throw new IllegalStateException("index out of sync: node " + node.id()
                        + " passes every filter for pod " + filters.pod().id() + " but the search missed it");
            }
            byReason.merge(r, 1, Integer::sum);
        }
        Map<String, Integer> byFilter = new LinkedHashMap<>();
        for (FilterPlugin<?> plugin : plugins) {
            int sum = 0;
            for (Map.Entry<Rejection, Integer> e : byReason.entrySet()) {
                if (e.getKey().plugin().equals(plugin.name())) {
                    sum += e.getValue();
                }
            }
            if (sum > 0) {
                byFilter.put(plugin.name(), sum);
            }
        }
        return new Result(byFilter, message(index.size(), byReason));
    }

    private static String message(int nodes, Map<Rejection, Integer> byReason) {
        StringBuilder sb = new StringBuilder("0/").append(nodes).append(" nodes are available");
        if (nodes == 0) {
            return sb.append(": there are no nodes.").toString();
        }
        // Reasons sorted by text so the message is the same whatever order nodes were visited in.
        Map<String, Integer> sorted = new TreeMap<>();
        byReason.forEach((r, n) -> sorted.merge(r.reason(), n, Integer::sum));
        String sep = ": ";
        for (Map.Entry<String, Integer> e : sorted.entrySet()) {
            sb.append(sep).append(e.getValue()).append(' ').append(e.getKey());
            sep = ", ";
        }
        return sb.append('.').toString();
    }
}
