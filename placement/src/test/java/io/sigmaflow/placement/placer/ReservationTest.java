package io.sigmaflow.placement.placer;

import static io.sigmaflow.placement.testing.Fixtures.placer;
import static io.sigmaflow.placement.testing.Fixtures.pod;
import static io.sigmaflow.placement.testing.Fixtures.topology;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.placement.index.NodeInfo;
import io.sigmaflow.placement.model.Pod;
import io.sigmaflow.placement.testing.DispersionOracle;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReservationTest {

    @Test
    void slotsHoldCapacityAreDispersedAndAreTakenByTheApp() {
        // 3 switches x 1 chassis x 1 host, 1000 cpu each.
        Placer placer = placer(topology(3, 1, 1, 1000, 1000));
        Pod template = pod("tmpl").app("release").cpu(800).memory(100).build();
        List<PlacementDecision> slots = placer.reserve(template, 3);
        assertTrue(slots.stream().allMatch(PlacementDecision::isBound));
        assertEquals(List.of(1, 1, 1), DispersionOracle.countsPerDomain(placer.index(), "release", 0),
                "slots spread like pods");

        PlacementDecision squatter = placer.place(pod("other").app("other").cpu(500).build());
        assertEquals(PlacementDecision.Status.UNSCHEDULABLE, squatter.status(), "the capacity is held");

        Set<String> nodes = new HashSet<>();
        for (int i = 0; i < 2; i++) {
            PlacementDecision d = placer.place(pod("r" + i).app("release").cpu(800).memory(100).build());
            assertTrue(d.fromReservation(), d.toString());
            nodes.add(d.nodeId());
        }
        assertEquals(2, nodes.size());
        assertEquals(List.of("reservation/release/2"), placer.reservationSlots("release"));

        List<Pod> freed = placer.cancelReservations("release");
        assertEquals(1, freed.size());
        assertTrue(placer.reservationSlots("release").isEmpty());
        assertTrue(placer.place(pod("other").app("other").cpu(500).build()).isBound(), "freed capacity is usable");
    }

    @Test
    void aPodThatDoesNotFitInItsSlotsNodeIsPlacedNormally() {
        Placer placer = placer(topology(1, 1, 2, 1000, 1000));
        String slotNode = placer.reserve(pod("t").app("x").cpu(100).build(), 1).get(0).nodeId();
        placer.commit(pod("filler").app("y").cpu(600).build(), slotNode);
        // With the slot freed, the slot's node has 400 cpu: not enough for 500.
        PlacementDecision d = placer.place(pod("big").app("x").cpu(500).build());
        assertTrue(d.isBound());
        assertFalse(d.fromReservation());
        assertTrue(!d.nodeId().equals(slotNode));
        assertEquals(1, placer.reservationSlots("x").size());
    }

    @Test
    void slotsSurviveASnapshotRestore() {
        Placer placer = placer(topology(1, 1, 2, 1000, 1000));
        placer.reserve(pod("t").app("x").cpu(300).build(), 2);
        Placer restored = placer(List.of());
        for (NodeInfo n : placer.index().nodes()) {
            restored.restore(placer.nodeState(n.id(), 1, 0));
        }
        assertEquals(placer.reservationSlots("x"), restored.reservationSlots("x"));
        assertTrue(restored.place(pod("p").app("x").cpu(300).build()).fromReservation());
        assertEquals("reservation/x/2", restored.reserve(pod("t").app("x").cpu(300).build(), 1).get(0).pod().id(),
                "slot numbering continues after the restore");
    }
}
