package io.sigmaflow.cli.ops;

import io.sigmaflow.placement.framework.FilterPlugin;
import io.sigmaflow.placement.framework.Rejection;
import io.sigmaflow.placement.index.NodeInfo;
import io.sigmaflow.placement.model.Pod;
import io.sigmaflow.placement.placer.PlacementConfig;
import io.sigmaflow.placement.placer.Placer;
import io.sigmaflow.schema.NodeState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every filter's verdict on every committed node for one pod, recomputed now with the job's
 * placement core (the same plugins, in the profile's order) on a {@link Placer} restored from the
 * node-state snapshot, the pod itself taken off its node first. The job decides inside one node
 * partition, at the time, and remembers only the winner's scores; this is the whole cluster as it
 * is committed now.
 *
 * @param nodes each node with the rejections of every filter that refuses it (empty: it passes)
 */
record FilterVerdicts(List<String> filters, List<NodeVerdict> nodes) {

    /** One node: where it is, what it has free, and each refusing filter's rejection in profile order. */
    record NodeVerdict(NodeInfo node, List<Rejection> rejections) {
        boolean passes() {
            return rejections.isEmpty();
        }

        /** The filter a placement reports this node under: the first that refuses it. */
        String firstFilter() {
            return rejections.isEmpty() ? null : rejections.get(0).plugin();
        }
    }

    @SuppressWarnings("unchecked")
    static FilterVerdicts of(PlacementConfig config, List<NodeState> states, Pod pod) {
        Placer placer = config.newPlacer();
        for (NodeState s : states) {
            placer.restore(s);
        }
        placer.release(pod.id()); // judged as if it were not placed yet: its own node must pass again
        List<FilterPlugin<?>> plugins = config.profile().filters().plugins();
        Object[] prepared = new Object[plugins.size()];
        List<String> names = new ArrayList<>();
        for (int i = 0; i < plugins.size(); i++) {
            prepared[i] = plugins.get(i).prepare(pod, placer.index());
            names.add(plugins.get(i).name());
        }
        List<NodeVerdict> verdicts = new ArrayList<>();
        for (NodeState s : states) {
            NodeInfo node = placer.index().node(s.getNodeId());
            List<Rejection> rejections = new ArrayList<>();
            for (int i = 0; i < plugins.size(); i++) {
                // Each plugin only ever gets the state its own prepare() returned.
                Rejection r = ((FilterPlugin<Object>) plugins.get(i)).filter(prepared[i], pod, node);
                if (r != null) {
                    rejections.add(r);
                }
            }
            verdicts.add(new NodeVerdict(node, List.copyOf(rejections)));
        }
        return new FilterVerdicts(List.copyOf(names), List.copyOf(verdicts));
    }

    /**
     * Filter -> nodes it is the first to refuse, in profile order (every filter listed, 0 included):
     * what a placement reports; with {@link #feasible} they add up to the node count.
     */
    Map<String, Integer> firstRejections() {
        Map<String, Integer> out = new LinkedHashMap<>();
        filters.forEach(f -> out.put(f, 0));
        for (NodeVerdict v : nodes) {
            if (!v.passes()) {
                out.merge(v.firstFilter(), 1, Integer::sum);
            }
        }
        return out;
    }

    /** Filter -> every node it refuses, alone or with others. */
    Map<String, Integer> allRejections() {
        Map<String, Integer> out = new LinkedHashMap<>();
        filters.forEach(f -> out.put(f, 0));
        for (NodeVerdict v : nodes) {
            v.rejections().stream().map(Rejection::plugin).distinct().forEach(f -> out.merge(f, 1, Integer::sum));
        }
        return out;
    }

    int feasible() {
        return (int) nodes.stream().filter(NodeVerdict::passes).count();
    }

    NodeVerdict node(String nodeId) {
        return nodes.stream().filter(v -> v.node().id().equals(nodeId)).findFirst().orElse(null);
    }
}
