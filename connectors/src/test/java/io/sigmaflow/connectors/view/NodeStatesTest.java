package io.sigmaflow.connectors.view;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sigmaflow.schema.NodeState;
import io.sigmaflow.schema.Resources;
import io.sigmaflow.schema.Topology;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The two rules for a node's latest record agree until a version goes back (a job restored from an older savepoint). */
class NodeStatesTest {
    /** n1 goes 1, 3, then back to 2 (the restored job); n2 is removed; n3 comes back after its removal. */
    private static final List<NodeState> READ = List.of(
            state("n1", 1, 4_000, false),
            state("n2", 1, 4_000, false),
            state("n1", 3, 8_000, false),
            state("n3", 1, 4_000, true),
            state("n2", 2, 4_000, true),
            state("n1", 2, 6_000, false),
            state("n3", 2, 2_000, false));

    @Test
    void lastReadWinsWhateverItsVersion() {
        Map<String, NodeState> latest = NodeStates.lastRead(READ);
        assertEquals(List.of("n1", "n2", "n3"), List.copyOf(latest.keySet()));
        assertEquals(6_000L, latest.get("n1").getAllocatable().getCpuMillis());
        assertEquals(true, latest.get("n2").getRemoved());
        assertEquals(List.of("n1", "n3"), NodeStates.live(latest).stream().map(NodeState::getNodeId).toList());
    }

    @Test
    void highestVersionIgnoresARecordOlderThanOneRead() {
        Map<String, NodeState> latest = NodeStates.highestVersion(READ);
        assertEquals(List.of("n1", "n2", "n3"), List.copyOf(latest.keySet()));
        assertEquals(8_000L, latest.get("n1").getAllocatable().getCpuMillis());
        assertEquals(List.of("n1", "n3"), NodeStates.live(latest).stream().map(NodeState::getNodeId).toList());
        // Of equal versions the later one read wins.
        assertEquals(2_000L, NodeStates.highestVersion(List.of(state("n1", 5, 1_000, false), state("n1", 5, 2_000, false)))
                .get("n1").getAllocatable().getCpuMillis());
    }

    private static NodeState state(String id, long version, long cpu, boolean removed) {
        return NodeState.newBuilder().setNodeId(id).setTopology(new Topology("z", "sw-1", "ch-1", id))
                .setAllocatable(new Resources(cpu, 8_192L, 0L)).setLabels(Map.of()).setPods(List.of())
                .setVersion(version).setRemoved(removed).build();
    }
}
