package io.sigmaflow.jobs.partition;

import io.sigmaflow.placement.index.NodeInfo;
import io.sigmaflow.placement.model.AvroMapping;
import io.sigmaflow.placement.placer.CommitResult;
import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.PodResult;
import io.sigmaflow.schema.PodResultStatus;
import io.sigmaflow.schema.PodTemplate;
import io.sigmaflow.schema.job.BoundPod;
import io.sigmaflow.schema.job.MigratePod;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code MigratePod}, the make step of a migration: bind the pod on the target after the placer's
 * authoritative re-check (filters, room). A pod already bound here (source and target in this
 * partition) must be on the migration's source; it moves in one step, the target's BIND emitted
 * before the source's UNBIND, and its result carries the UNBIND's generation (the pod's newest).
 */
final class MigrateHandler {
    private final NodePartition partition;

    MigrateHandler(NodePartition partition) {
        this.partition = partition;
    }

    void apply(MigratePod command, long eventTime, PartitionStore store, Consumer<Placement> out,
               PartitionMetrics metrics) {
        String appId = command.getAppId();
        String podId = command.getPod().getPodId();
        String to = command.getToNodeId();
        partition.seen(command.getPod().getGeneration());
        BoundPod existing = partition.boundPod(podId);
        if (existing != null && existing.getNodeId().equals(to)) { // a command seen twice: answer again
            partition.result(appId, partition.bound(existing));
            return;
        }
        if (existing != null && !existing.getNodeId().equals(command.getFromNodeId())) {
            partition.result(appId, partition.unschedulable(podId, command.getRevision(), Map.of(), "migration of "
                    + podId + " refused: it is on " + existing.getNodeId() + ", not on " + command.getFromNodeId()));
            return;
        }
        CommitResult commit;
        try {
            commit = existing != null ? partition.placer().move(podId, to)
                    : partition.placer().commit(AvroMapping.pod(podId, NodePartition.group(appId, command.getRevision()),
                            0, command.getTemplate()), to);
        } catch (IllegalArgumentException e) {
            partition.result(appId, partition.unschedulable(podId, command.getRevision(), Map.of(), e.getMessage()));
            return;
        }
        if (!commit.isBound()) {
            Map<String, Integer> rejections = commit.rejection() == null ? Map.of() : Map.of(commit.rejection().plugin(), 1);
            metrics.unschedulable(rejections);
            String why = switch (commit.status()) {
                case REJECTED -> commit.rejection().toString();
                case UNKNOWN_NODE -> "node " + to + " is not in partition " + partition.id();
                default -> "the pod is bound on " + commit.nodeId() + " here";
            };
            partition.result(appId, partition.unschedulable(podId, command.getRevision(), rejections,
                    "migration of " + podId + " to " + to + " refused: " + why));
            return;
        }
        PodTemplate template = command.getTemplate();
        BoundPod moved = new BoundPod(podId, appId, command.getRevision(), to, partition.tick(), template.getResources(),
                template.getPriority(), template.getQos(), command.getRequestId(), eventTime, template.getPayload(),
                template.getGpu(), AvroMapping.gpuIndexes(partition.placer().index().node(to).gpusOf(podId)));
        partition.putPod(moved);
        partition.priorities().bound(moved);
        store.putPod(moved);
        out.accept(PlacementRecords.bind(moved, template, null, eventTime));
        metrics.bound(1);
        partition.changed(to);
        long generation = moved.getGeneration();
        if (existing != null) {
            generation = partition.tick();
            partition.priorities().unbound(existing);
            out.accept(PlacementRecords.unbind(existing, generation, "migrated to " + to, eventTime));
            metrics.unbound(1);
            partition.changed(existing.getNodeId());
        }
        NodeInfo node = partition.placer().index().node(to);
        partition.result(appId, new PodResult(podId, command.getRevision(), PodResultStatus.BOUND, generation, to,
                AvroMapping.topology(node.location()), Map.of(), null, false));
    }
}
