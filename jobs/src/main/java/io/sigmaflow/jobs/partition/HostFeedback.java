package io.sigmaflow.jobs.partition;

import io.sigmaflow.jobs.protocol.PartitionProtocol;
import io.sigmaflow.placement.index.NodeInfo;
import io.sigmaflow.placement.model.NodeCondition;
import io.sigmaflow.placement.model.Pod;
import io.sigmaflow.schema.InventoryEntry;
import io.sigmaflow.schema.NodeInventory;
import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.PodState;
import io.sigmaflow.schema.PodStatus;
import io.sigmaflow.schema.QosClass;
import io.sigmaflow.schema.Resources;
import io.sigmaflow.schema.job.BoundPod;
import io.sigmaflow.schema.job.NodeLiveness;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * What a node partition does with what hosts report (Sigma's SigmaSlave feedback):
 *
 * <ul>
 *   <li><b>Pod status.</b> FAILED or REFUSED for the pod's current BIND (same node, same
 *       generation): the pod is released (UNBIND, so the executor cleans up) and reported LOST; the
 *       app side places it again. A status for an older generation or another node is stale and
 *       ignored (the pod has moved on).</li>
 *   <li><b>Inventory</b> (the full list a host runs). A pod bound here that the host does not run
 *       (absent, an older generation, STOPPED) counts as failed once it has been bound for the grace
 *       period (its BIND may still be on its way; a pod whose bind time is unknown — bound from
 *       the loop in arrival order, or restored from older state — is judged by explicit failures
 *       only); one it reports FAILED or REFUSED at its current
 *       generation counts at once. A pod the host runs (STARTING, RUNNING) that this partition does
 *       not hold at all gets an UNBIND, so the executor stops it: the job's state is the
 *       truth, the host converges to it — never the other way round, which could double a pod
 *       that has been placed elsewhere meanwhile.</li>
 *   <li><b>Liveness</b> (from the node directory). A silent node becomes UNSCHEDULABLE and its pods
 *       are released and reported LOST (re-placed elsewhere); when it reports again it becomes
 *       SCHEDULABLE, unless it was drained.</li>
 * </ul>
 *
 * Everything here is ordered (pods and entries by id): the same commands give the same records.
 */
final class HostFeedback {

    private final NodePartition partition;
    private long graceMs = HostSettings.DEFAULT_INVENTORY_GRACE_MS;

    HostFeedback(NodePartition partition) {
        this.partition = partition;
    }

    void graceMs(long graceMs) {
        this.graceMs = graceMs;
    }

    void podStatus(PodStatus status, long eventTime, PartitionStore store, Consumer<Placement> out,
                   PartitionMetrics metrics) {
        if (status.getState() != PodState.FAILED && status.getState() != PodState.REFUSED) {
            return;
        }
        BoundPod pod = partition.boundPod(status.getPodId());
        if (pod == null || !pod.getNodeId().equals(status.getNodeId()) || pod.getGeneration() != status.getGeneration()) {
            metrics.staleHostReport();
            return;
        }
        String why = status.getState() == PodState.FAILED
                ? "failed on node " + status.getNodeId() + (status.getExitCode() == null ? "" : " (exit code "
                        + status.getExitCode() + ")")
                : "refused by node " + status.getNodeId();
        if (status.getMessage() != null) {
            why += ": " + status.getMessage();
        }
        partition.lose(pod.getPodId(), why, true, eventTime, store, out);
        metrics.failedOnHost(1);
    }

