package io.sigmaflow.placement.plugins.noderesources;

import io.sigmaflow.placement.framework.ClusterView;
import io.sigmaflow.placement.framework.DomainView;
import io.sigmaflow.placement.framework.FilterPlugin;
import io.sigmaflow.placement.framework.NodeView;
import io.sigmaflow.placement.framework.Rejection;
import io.sigmaflow.placement.model.Pod;
import io.sigmaflow.placement.model.ResourceVector;

/** Filter: the node's free cpu, memory and disk each cover the pod's request. */
public final class NodeResourcesFit implements FilterPlugin<ResourceVector> {
    public static final String NAME = "NodeResourcesFit";
    public static final Rejection INSUFFICIENT_CPU = new Rejection(NAME, "Insufficient cpu");
    public static final Rejection INSUFFICIENT_MEMORY = new Rejection(NAME, "Insufficient memory");
    public static final Rejection INSUFFICIENT_DISK = new Rejection(NAME, "Insufficient disk");

    @Override
    public String name() {
        return NAME;
    }

    /** The pod's requests (nothing to precompute beyond them). */
    @Override
    public ResourceVector prepare(Pod pod, ClusterView cluster) {
        return pod.requests();
    }

    @Override
    public Rejection filter(ResourceVector request, Pod pod, NodeView node) {
        if (request.cpuMillis() > node.freeCpu()) {
            return INSUFFICIENT_CPU;
        }
        if (request.memoryMb() > node.freeMemory()) {
            return INSUFFICIENT_MEMORY;
        }
        if (request.diskMb() > node.freeDisk()) {
            return INSUFFICIENT_DISK;
        }
        return null;
    }

    /** Some node of the domain must have room in each dimension (not necessarily the same node). */
    @Override
    public boolean mayPassIn(ResourceVector request, Pod pod, DomainView domain) {
        return request.cpuMillis() <= domain.maxFreeCpu()
                && request.memoryMb() <= domain.maxFreeMemory()
                && request.diskMb() <= domain.maxFreeDisk();
    }
}
