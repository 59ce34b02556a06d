package io.sigmaflow.placement.plugins.nodeschedulable;

import io.sigmaflow.placement.framework.ClusterView;
import io.sigmaflow.placement.framework.DomainView;
import io.sigmaflow.placement.framework.FilterPlugin;
import io.sigmaflow.placement.framework.NodeView;
import io.sigmaflow.placement.framework.Rejection;
import io.sigmaflow.placement.model.Pod;

/** Filter: only SCHEDULABLE nodes take new pods (not cordoned, draining or removed ones). */
public final class NodeSchedulable implements FilterPlugin<Void> {
    public static final String NAME = "NodeSchedulable";
    public static final Rejection UNSCHEDULABLE = new Rejection(NAME, "node(s) were unschedulable");
    public static final Rejection DRAINING = new Rejection(NAME, "node(s) were draining");
    public static final Rejection REMOVED = new Rejection(NAME, "node(s) were removed");

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
        return switch (node.condition()) {
            case SCHEDULABLE -> null;
            case UNSCHEDULABLE -> UNSCHEDULABLE;
            case DRAINING -> DRAINING;
            case REMOVED -> REMOVED;
        };
    }

    @Override
    public boolean mayPassIn(Void state, Pod pod, DomainView domain) {
        return domain.schedulableNodes() > 0;
    }
}
