package io.sigmaflow.jobs.partition;

import static io.sigmaflow.jobs.protocol.PartitionProtocol.isSlot;

import io.sigmaflow.jobs.protocol.Cordon;
import io.sigmaflow.placement.index.NodeInfo;
import io.sigmaflow.placement.model.AvroMapping;
import io.sigmaflow.placement.model.Node;
import io.sigmaflow.placement.model.Pod;
import io.sigmaflow.schema.NodeEvent;
import io.sigmaflow.schema.NodeEventType;
import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.PodResult;
import io.sigmaflow.schema.PodResultStatus;
import io.sigmaflow.schema.job.BoundPod;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A node event from the node directory: registered or changed nodes are stored, a removed node's
 * pods are LOST (the app side re-places them), a drained node's pods move make-before-break inside
 * the partition where they can. A drained node takes no new pods until it registers again; a
 * cordoned one ({@link Cordon}) only until it is uncordoned.
 */
final class NodeEventHandler {
    private final NodePartition partition;

    NodeEventHandler(NodePartition partition) {
        this.partition = partition;
    }

    /** @throws IllegalArgumentException for an event the placer cannot apply; nothing changed */
    void apply(NodeEvent event, long eventTime, PartitionStore store, Consumer<Placement> out,
               PartitionMetrics metrics) {
        NodeInfo before = partition.placer().index().node(event.getNodeId());
        Node described = before == null ? null : before.node(); // the NodeInfo takes the new description
        List<Pod> affected = partition.placer().apply(event); // throws, changing nothing, when the event is invalid
        String nodeId = event.getNodeId();
        partition.summaryChanged();
        if (event.getType() == NodeEventType.REMOVE) {
            for (Pod pod : affected) {
                partition.unbind(pod.id(), "node " + nodeId + " removed", PodResultStatus.LOST, false, eventTime, store,
                        out);
            }
            metrics.unbound(affected.size());
            store.removeNode(nodeId);
            partition.removed(nodeId, before.node());
            return;
        }
        // DRAIN: the node takes no new pods and its pods move, make-before-break, to the best other
        // node of this partition (the new BIND before the old UNBIND, in one step); a pod no other
        // node here can take (and a reservation slot) is released and reported LOST instead, and
        // the app side places it in another partition (break-before-make).
        if (event.getType() == NodeEventType.DRAIN) {
            List<Pod> stay = new ArrayList<>();
            List<Pod> sorted = new ArrayList<>(affected);
            sorted.sort(Comparator.comparing(Pod::id));
            for (Pod pod : sorted) {
                if (!moveOffDrained(pod.id(), nodeId, eventTime, store, out, metrics)) {
                    stay.add(pod);
                }
            }
            partition.host().loseAll(stay, "node " + nodeId + " drained", eventTime, store, out, metrics);
            if (Cordon.holds(described.taints())) {
                // Cordoned: the cordon keeps new pods off, so the node keeps its condition and an
                // uncordon (an UPDATE lifting the taint) makes it schedulable again.
                NodeInfo drained = partition.placer().index().node(nodeId);
                partition.placer().upsertNode(drained.node().withCondition(described.condition()));
            }
        }
        partition.persistNode(nodeId, eventTime, store);
    }

    /**
     * Moves a pod off a drained node to the best other node of this partition: the target's BIND,
     * then the source's UNBIND, and a BOUND result with the UNBIND's generation (the app side
     * updates where its pod is). False, changing nothing, for a slot, a pod bound by a version that
     * did not keep its payload, or when no other node here passes the filters with room.
     */
    private boolean moveOffDrained(String podId, String drained, long eventTime, PartitionStore store,
                                   Consumer<Placement> out, PartitionMetrics metrics) {
        BoundPod old = partition.boundPod(podId);
        if (old == null || old.getPayload() == null || isSlot(podId)) {
            return false;
        }
        String to = partition.placer().relocate(podId).orElse(null);
        if (to == null) {
            return false;
        }
        BoundPod moved = BoundPod.newBuilder(old).setNodeId(to).setGeneration(partition.tick()).setBoundAtMs(eventTime)
                .setGpus(AvroMapping.gpuIndexes(partition.placer().index().node(to).gpusOf(podId)))
                .build();
        partition.putPod(moved);
        partition.priorities().unbound(old);
        partition.priorities().bound(moved);
        store.putPod(moved);
        out.accept(PlacementRecords.bind(moved, old.getPayload(), null, "node " + drained + " drained: moved here",
                eventTime));
        long generation = partition.tick();
        out.accept(PlacementRecords.unbind(old, generation, "node " + drained + " drained: moved to " + to, eventTime));
        metrics.bound(1);
        metrics.unbound(1);
        partition.changed(to);
        partition.changed(drained);
        NodeInfo node = partition.placer().index().node(to);
        partition.result(old.getAppId(), new PodResult(podId, old.getRevision(), PodResultStatus.BOUND, generation, to,
                AvroMapping.topology(node.location()), Map.of(), "moved off drained node " + drained, false));
        return true;
    }
}
