package io.sigmaflow.placement.plugins.tainttoleration;

import io.sigmaflow.placement.framework.ClusterView;
import io.sigmaflow.placement.framework.FilterPlugin;
import io.sigmaflow.placement.framework.NodeView;
import io.sigmaflow.placement.framework.Rejection;
import io.sigmaflow.placement.model.Pod;
import io.sigmaflow.placement.model.Taint;
import io.sigmaflow.placement.model.Toleration;
import java.util.List;

/**
 * Filter: every NO_SCHEDULE or NO_EXECUTE taint of the node is tolerated by the pod.
 * PREFER_NO_SCHEDULE taints never reject.
 */
public final class TaintToleration implements FilterPlugin<Void> {
    public static final String NAME = "TaintToleration";
    public static final Rejection UNTOLERATED = new Rejection(NAME, "node(s) had untolerated taint");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Void prepare(Pod pod, ClusterView cluster) {
        return null;
    }

    @Override
    public Rejection filter(Void state, Pod pod, NodeView node) {
        List<Taint> taints = node.taints();
        for (int i = 0; i < taints.size(); i++) {
            Taint taint = taints.get(i);
            if (taint.forbidsPlacement() && !tolerated(taint, pod.tolerations())) {
                return UNTOLERATED;
            }
        }
        return null;
    }

    private static boolean tolerated(Taint taint, List<Toleration> tolerations) {
        for (int i = 0; i < tolerations.size(); i++) {
            if (tolerations.get(i).tolerates(taint)) {
                return true;
            }
        }
        return false;
    }
}
