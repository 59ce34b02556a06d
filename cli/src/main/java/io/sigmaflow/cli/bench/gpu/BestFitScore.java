package io.sigmaflow.cli.bench.gpu;

import io.sigmaflow.placement.framework.ClusterView;
import io.sigmaflow.placement.framework.NodeView;
import io.sigmaflow.placement.framework.ScorePlugin;
import io.sigmaflow.placement.model.Pod;

/**
 * The paper simulator's BestFit baseline, a benchmark-only score: what the node has left after
 * placing the pod, {@code 0.5 * cpu left / 128 cores + 0.5 * GPU left / 8 GPUs}, as
 * {@code (1 - that) * 100} truncated to an integer (the simulator's int64), so the smallest rest
 * wins and nodes within one point tie. A share goes to the tightest GPU that fits (the placer's
 * default GPU choice).
 */
final class BestFitScore implements ScorePlugin<Pod> {
    static final String NAME = "BestFit";
    private static final double MAX_CPU_MILLIS = 128_000;
    private static final double MAX_GPU_MILLI = 8_000;

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
        double cpuLeft = node.freeCpu() - pod.requests().cpuMillis();
        long gpuLeft = -pod.gpu().totalMilli();
        for (int i = 0; i < node.gpuCount(); i++) {
            gpuLeft += node.gpuFreeMilli(i);
        }
        double rest = 0.5 * cpuLeft / MAX_CPU_MILLIS + 0.5 * gpuLeft / MAX_GPU_MILLI;
        return (long) ((1 - rest) * MAX_SCORE);
    }
}
