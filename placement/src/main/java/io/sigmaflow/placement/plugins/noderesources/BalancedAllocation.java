package io.sigmaflow.placement.plugins.noderesources;

import io.sigmaflow.placement.framework.ClusterView;
import io.sigmaflow.placement.framework.NodeView;
import io.sigmaflow.placement.framework.ScorePlugin;
import io.sigmaflow.placement.model.Pod;

/**
 * Score: prefers nodes whose cpu and memory would be used in the same proportion after placing the
 * pod, so that neither runs out while the other sits idle (kube-scheduler's formula:
 * {@code 100 * (1 - stddev(used fractions))}; with two resources stddev = |f_cpu - f_mem| / 2).
 */
public final class BalancedAllocation implements ScorePlugin<Pod> {
    public static final String NAME = "BalancedAllocation";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Pod prepare(Pod pod, ClusterView cluster) {
        return pod;
    }

    @Override
    public double score(Pod pod, Pod ignored, NodeView node) {
        double cpu = NodeResourcesAllocated.usedFraction(node.requestedCpu() + pod.requests().cpuMillis(),
                node.allocatableCpu());
        double mem = NodeResourcesAllocated.usedFraction(node.requestedMemory() + pod.requests().memoryMb(),
                node.allocatableMemory());
        return MAX_SCORE * (1 - Math.abs(cpu - mem) / 2);
    }
}
