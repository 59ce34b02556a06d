package io.sigmaflow.placement.plugins.gpu;

import io.sigmaflow.placement.framework.ClusterView;
import io.sigmaflow.placement.framework.FilterPlugin;
import io.sigmaflow.placement.framework.NodeView;
import io.sigmaflow.placement.framework.Rejection;
import io.sigmaflow.placement.model.GpuRequest;
import io.sigmaflow.placement.model.Pod;

/**
 * Filter: the node has the pod's GPUs free, counted per GPU: as many GPUs nobody uses as it asks
 * whole GPUs, or one GPU with room for its share. A pod without GPUs passes everywhere.
 */
public final class GpuFit implements FilterPlugin<GpuRequest> {
    public static final String NAME = "GpuFit";
    public static final Rejection INSUFFICIENT_GPU = new Rejection(NAME, "Insufficient gpu");
    public static final Rejection INSUFFICIENT_GPU_SHARE = new Rejection(NAME, "Insufficient gpu share on any one gpu");

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
        if (request.isNone()) {
            return null;
        }
        if (request.isShare()) {
            return node.maxFreeGpuShare() >= request.milliShare() ? null : INSUFFICIENT_GPU_SHARE;
        }
        return node.freeWholeGpus() >= request.wholeGpus() ? null : INSUFFICIENT_GPU;
    }
}
