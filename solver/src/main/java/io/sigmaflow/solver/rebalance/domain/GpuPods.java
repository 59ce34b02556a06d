package io.sigmaflow.solver.rebalance.domain;

import io.sigmaflow.schema.GpuRequest;
import io.sigmaflow.schema.PodAllocation;

/**
 * The rebalancer and GPUs: a pod holding GPUs stays where it is (pinned, like a reservation slot).
 * The solver's capacity constraint counts cpu, memory and disk per node, not per GPU: which GPU a
 * share lands on is the placement, and two 0.5 shares on two GPUs are not one free GPU, so a move
 * it found "feasible" could strand or over-allocate GPUs. Pinning keeps every migration off that
 * path (no GPU pod is ever moved to a node without GPU room); pods without GPUs still move, to GPU
 * nodes too, where they take cpu and memory only. Moving GPU pods needs per-GPU accounting in the
 * constraints (left; the job's {@code GpuFit} would refuse an over-allocating move at commit anyway).
 */
public final class GpuPods {
    private GpuPods() {}

    /** True when the pod holds GPUs (whole ones or a share): the rebalancer leaves it on its node. */
    public static boolean holdsGpus(PodAllocation pod) {
        GpuRequest gpu = pod.getGpu();
        return gpu != null && (gpu.getWholeGpus() > 0 || gpu.getMilliShare() > 0)
                || pod.getGpus() != null && !pod.getGpus().isEmpty();
    }
}
