package io.sigmaflow.jobs.partition;

import io.sigmaflow.schema.Payload;
import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.PlacementAction;
import io.sigmaflow.schema.CompactExplanation;
import io.sigmaflow.schema.PodAllocation;
import io.sigmaflow.schema.PodTemplate;
import io.sigmaflow.schema.job.BoundPod;
import java.util.ArrayList;

/** The placement records a partition emits (what executors apply) and the allocations it snapshots. */
final class PlacementRecords {
    private PlacementRecords() {}

    static Placement bind(BoundPod pod, PodTemplate template, CompactExplanation explanation, long decidedAtMs) {
        return bind(pod, template, explanation, null, decidedAtMs);
    }

    /** A BIND; {@code reason}: how the pod was placed when not by scores (into a reservation slot, after preempting). */
    static Placement bind(BoundPod pod, PodTemplate template, CompactExplanation explanation, String reason,
                          long decidedAtMs) {
        return bind(pod, template.getPayload(), explanation, reason, decidedAtMs);
    }

    static Placement bind(BoundPod pod, Payload payload, CompactExplanation explanation, String reason,
                          long decidedAtMs) {
        // The constructor, not a builder: a builder deep-copies every unset field's default (per BIND).
        return new Placement(pod.getPodId(), pod.getAppId(), pod.getNodeId(), PlacementAction.BIND, pod.getGeneration(),
                pod.getResources(), pod.getPriority(), pod.getQos(), payload, pod.getRequestId(), reason, null,
                decidedAtMs, pod.getGpus(), explanation);
    }

    static Placement unbind(BoundPod pod, long generation, String reason, long decidedAtMs) {
        return new Placement(pod.getPodId(), pod.getAppId(), pod.getNodeId(), PlacementAction.UNBIND, generation,
                pod.getResources(), pod.getPriority(), pod.getQos(), null, pod.getRequestId(), reason, null, decidedAtMs,
                new ArrayList<>(), null);
    }

    static PodAllocation allocation(BoundPod pod, String appId) {
        return new PodAllocation(pod.getPodId(), appId, pod.getGeneration(), pod.getResources(), pod.getPriority(),
                pod.getQos(), pod.getGpu(), pod.getGpus());
    }
}
