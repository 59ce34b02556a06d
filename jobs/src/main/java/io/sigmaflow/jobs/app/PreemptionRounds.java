package io.sigmaflow.jobs.app;

import io.sigmaflow.jobs.routing.PodShape;
import io.sigmaflow.jobs.routing.PartitionRouter;
import io.sigmaflow.schema.PodTemplate;
import io.sigmaflow.schema.job.AppPod;
import java.util.Map;

/**
 * When a pod fits in no partition, which partition to ask for a preemption round (Sigma: a
 * high-priority pod evicts the cheapest strictly lower-priority pods of one node; the partition's
 * {@code Placer} picks them and reports them PREEMPTED, and the app side places them again).
 *
 * <p>The partition is the one the router would pick if the pod needed no room (capacity ignored;
 * schedulable nodes, node selector and taints still count), so dispersion is kept; each partition
 * is asked once per capacity epoch ({@code AppPod.preemptTried}), so a pod that no eviction helps
 * goes pending after one round trip per partition and is retried only when capacity moves. Pods of
 * priority 0 or less never ask (nothing ranks below them).
 */
final class PreemptionRounds {
    private PreemptionRounds() {}

    /** The partition to ask, or null when the pod may not preempt or every candidate was asked at its epoch. */
    static String target(PartitionRouter router, PodTemplate template, PodShape shape, Map<String, Integer> counts,
                         AppPod pod, long rotation) {
        if (template.getPriority() <= 0) {
            return null;
        }
        PodShape anySize = new PodShape(0, 0, 0, shape.nodeSelector(), shape.hasTolerations(), shape.spreads(), shape.gpu());
        String target = router.route(anySize, counts, pod.getPreemptTried(), rotation).partition();
        if (target != null) {
            pod.getPreemptTried().put(target, router.epoch(target));
        }
        return target;
    }
}
