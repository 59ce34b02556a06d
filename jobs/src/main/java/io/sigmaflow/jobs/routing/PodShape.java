package io.sigmaflow.jobs.routing;

import io.sigmaflow.placement.model.GpuRequest;
import io.sigmaflow.placement.model.Pod;
import io.sigmaflow.placement.model.TopologyLevels;
import java.util.Map;

/**
 * What the router needs of a pod: its requests, its node selector, whether it tolerates anything,
 * over which of the levels down to the partition level it spreads, and its GPUs.
 *
 * @param spreads {@code spreads[i]}: the pod spreads over level {@code i} (widest first)
 * @param gpu the pod's GPU request ({@link GpuRequest#NONE} for most pods)
 */
public record PodShape(long cpuMillis, long memoryMb, long diskMb, Map<String, String> nodeSelector,
                       boolean hasTolerations, boolean[] spreads, GpuRequest gpu) {

    /** A shape without GPUs. */
    public PodShape(long cpuMillis, long memoryMb, long diskMb, Map<String, String> nodeSelector,
                    boolean hasTolerations, boolean[] spreads) {
        this(cpuMillis, memoryMb, diskMb, nodeSelector, hasTolerations, spreads, GpuRequest.NONE);
    }

    public static PodShape of(Pod pod, PartitionScheme scheme) {
        TopologyLevels levels = scheme.levels();
        int[] weights = pod.dispersion().resolve(levels);
        boolean[] spreads = new boolean[scheme.partitionLevel() + 1];
        for (int i = 0; i < spreads.length; i++) {
            spreads[i] = weights[i] > 0;
        }
        return new PodShape(pod.requests().cpuMillis(), pod.requests().memoryMb(), pod.requests().diskMb(),
                pod.nodeSelector(), !pod.tolerations().isEmpty(), spreads, pod.gpu());
    }
}
