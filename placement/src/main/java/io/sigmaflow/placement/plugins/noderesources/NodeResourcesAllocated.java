package io.sigmaflow.placement.plugins.noderesources;

import io.sigmaflow.placement.framework.ClusterView;
import io.sigmaflow.placement.framework.DomainHint;
import io.sigmaflow.placement.framework.DomainView;
import io.sigmaflow.placement.framework.NodeView;
import io.sigmaflow.placement.framework.PluginArgs;
import io.sigmaflow.placement.framework.ScorePlugin;
import io.sigmaflow.placement.model.Pod;

/**
 * Score: how allocated the node would be after placing the pod, weighted over cpu and memory.
 * {@link Strategy#LEAST_ALLOCATED} spreads load (emptier nodes score higher);
 * {@link Strategy#MOST_ALLOCATED} packs (fuller nodes score higher, leaving whole nodes free).
 * Arguments: {@code strategy} ({@code least-allocated} | {@code most-allocated}),
 * {@code cpuWeight}, {@code memoryWeight} (default 1 each).
 */
public final class NodeResourcesAllocated implements ScorePlugin<Pod>, DomainHint {
    public static final String NAME = "NodeResourcesAllocated";

    public enum Strategy {
        LEAST_ALLOCATED("least-allocated"),
        MOST_ALLOCATED("most-allocated");

        private final String configName;

        Strategy(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }
    }

    private final Strategy strategy;
    private final double cpuWeight;
    private final double memoryWeight;

    public NodeResourcesAllocated(Strategy strategy, double cpuWeight, double memoryWeight) {
        this.strategy = strategy;
        this.cpuWeight = cpuWeight;
        this.memoryWeight = memoryWeight;
    }

    public static NodeResourcesAllocated create(PluginArgs args) {
        String s = args.choice("strategy", Strategy.LEAST_ALLOCATED.configName(),
                Strategy.LEAST_ALLOCATED.configName(), Strategy.MOST_ALLOCATED.configName());
        Strategy strategy = s.equals(Strategy.MOST_ALLOCATED.configName())
                ? Strategy.MOST_ALLOCATED : Strategy.LEAST_ALLOCATED;
        return new NodeResourcesAllocated(strategy, args.positiveDouble("cpuWeight", 1), args.positiveDouble("memoryWeight", 1));
    }

    public Strategy strategy() {
        return strategy;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Pod prepare(Pod pod, ClusterView cluster) {
        return pod;
    }

    /**
     * Least: {@code 100 * sum_r w_r * (allocatable_r - requested_r - pod_r) / allocatable_r / sum_r w_r};
     * most: {@code 100 * sum_r w_r * (requested_r + pod_r) / allocatable_r / sum_r w_r}. Each ratio is
     * clamped to [0, 1]; a resource the node does not offer contributes 0.
     */
    @Override
    public double score(Pod pod, Pod ignored, NodeView node) {
        double cpuUsed = usedFraction(node.requestedCpu() + pod.requests().cpuMillis(), node.allocatableCpu());
        double memUsed = usedFraction(node.requestedMemory() + pod.requests().memoryMb(), node.allocatableMemory());
        return fromUsedFractions(cpuUsed, memUsed, node.allocatableCpu() > 0, node.allocatableMemory() > 0);
    }

    /** The same formula on the domain's summed free and allocatable amounts, without a pod. */
    @Override
    public double domainHint(DomainView domain) {
        double cpuUsed = usedFraction(domain.allocatableCpu() - domain.freeCpu(), domain.allocatableCpu());
        double memUsed = usedFraction(domain.allocatableMemory() - domain.freeMemory(), domain.allocatableMemory());
        return fromUsedFractions(cpuUsed, memUsed, domain.allocatableCpu() > 0, domain.allocatableMemory() > 0);
    }

    /** The same formula on the node, without a pod. */
    @Override
    public double nodeHint(NodeView node) {
        double cpuUsed = usedFraction(node.requestedCpu(), node.allocatableCpu());
        double memUsed = usedFraction(node.requestedMemory(), node.allocatableMemory());
        return fromUsedFractions(cpuUsed, memUsed, node.allocatableCpu() > 0, node.allocatableMemory() > 0);
    }

    private double fromUsedFractions(double cpuUsed, double memUsed, boolean hasCpu, boolean hasMem) {
        double cpu = strategy == Strategy.LEAST_ALLOCATED ? 1 - cpuUsed : cpuUsed;
        double mem = strategy == Strategy.LEAST_ALLOCATED ? 1 - memUsed : memUsed;
        double sum = (hasCpu ? cpuWeight * cpu : 0) + (hasMem ? memoryWeight * mem : 0);
        return MAX_SCORE * sum / (cpuWeight + memoryWeight);
    }

    /** {@code used / allocatable} clamped to [0, 1]; 1 when the node offers none of it. */
    static double usedFraction(long used, long allocatable) {
        if (allocatable <= 0) {
            return 1;
        }
        return Math.min(1, Math.max(0, (double) used / allocatable));
    }
}
