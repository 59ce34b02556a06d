package io.sigmaflow.jobs.partition;

import static io.sigmaflow.jobs.protocol.PartitionProtocol.SLOT_REVISION;
import static io.sigmaflow.jobs.protocol.PartitionProtocol.isSlot;

import io.sigmaflow.placement.model.AvroMapping;
import io.sigmaflow.placement.model.Pod;
import io.sigmaflow.placement.placer.PlacementDecision;
import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.PodResult;
import io.sigmaflow.schema.PodResultStatus;
import io.sigmaflow.schema.job.BoundPod;
import io.sigmaflow.schema.job.PlacePods;
import io.sigmaflow.schema.job.PodRef;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code PlacePods}: the partition's placer chooses a node for each pod (a reservation slot is
 * bound like a pod but never sent to an executor), preempting lower-priority pods when the command
 * allows it; every pod gets a result, BOUND or UNSCHEDULABLE with the filters' reasons. A command
 * that carries its request's outcome reports its part of it: whether it bound every pod it names
 * (see {@code OutcomeAtCommit} on the app side); a command seen twice binds nothing new, so its part
 * says no.
 */
final class PlaceHandler {
    private final NodePartition partition;

    PlaceHandler(NodePartition partition) {
        this.partition = partition;
    }

    void apply(PlacePods command, long eventTime, PartitionStore store, Consumer<Placement> out,
               PartitionMetrics metrics) {
        String appId = command.getAppId();
        Pod template;
        try {
            template = AvroMapping.pod("template", NodePartition.group(appId, command.getRevision()), 0,
                    command.getTemplate());
        } catch (IllegalArgumentException e) {
            for (PodRef ref : command.getPods()) {
                partition.result(appId, partition.unschedulable(ref.getPodId(), command.getRevision(), Map.of(),
                        e.getMessage()));
            }
            return;
        }
        int newlyBound = 0;
        String slotGroup = NodePartition.group(appId, SLOT_REVISION); // once per command, not per pod
        for (PodRef ref : command.getPods()) {
            BoundPod existing = partition.boundPod(ref.getPodId());
            if (existing != null) { // a command seen twice: answer again, change nothing
                partition.result(appId, partition.bound(existing));
                continue;
            }
            partition.seen(ref.getGeneration());
            Pod pod = template.withId(ref.getPodId());
            boolean slot = isSlot(pod.id());
            PlacementDecision decision;
            try {
                decision = partition.placer().place(pod, command.getMayPreempt() && !slot, slotGroup);
            } catch (IllegalStateException e) {
                if (pod.gpu().isNone()) {
                    throw e;
                }
                // Without the GPU filters the scores may pick a node whose GPUs cannot take the pod;
                // the index refuses the bind (changing nothing): a pending pod, not a stopped job.
                partition.result(appId, partition.unschedulable(ref.getPodId(), command.getRevision(), Map.of(),
                        "no GPUs for " + pod.gpu() + " on the chosen node: the placement profile needs the"
                                + " GpuFit and GpuModel filters (filters: ...,GpuFit,GpuModel)"));
                continue;
            }
            if (decision.status() != PlacementDecision.Status.BOUND) {
                metrics.unschedulable(decision.rejections());
                partition.result(appId, partition.unschedulable(ref.getPodId(), command.getRevision(),
                        decision.rejections(), decision.message()));
                continue;
            }
            for (Pod victim : decision.preempted()) {
                partition.unbind(victim.id(), "preempted by " + pod.id(), PodResultStatus.PREEMPTED, false, eventTime,
                        store, out);
            }
            metrics.preempted(decision.preempted().size());
            if (decision.takenSlot() != null) {
                slotTaken(appId, decision.takenSlot(), pod.id(), store);
                metrics.slotsTaken(1);
            }
            BoundPod committed = new BoundPod(pod.id(), appId, command.getRevision(), decision.nodeId(),
                    partition.tick(), command.getTemplate().getResources(), command.getTemplate().getPriority(),
                    command.getTemplate().getQos(), command.getRequestId(), eventTime,
                    slot ? null : command.getTemplate().getPayload(), command.getTemplate().getGpu(),
                    AvroMapping.gpuIndexes(decision.gpus()));
            partition.putPod(committed);
            store.putPod(committed);
            if (!slot) {
                partition.priorities().bound(committed);
                out.accept(PlacementRecords.bind(committed, command.getTemplate(),
                        decision.explanation() == null ? null : decision.explanation().toCompact(),
                        decision.explanation() == null ? decision.message() : null, eventTime));
                metrics.bound(1);
            } else {
                metrics.slotsReserved(1);
            }
            partition.changed(committed.getNodeId());
            partition.result(appId, partition.bound(committed));
            newlyBound++;
        }
        if (command.getOutcome() != null) { // this partition's part of the request's outcome
            partition.outcomePart(appId, command, newlyBound == command.getPods().size());
        }
    }

    /** A pod took reservation slot {@code slotId} (already released from the index): the app learns it first. */
    private void slotTaken(String appId, String slotId, String podId, PartitionStore store) {
        BoundPod slot = partition.removePod(slotId);
        store.removePod(slotId);
        partition.seen(slot.getGeneration());
        long generation = partition.tick();
        partition.result(appId, new PodResult(slotId, SLOT_REVISION, PodResultStatus.RELEASED, generation,
                slot.getNodeId(), null, Map.of(), "taken by pod " + podId, false));
    }
}
