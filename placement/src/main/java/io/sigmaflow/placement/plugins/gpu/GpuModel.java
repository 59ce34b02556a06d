package io.sigmaflow.placement.plugins.gpu;

import io.sigmaflow.placement.framework.ClusterView;
import io.sigmaflow.placement.framework.FilterPlugin;
import io.sigmaflow.placement.framework.NodeView;
import io.sigmaflow.placement.framework.Rejection;
import io.sigmaflow.placement.model.GpuRequest;
import io.sigmaflow.placement.model.Pod;

/**
 * Filter: a pod restricted to some GPU models goes only to nodes whose GPUs are one of them. A pod
 * without GPUs, or accepting any model, passes everywhere.
 */
public final class GpuModel implements FilterPlugin<GpuRequest> {
    public static final String NAME = "GpuModel";
    public static final Rejection MODEL_MISMATCH = new Rejection(NAME, "node(s) didn't match the pod's GPU model");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public GpuRequest prepare(Pod pod, ClusterView cluster) {
        return pod.gpu();
    }

    @Override
    public Rejection filter(GpuRequest request, Pod pod, NodeView node) {
        if (request.isNone() || request.models().isEmpty()) {
            return null;
        }
        return node.gpuCount() > 0 && request.accepts(node.gpuModel()) ? null : MODEL_MISMATCH;
    }
}
