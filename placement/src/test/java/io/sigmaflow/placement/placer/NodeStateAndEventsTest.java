package io.sigmaflow.placement.placer;

import static io.sigmaflow.placement.testing.Fixtures.placer;
import static io.sigmaflow.placement.testing.Fixtures.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.placement.synthetic.SyntheticCluster;
import io.sigmaflow.placement.synthetic.SyntheticWorkload;
import io.sigmaflow.placement.index.NodeInfo;
import io.sigmaflow.placement.model.NodeCondition;
import io.sigmaflow.placement.model.Pod;
import io.sigmaflow.placement.testing.IndexAudit;
import io.sigmaflow.schema.NodeEvent;
import io.sigmaflow.schema.NodeEventType;
import io.sigmaflow.schema.NodeState;
import io.sigmaflow.schema.Resources;
import io.sigmaflow.schema.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the Flink job does with the core: apply node events, snapshot node state, rebuild after a restore. */
class NodeStateAndEventsTest {

    private static NodeEvent event(String node, NodeEventType type, Resources capacity, Topology topology) {
        return NodeEvent.newBuilder().setNodeId(node).setType(type).setCapacity(capacity).setTopology(topology)
                .setLabels(Map.of()).setTaints(List.of()).build();
    }

    @Test
    void nodeEventsDriveTheIndex() {
        Placer placer = placer(List.of());
        Topology t = new Topology("z", "s1", "c1", "h1");
        assertEquals(List.of(), placer.apply(event("h1", NodeEventType.REGISTER, new Resources(2000L, 2000L, 0L), t)));
        assertTrue(placer.place(pod("p1").cpu(1500).build()).isBound());

        placer.apply(event("h1", NodeEventType.UPDATE, new Resources(4000L, 2000L, 0L), null));
        assertEquals(4000, placer.index().node("h1").allocatableCpu());
        assertEquals("c1", placer.index().node("h1").location().chassis(), "UPDATE keeps what it leaves null");

        List<Pod> toMove = placer.apply(event("h1", NodeEventType.DRAIN, null, null));
        assertEquals(List.of("p1"), toMove.stream().map(Pod::id).toList());
        assertEquals(NodeCondition.DRAINING, placer.index().node("h1").condition());
        assertEquals(PlacementDecision.Status.UNSCHEDULABLE, placer.place(pod("p2").build()).status());

        List<Pod> lost = placer.apply(event("h1", NodeEventType.REMOVE, null, null));
        assertEquals(List.of("p1"), lost.stream().map(Pod::id).toList());
        assertNull(placer.index().node("h1"));
        assertNull(placer.index().nodeOf("p1"));
        assertTrue(IndexAudit.problems(placer.index()).isEmpty());
    }

    @Test
    void invalidEventsNameTheProblem() {
        Placer placer = placer(List.of());
        var noCapacity = assertThrows(IllegalArgumentException.class,
                () -> placer.apply(event("h1", NodeEventType.REGISTER, null, new Topology("z", "s", "c", "h1"))));
        assertEquals("NodeEvent h1 (REGISTER): capacity is required", noCapacity.getMessage());
        var unknown = assertThrows(IllegalArgumentException.class,
                () -> placer.apply(event("h9", NodeEventType.UPDATE, new Resources(1L, 1L, 0L), null)));
        assertEquals("NodeEvent h9 (UPDATE): unknown node; REGISTER it first", unknown.getMessage());
        var blank = assertThrows(IllegalArgumentException.class,
                () -> placer.apply(event("h1", NodeEventType.REGISTER, new Resources(1L, 1L, 0L),
                        new Topology("z", "s", "", "h1"))));
        assertTrue(blank.getMessage().contains("topology.chassis must not be blank"), blank.getMessage());
    }

    @Test
    void aPlacerRebuiltFromNodeStatesDecidesLikeTheOriginal() {
        var nodes = SyntheticCluster.generate(120, 6, 4, 11);
        List<Pod> pods = SyntheticWorkload.generate(3000, 11).pods();
        Placer original = placer(nodes);
        pods.subList(0, 2000).forEach(original::place);

        // What the job keeps per node in keyed state, restored in an arbitrary order.
        List<NodeState> states = new ArrayList<>();
        for (NodeInfo n : original.index().nodes()) {
            states.add(original.nodeState(n.id(), 7, 0));
        }
        java.util.Collections.reverse(states);
        Placer rebuilt = placer(List.of());
        states.forEach(rebuilt::restore);
        assertTrue(IndexAudit.problems(rebuilt.index()).isEmpty());
        assertEquals(original.index().boundPods(), rebuilt.index().boundPods());

        for (Pod p : pods.subList(2000, 3000)) {
            assertEquals(original.place(p).nodeId(), rebuilt.place(p).nodeId(), p.id());
        }
    }

    @Test
    void restoreMakesTheNodeHoldExactlyTheSnapshot() {
        Placer placer = placer(List.of());
        placer.apply(event("h1", NodeEventType.REGISTER, new Resources(2000L, 2000L, 0L), new Topology("z", "s", "c", "h1")));
        placer.place(pod("old").build());
        NodeState snapshot = placer.nodeState("h1", 1, 0);
        placer.place(pod("newer").build());
        placer.restore(snapshot);
        assertEquals(List.of("old"), placer.index().node("h1").pods().stream().map(Pod::id).toList());

        NodeState removed = NodeState.newBuilder(snapshot).setRemoved(true).build();
        placer.restore(removed);
        assertNull(placer.index().node("h1"));
        assertFalse(placer.index().boundPods() > 0);
    }
}
