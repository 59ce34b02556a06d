package io.sigmaflow.executor.sync;

import io.sigmaflow.executor.pod.HostView;
import io.sigmaflow.executor.report.StatusSink;
import io.sigmaflow.schema.InventoryEntry;
import io.sigmaflow.schema.NodeInventory;
import io.sigmaflow.schema.PodState;
import java.util.Comparator;
import java.util.List;

/**
 * The periodic full list of what actually runs on this host (compacted topic, latest per node):
 * the job compares it with its committed placements to repair drift, and takes its arrival as
 * the node's heartbeat.
 */
public final class InventoryReporter {
    private final String nodeId;
    private final HostView view;
    private final StatusSink sink;

    public InventoryReporter(String nodeId, HostView view, StatusSink sink) {
        this.nodeId = nodeId;
        this.view = view;
        this.sink = sink;
    }

    public NodeInventory report() {
        List<InventoryEntry> pods = view.all().stream()
                .filter(p -> p.process().isAlive())
                .sorted(Comparator.comparing(HostView.Pod::podId))
                .map(p -> InventoryEntry.newBuilder().setPodId(p.podId()).setGeneration(p.generation())
                        .setState(PodState.RUNNING).build())
                .toList();
        NodeInventory inventory = NodeInventory.newBuilder().setNodeId(nodeId).setPods(pods)
                .setObservedAtMs(System.currentTimeMillis()).build();
        sink.inventory(inventory);
        return inventory;
    }
}
