package io.sigmaflow.placement.placer;

import static io.sigmaflow.placement.testing.Fixtures.node;
import static io.sigmaflow.placement.testing.Fixtures.pod;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.placement.model.AvroMapping;
import io.sigmaflow.placement.model.GpuDevices;
import io.sigmaflow.placement.model.GpuRequest;
import io.sigmaflow.placement.model.Node;
import io.sigmaflow.placement.model.Pod;
import io.sigmaflow.placement.testing.Fixtures;
import io.sigmaflow.schema.NodeEvent;
import io.sigmaflow.schema.NodeEventType;
import io.sigmaflow.schema.NodeState;
import io.sigmaflow.schema.Payload;
import io.sigmaflow.schema.PodTemplate;
import io.sigmaflow.schema.Resources;
import io.sigmaflow.schema.Topology;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * GPUs through the wire records: node events and pod templates map to the model, a node snapshot
 * shows each pod's GPU indexes and per-GPU allocation, and restoring it re-binds the same GPUs.
 */
class GpuSnapshotTest {

    @Test
    void templatesAndNodeEventsCarryGpus() {
        PodTemplate t = PodTemplate.newBuilder().setResources(new Resources(500L, 256L, 0L))
                .setPayload(new Payload("sleep", List.of(), Map.of()))
                .setGpu(new io.sigmaflow.schema.GpuRequest(0, 300, List.of("T4", "A10"))).build();
        Pod p = AvroMapping.pod("infer-0", "infer", 1, t);
        assertEquals(new GpuRequest(0, 300, Set.of("A10", "T4")), p.gpu());
        t.setGpu(null);
        assertTrue(AvroMapping.pod("web-0", "web", 1, t).gpu().isNone(), "no gpu field: no GPUs, as before");
        t.setGpu(new io.sigmaflow.schema.GpuRequest(0, 1000, List.of()));
        var bad = assertThrows(IllegalArgumentException.class, () -> AvroMapping.pod("x-0", "x", 1, t));
        assertTrue(bad.getMessage().startsWith("PodTemplate of app x: gpu: a GPU share must be 1..999"), bad.getMessage());

        NodeEvent register = NodeEvent.newBuilder().setNodeId("g1").setType(NodeEventType.REGISTER)
                .setCapacity(new Resources(32000L, 128000L, 0L)).setTopology(new Topology("z", "s", "c", "g1"))
                .setGpus(new io.sigmaflow.schema.GpuDevices(8, "V100M32", 32768L)).build();
        Node n = AvroMapping.node(register, null);
        assertEquals(new GpuDevices(8, "V100M32", 32768), n.gpus());
        NodeEvent update = NodeEvent.newBuilder(register).setType(NodeEventType.UPDATE).setGpus(null).build();
        assertEquals(n.gpus(), AvroMapping.node(update, n).gpus(), "an UPDATE without gpus keeps them");
        register.setGpus(new io.sigmaflow.schema.GpuDevices(2, "", 0L));
        var noModel = assertThrows(IllegalArgumentException.class, () -> AvroMapping.node(register, null));
        assertEquals("NodeEvent g1 (REGISTER): gpus: a node with 2 GPU(s) must name their model", noModel.getMessage());
    }

    @Test
    void aSnapshotShowsPerGpuAllocationAndARestoreRebindsTheSameGpus() {
        Placer placer = Fixtures.placer(List.of(node("g1").cpu(32000).memory(64000).gpus(4, "T4").build()));
        PlacementDecision whole = placer.place(pod("train-0").gpus(2).build());
        PlacementDecision share = placer.place(pod("infer-0").gpuShare(300).build());
        PlacementDecision plain = placer.place(pod("web-0").build());
        assertTrue(whole.isBound() && share.isBound() && plain.isBound());

        NodeState state = placer.nodeState("g1", 7, 0);
        assertEquals(new io.sigmaflow.schema.GpuDevices(4, "T4", 0L), state.getGpus());
        int[] expected = new int[4];
        for (int g : whole.gpus()) {
            expected[g] += 1000;
        }
        expected[share.gpus()[0]] += 300;
        assertEquals(AvroMapping.gpuIndexes(expected), state.getGpuAllocatedMilli());
        var byId = state.getPods().stream().collect(java.util.stream.Collectors.toMap(a -> a.getPodId(), a -> a));
        assertEquals(AvroMapping.gpuIndexes(whole.gpus()), byId.get("train-0").getGpus());
        assertEquals(List.of(), byId.get("web-0").getGpus());
        assertNull(byId.get("web-0").getGpu(), "a pod without GPUs writes none");

        // Pick the snapshot's share onto a GPU the restorer's own choice would not take: the record wins.
        int moved = share.gpus()[0] == 3 ? 2 : 3;
        if (List.of(whole.gpus()[0], whole.gpus()[1]).contains(moved)) {
            moved = java.util.stream.IntStream.range(0, 4)
                    .filter(g -> g != whole.gpus()[0] && g != whole.gpus()[1] && g != share.gpus()[0]).findFirst().orElseThrow();
        }
        byId.get("infer-0").setGpus(List.of(moved));
        Placer restored = Fixtures.placer(List.of());
        restored.restore(state);
        NodeState again = restored.nodeState("g1", 7, 0);
        var back = again.getPods().stream().collect(java.util.stream.Collectors.toMap(a -> a.getPodId(), a -> a));
        assertEquals(List.of(moved), back.get("infer-0").getGpus());
        assertEquals(AvroMapping.gpuIndexes(whole.gpus()), back.get("train-0").getGpus());
        assertFalse(again.getGpuAllocatedMilli().stream().anyMatch(m -> m > 1000));
        assertArrayEquals(whole.gpus(), AvroMapping.gpuIndexes(back.get("train-0").getGpus()));
    }
}
