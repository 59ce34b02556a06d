package io.sigmaflow.jobs.partition;

import io.sigmaflow.schema.Payload;
import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.PlacementAction;
import io.sigmaflow.schema.CompactExplanation;
import io.sigmaflow.schema.PodAllocation;
import io.sigmaflow.schema.PodTemplate;
import io.sigmaflow.schema.job.BoundPod;

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
        return Placement.newBuilder()
                .setPodId(pod.getPodId())
                .setAppId(pod.getAppId())
                .setNodeId(pod.getNodeId())
                .setAction(PlacementAction.BIND)
                .setGeneration(pod.getGeneration())
                .setResources(pod.getResources())
                .setPriority(pod.getPriority())
                .setQos(pod.getQos())
                .setPayload(payload)
                .setRequestId(pod.getRequestId())
                .setCompactExplanation(explanation)
                .setGpus(pod.getGpus())
                .setReason(reason)
                .setDecidedAtMs(decidedAtMs)
                .build();
    }

    static Placement unbind(BoundPod pod, long generation, String reason, long decidedAtMs) {
        return Placement.newBuilder()
                .setPodId(pod.getPodId())
                .setAppId(pod.getAppId())
                .setNodeId(pod.getNodeId())
                .setAction(PlacementAction.UNBIND)
                .setGeneration(generation)
                .setResources(pod.getResources())
                .setPriority(pod.getPriority())
                .setQos(pod.getQos())
                .setRequestId(pod.getRequestId())
                .setReason(reason)
                .setDecidedAtMs(decidedAtMs)
                .build();
    }

    static PodAllocation allocation(BoundPod pod, String appId) {
        return new PodAllocation(pod.getPodId(), appId, pod.getGeneration(), pod.getResources(), pod.getPriority(),
                pod.getQos(), pod.getGpu(), pod.getGpus());
    }
}