    void inventory(NodeInventory inventory, long eventTime, PartitionStore store, Consumer<Placement> out,
                   PartitionMetrics metrics) {
        String nodeId = inventory.getNodeId();
        NodeInfo node = partition.placer().index().node(nodeId);
        if (node == null) {
            return; // removed meanwhile: its pods were released with it
        }
        TreeMap<String, InventoryEntry> reported = new TreeMap<>();
        for (InventoryEntry entry : inventory.getPods()) {
            reported.merge(entry.getPodId(), entry, (a, b) -> a.getGeneration() >= b.getGeneration() ? a : b);
        }
        int lost = 0;
        for (String podId : sortedBoundIds(node.pods())) {
            if (PartitionProtocol.isSlot(podId)) {
                continue; // a reservation slot runs nowhere: no host reports it
            }
            BoundPod pod = partition.boundPod(podId);
            InventoryEntry entry = reported.get(podId);
            boolean current = entry != null && entry.getGeneration() >= pod.getGeneration();
            if (current && (entry.getState() == PodState.FAILED || entry.getState() == PodState.REFUSED)) {
                partition.lose(podId, "node " + nodeId + " reports it " + entry.getState(), true, eventTime, store, out);
                lost++;
            } else if (!(current && runs(entry)) && pod.getBoundAtMs() > 0
                    && eventTime - pod.getBoundAtMs() >= graceMs) {
                partition.lose(podId, "node " + nodeId + " does not run it ("
                        + (entry == null ? "absent" : entry.getState() + " at generation " + entry.getGeneration())
                        + ") " + graceMs + " ms after its BIND", true, eventTime, store, out);
                lost++;
            }
        }
        metrics.failedOnHost(lost);
        int strays = 0;
        for (InventoryEntry entry : reported.values()) {
            BoundPod known = partition.boundPod(entry.getPodId());
            // bound on another node of this partition: its UNBIND here went out when it left
            if (runs(entry) && known == null) {
                partition.unbindStray(stray(nodeId, entry), "node " + nodeId + " runs pod " + entry.getPodId()
                        + " that the placement job does not place there", eventTime, out);
                strays++;
            }
        }
        metrics.strayUnbound(strays);
    }

    void liveness(NodeLiveness verdict, long eventTime, PartitionStore store, Consumer<Placement> out,
                  PartitionMetrics metrics) {
        String nodeId = verdict.getNodeId();
        NodeInfo node = partition.placer().index().node(nodeId);
        if (node == null) {
            return;
        }
        NodeCondition condition = node.node().condition();
        if (!verdict.getAlive()) {
            if (condition == NodeCondition.SCHEDULABLE) {
                partition.placer().upsertNode(node.node().withCondition(NodeCondition.UNSCHEDULABLE));
            }
            List<Pod> pods = new ArrayList<>(node.pods());
            loseAll(pods, "node " + nodeId + " silent since " + verdict.getLastReportMs(), eventTime, store, out, metrics);
            metrics.nodeSilent();
        } else if (condition == NodeCondition.UNSCHEDULABLE && !verdict.getDrained()) {
            partition.placer().upsertNode(node.node().withCondition(NodeCondition.SCHEDULABLE));
        } else {
            return;
        }
        partition.persistNode(nodeId, eventTime, store);
    }

    /**
     * Releases every bound pod among {@code pods} and reports them LOST (reservation slots too: the
     * app side holds them elsewhere).
     */
    void loseAll(Collection<Pod> pods, String reason, long eventTime, PartitionStore store, Consumer<Placement> out,
                 PartitionMetrics metrics) {
        int lost = 0;
        for (String podId : sortedBoundIds(pods)) {
            partition.lose(podId, reason, false, eventTime, store, out);
            lost++;
        }
        metrics.unbound(lost);
    }

    private List<String> sortedBoundIds(Collection<Pod> pods) {
        List<String> ids = new ArrayList<>();
        for (Pod pod : pods) {
            if (partition.boundPod(pod.id()) != null) {
                ids.add(pod.id());
            }
        }
        ids.sort(null);
        return ids;
    }

    private static boolean runs(InventoryEntry entry) {
        return entry.getState() == PodState.RUNNING || entry.getState() == PodState.STARTING;
    }

    /** A stand-in for a pod the job does not hold there: enough for an UNBIND the executor applies. */
    private static BoundPod stray(String nodeId, InventoryEntry entry) {
        return BoundPod.newBuilder()
                .setPodId(entry.getPodId())
                .setAppId("")
                .setRevision(0)
                .setNodeId(nodeId)
                .setGeneration(entry.getGeneration())
                .setResources(new Resources(0L, 0L, 0L))
                .setQos(QosClass.LS)
                .build();
    }
}
