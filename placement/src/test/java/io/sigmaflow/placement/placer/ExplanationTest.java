package io.sigmaflow.placement.placer;

import static io.sigmaflow.placement.testing.Fixtures.node;
import static io.sigmaflow.placement.testing.Fixtures.placer;
import static io.sigmaflow.placement.testing.Fixtures.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExplanationTest {

    @Test
    void explainsWinnerAndRunnerUpPerPlugin() {
        // Same chassis, no dispersion difference: least-allocated prefers the emptier node.
        Placer placer = placer(List.of(node("busy").cpu(1000).memory(1000).build(),
                node("idle").cpu(1000).memory(1000).build()));
        placer.commit(pod("x").app("other").cpu(500).memory(500).build(), "busy");

        PlacementDecision d = placer.place(pod("p").app("web").cpu(250).memory(250).build());

        Explanation e = d.explanation();
        assertEquals("idle", d.nodeId());
        assertEquals("idle", e.nodeId());
        assertEquals("busy", e.runnerUpNodeId());
        assertEquals(List.of("Dispersion", "NodeResourcesAllocated", "BalancedAllocation"), List.copyOf(e.scores().keySet()));
        assertEquals(75.0, e.scores().get("NodeResourcesAllocated"), 1e-9);
        assertEquals(25.0, e.runnerUpScores().get("NodeResourcesAllocated"), 1e-9);
        assertEquals(100.0, e.scores().get("Dispersion"), 1e-9);
        assertEquals(275.0, e.total(), 1e-9);
        assertTrue(e.total() > e.runnerUpTotal());
        assertEquals(2, e.candidatesScored());

        var wire = e.toAvro();
        assertEquals("busy", wire.getRunnerUpNodeId());
        assertEquals(2, wire.getFeasibleNodes());
        assertEquals(75.0, wire.getWinnerScores().get("NodeResourcesAllocated"), 1e-9);
    }

    @Test
    void equalScoresGoToTheLowerNodeId() {
        Placer placer = placer(List.of(node("n2").build(), node("n1").build()));
        PlacementDecision d = placer.place(pod("p").build());
        assertEquals("n1", d.nodeId());
        assertEquals(d.explanation().total(), d.explanation().runnerUpTotal(), 1e-9);
    }

    @Test
    void singleCandidateHasNoRunnerUp() {
        Placer placer = placer(List.of(node("only").build()));
        Explanation e = placer.place(pod("p").build()).explanation();
        assertNull(e.runnerUpNodeId());
        assertEquals(Map.of(), e.runnerUpScores());
        assertNull(e.toAvro().getRunnerUpNodeId());
    }
}
