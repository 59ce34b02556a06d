package io.sigmaflow.jobs.partition;

import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.PodResult;
import io.sigmaflow.schema.PodResultStatus;
import io.sigmaflow.schema.job.BoundPod;
import io.sigmaflow.schema.job.PodRef;
import io.sigmaflow.schema.job.ReleasePods;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code ReleasePods}: unbinds each pod bound here (its UNBIND emitted, RELEASED to its app); a pod
 * not (or no longer) here is answered RELEASED too, so the app side may forget it.
 */
final class ReleaseHandler {
    private final NodePartition partition;

    ReleaseHandler(NodePartition partition) {
        this.partition = partition;
    }

    void apply(ReleasePods command, long eventTime, PartitionStore store, Consumer<Placement> out,
               PartitionMetrics metrics) {
        for (PodRef ref : command.getPods()) {
            partition.seen(ref.getGeneration());
            BoundPod pod = partition.boundPod(ref.getPodId());
            if (pod == null) {
                partition.result(command.getAppId(), new PodResult(ref.getPodId(), 0, PodResultStatus.RELEASED,
                        partition.clock(), null, null, Map.of(), "not bound in partition " + partition.id(), false));
                continue;
            }
            partition.placer().release(pod.getPodId());
            partition.unbind(pod.getPodId(), command.getReason(), PodResultStatus.RELEASED, false, eventTime, store, out);
            metrics.unbound(1);
        }
    }
}
