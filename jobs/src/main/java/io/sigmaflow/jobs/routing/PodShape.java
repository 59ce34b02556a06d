package io.sigmaflow.jobs.routing;

import io.sigmaflow.placement.model.Pod;
import io.sigmaflow.placement.model.TopologyLevels;
import java.util.Map;

/**
 * What the router needs of a pod: its requests, its node selector, whether it tolerates anything,
 * and over which of the levels down to the partition level it spreads.
 *
 * @param spreads {@code spreads[i]}: the pod spreads over level {@code i} (widest first)
 */
public record PodShape(long cpuMillis, long memoryMb, long diskMb, Map<String, String> nodeSelector,
                       boolean hasTolerations, boolean[] spreads) {

    public static PodShape of(Pod pod, PartitionScheme scheme) {
        TopologyLevels levels = scheme.levels();
        int[] weights = pod.dispersion().resolve(levels);
        boolean[] spreads = new boolean[scheme.partitionLevel() + 1];
        for (int i = 0; i < spreads.length; i++) {
            spreads[i] = weights[i] > 0;
        }
        return new PodShape(pod.requests().cpuMillis(), pod.requests().memoryMb(), pod.requests().diskMb(),
                pod.nodeSelector(), !pod.tolerations().isEmpty(), spreads);
    }
}
