package io.sigmaflow.placement.plugins.nodeselector;

import io.sigmaflow.placement.framework.ClusterView;
import io.sigmaflow.placement.framework.FilterPlugin;
import io.sigmaflow.placement.framework.NodeView;
import io.sigmaflow.placement.framework.Rejection;
import io.sigmaflow.placement.model.Pod;
import java.util.Map;

/** Filter: the node carries every label of the pod's node selector, with the same value. */
public final class NodeSelector implements FilterPlugin<String[]> {
    public static final String NAME = "NodeSelector";
    public static final Rejection MISMATCH = new Rejection(NAME, "node(s) didn't match the pod's node selector");

    @Override
    public String name() {
        return NAME;
    }

    /** The selector flattened to {@code [key0, value0, key1, value1, ...]}; null when it is empty. */
    @Override
    public String[] prepare(Pod pod, ClusterView cluster) {
        if (pod.nodeSelector().isEmpty()) {
            return null;
        }
        String[] flat = new String[pod.nodeSelector().size() * 2];
        int i = 0;
        for (Map.Entry<String, String> e : pod.nodeSelector().entrySet()) {
            flat[i++] = e.getKey();
            flat[i++] = e.getValue();
        }
        return flat;
    }

    @Override
    public Rejection filter(String[] selector, Pod pod, NodeView node) {
        if (selector == null) {
            return null;
        }
        Map<String, String> labels = node.labels();
        for (int i = 0; i < selector.length; i += 2) {
            if (!selector[i + 1].equals(labels.get(selector[i]))) {
                return MISMATCH;
            }
        }
        return null;
    }
}
