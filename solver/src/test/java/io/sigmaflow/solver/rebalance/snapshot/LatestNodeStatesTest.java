package io.sigmaflow.solver.rebalance.snapshot;

import static io.sigmaflow.solver.rebalance.testing.ClusterFixtures.node;
import static io.sigmaflow.solver.rebalance.testing.ClusterFixtures.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.connectors.serde.AvroCodec;
import io.sigmaflow.schema.Migration;
import io.sigmaflow.schema.NodeState;
import io.sigmaflow.schema.Resources;
import io.sigmaflow.schema.Topology;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LatestNodeStatesTest {
    private final AvroCodec<NodeState> codec = AvroCodec.of(NodeState.class);
    private final LatestNodeStates latest = new LatestNodeStates();

    private void accept(NodeState state) {
        latest.accept(state.getNodeId(), codec.encode(state), "offset");
    }

    @Test
    void theLatestRecordOfANodeWinsWhateverItsVersion() {
        accept(node("n1").version(5).pod(pod("p", "a")).build());
        accept(node("n1").version(3).build());
        ClusterSnapshot s = latest.snapshot(Map.of(0, 2L));
        assertEquals(1, s.nodes().size());
        assertEquals(3, s.nodes().get(0).getVersion());
        assertEquals(0, s.podCount());
        assertEquals(Map.of(0, 2L), s.endOffsets());
    }

    @Test
    void removedNodesAndTombstonesAreDropped() {
        accept(node("gone").build());
        accept(node("gone").removed().build());
        accept(node("deleted").build());
        latest.accept("deleted", null, "offset");
        accept(node("kept").build());
        ClusterSnapshot s = latest.snapshot(Map.of());
        assertEquals(List.of("kept"), s.nodes().stream().map(NodeState::getNodeId).toList());
        assertEquals(1, s.stats().removed());
        assertEquals(1, s.stats().tombstones());
        assertEquals(5, s.stats().records());
    }

    @Test
    void unusableRecordsAreCountedWithTheirReasonAndLeaveTheNodeAsItWas() {
        accept(node("n1").pod(pod("p", "a")).build());
        latest.accept("n1", new byte[] {1, 2, 3}, "partition 0 offset 7");
        Migration wrongType = Migration.newBuilder().setPlanId("x").setStep(0).setPlanSize(1).setPodId("p").setAppId("a")
                .setFromNodeId("a").setToNodeId("b").build();
        latest.accept("n1", AvroCodec.of(Migration.class).encode(wrongType), "partition 0 offset 8");
        latest.accept("other-key", codec.encode(node("n2").build()), "partition 0 offset 9");
        NodeState negative = NodeState.newBuilder(node("n3").build()).setAllocatable(new Resources(-1L, 1L, 0L)).build();
        latest.accept("n3", codec.encode(negative), "partition 0 offset 10");
        NodeState blankHost = NodeState.newBuilder(node("n4").build()).setTopology(new Topology("default", "s", "c", " ")).build();
        latest.accept("n4", codec.encode(blankHost), "partition 0 offset 11");

        ClusterSnapshot s = latest.snapshot(Map.of());
        assertEquals(List.of("n1"), s.nodes().stream().map(NodeState::getNodeId).toList());
        assertEquals(1, s.podCount(), "n1 keeps its last good state");
        assertEquals(5, s.stats().skipped());
        List<String> problems = s.stats().problems();
        assertTrue(problems.get(0).startsWith("partition 0 offset 7: not an Avro single-object encoded NodeState"), problems.get(0));
        assertTrue(problems.get(1).contains("a Migration where a NodeState was expected"), problems.get(1));
        assertTrue(problems.get(2).contains("key 'other-key' holds the state of node 'n2'"), problems.get(2));
        assertTrue(problems.get(3).contains("invalid NodeState n3: resources must not be negative"), problems.get(3));
        assertTrue(problems.get(4).contains("topology.host must not be blank"), problems.get(4));
    }

    @Test
    void onlyTheFirstFewReasonsAreKept() {
        for (int i = 0; i < 25; i++) {
            latest.accept("n", new byte[] {9}, "offset " + i);
        }
        ClusterSnapshot s = latest.snapshot(Map.of());
        assertEquals(25, s.stats().skipped());
        assertEquals(LatestNodeStates.MAX_PROBLEMS, s.stats().problems().size());
    }
}
