package io.sigmaflow.placement.placer;

import static io.sigmaflow.placement.testing.Fixtures.node;
import static io.sigmaflow.placement.testing.Fixtures.placer;
import static io.sigmaflow.placement.testing.Fixtures.pod;
import static io.sigmaflow.placement.testing.Fixtures.profile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.placement.model.Pod;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PreemptionTest {

    private static List<String> ids(List<Pod> pods) {
        return pods.stream().map(Pod::id).toList();
    }

    @Test
    void evictsTheLowestPriorityAndOnlyWhatIsNeeded() {
        Placer placer = placer(List.of(node("a").cpu(1000).build(), node("b").chassis("c2").cpu(1000).build()));
        placer.commit(pod("a1").app("batch").cpu(500).priority(1).build(), "a");
        placer.commit(pod("a2").app("batch").cpu(500).priority(1).build(), "a");
        placer.commit(pod("b1").app("svc").cpu(1000).priority(5).build(), "b");

        PlacementDecision d = placer.place(pod("urgent").app("web").cpu(500).priority(10).build());

        assertEquals(PlacementDecision.Status.BOUND, d.status());
        assertEquals("a", d.nodeId(), "priority-1 victims are cheaper than a priority-5 one");
        // Put back highest priority first, then by id: a1 fits back, a2 does not.
        assertEquals(List.of("a2"), ids(d.preempted()));
        assertNull(placer.index().nodeOf("a2"), "the victim is unbound; the caller re-queues it");
        assertEquals("a", placer.index().nodeOf("a1").id());
    }

    @Test
    void prefersFewerVictimsAtTheSamePriority() {
        Placer placer = placer(List.of(node("a").cpu(1000).build(), node("b").chassis("c2").cpu(1000).build()));
        placer.commit(pod("a1").app("x").cpu(300).priority(1).build(), "a");
        placer.commit(pod("a2").app("x").cpu(300).priority(1).build(), "a");
        placer.commit(pod("a3").app("x").cpu(400).priority(1).build(), "a");
        placer.commit(pod("b1").app("y").cpu(500).priority(1).build(), "b");
        placer.commit(pod("b2").app("y").cpu(250).priority(1).build(), "b");
        placer.commit(pod("b3").app("y").cpu(250).priority(1).build(), "b");

        PlacementDecision d = placer.place(pod("p").app("z").cpu(500).priority(3).build());

        assertEquals("b", d.nodeId(), "a would lose two pods (a2, a3), b only one");
        assertEquals(List.of("b1"), ids(d.preempted()));
    }

    @Test
    void neverPreemptsEqualOrHigherPriorityNorReservations() {
        Placer placer = placer(List.of(node("a").cpu(1000).build()));
        placer.commit(pod("peer").app("x").cpu(600).priority(5).build(), "a");
        placer.reserve(pod("tmpl").app("y").cpu(400).priority(0).build(), 1);

        PlacementDecision d = placer.place(pod("p").app("z").cpu(500).priority(5).build());

        assertEquals(PlacementDecision.Status.UNSCHEDULABLE, d.status());
        assertEquals(Map.of("NodeResourcesFit", 1), d.rejections());
        assertEquals(List.of("reservation/y/0"), placer.reservationSlots("y"));
    }

    @Test
    void aProfileWithoutPreemptionLeavesThePodPending() {
        Placer placer = placer(profile(Map.of("preemption", "false")), List.of(node("a").cpu(1000).build()));
        placer.commit(pod("low").cpu(1000).priority(0).build(), "a");
        PlacementDecision d = placer.place(pod("high").cpu(500).priority(100).build());
        assertEquals(PlacementDecision.Status.UNSCHEDULABLE, d.status());
        assertTrue(d.preempted().isEmpty());
        assertEquals("a", placer.index().nodeOf("low").id());
    }

    @Test
    void preemptionCanBeRefusedPerCallAndAskedForLater() {
        Placer placer = placer(List.of(node("a").cpu(1000).build()));
        placer.commit(pod("low").cpu(1000).priority(0).build(), "a");

        PlacementDecision first = placer.place(pod("high").cpu(500).priority(100).build(), false);
        assertEquals(PlacementDecision.Status.UNSCHEDULABLE, first.status(), "no eviction when the caller says no");
        assertEquals("a", placer.index().nodeOf("low").id());

        // The remembered shape must not hide the preemption a later call allows.
        PlacementDecision second = placer.place(pod("high").cpu(500).priority(100).build(), true);
        assertEquals(PlacementDecision.Status.BOUND, second.status());
        assertEquals(List.of("low"), ids(second.preempted()));
    }
}
