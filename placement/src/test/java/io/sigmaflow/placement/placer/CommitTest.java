package io.sigmaflow.placement.placer;

import static io.sigmaflow.placement.testing.Fixtures.node;
import static io.sigmaflow.placement.testing.Fixtures.placer;
import static io.sigmaflow.placement.testing.Fixtures.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sigmaflow.placement.framework.Profile;
import io.sigmaflow.placement.model.NodeCondition;
import io.sigmaflow.placement.plugins.noderesources.NodeResourcesFit;
import io.sigmaflow.placement.plugins.nodeschedulable.NodeSchedulable;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The authoritative commit: re-checks against current state, never overcommits, idempotent. */
class CommitTest {

    @Test
    void staleDecisionIsRejectedAtCommit() {
        Placer placer = placer(List.of(node("a").cpu(1000).build()));
        var p = pod("p").cpu(600).build();
        PlacementDecision decided = placer.decide(p);
        assertEquals("a", decided.nodeId());
        assertNull(placer.index().nodeOf("p"), "decide changes nothing");

        placer.place(pod("other").cpu(600).build()); // lands on a first
        CommitResult late = placer.commit(p, decided.nodeId());
        assertEquals(CommitResult.Status.REJECTED, late.status());
        assertEquals(NodeResourcesFit.INSUFFICIENT_CPU, late.rejection());
        assertNull(placer.index().nodeOf("p"));
    }

    @Test
    void commitReChecksEveryFilter() {
        Placer placer = placer(List.of(node("a").build()));
        placer.upsertNode(node("a").condition(NodeCondition.DRAINING).build());
        CommitResult r = placer.commit(pod("p").build(), "a");
        assertEquals(NodeSchedulable.DRAINING, r.rejection());
    }

    @Test
    void unknownNodeAndReplaysChangeNothing() {
        Placer placer = placer(List.of(node("a").cpu(1000).build()));
        assertEquals(CommitResult.Status.UNKNOWN_NODE, placer.commit(pod("p").build(), "zz").status());
        assertEquals(CommitResult.Status.BOUND, placer.commit(pod("p").cpu(100).build(), "a").status());
        CommitResult again = placer.commit(pod("p").cpu(100).build(), "a");
        assertEquals(CommitResult.Status.ALREADY_BOUND, again.status());
        assertEquals(100, placer.index().node("a").requestedCpu(), "nothing doubled");
        assertEquals(PlacementDecision.Status.ALREADY_BOUND, placer.place(pod("p").cpu(100).build()).status());
    }

    @Test
    void capacityIsEnforcedEvenWithoutTheResourceFilter() {
        Profile noFilters = Profile.builder().build();
        Placer placer = placer(noFilters, List.of(node("a").cpu(1000).build()));
        assertEquals(CommitResult.Status.BOUND, placer.commit(pod("x").cpu(800).build(), "a").status());
        CommitResult r = placer.commit(pod("y").cpu(300).build(), "a");
        assertEquals(CommitResult.Status.REJECTED, r.status());
        assertEquals(CommitResult.WOULD_OVERCOMMIT, r.rejection());
        assertThrows(IllegalStateException.class,
                () -> placer.index().bind(pod("z").cpu(300).build(), placer.index().node("a")));
        assertEquals(800, placer.index().node("a").requestedCpu());
    }

    @Test
    void moveReChecksTheTargetAndKeepsThePodOnFailure() {
        Placer placer = placer(List.of(node("a").cpu(1000).build(), node("b").cpu(1000).build()));
        placer.commit(pod("p").cpu(600).build(), "a");
        placer.commit(pod("q").cpu(600).build(), "b");
        CommitResult full = placer.move("p", "b");
        assertEquals(NodeResourcesFit.INSUFFICIENT_CPU, full.rejection());
        assertEquals("a", placer.index().nodeOf("p").id(), "a refused move leaves the pod where it was");

        placer.release("q");
        assertEquals(CommitResult.Status.BOUND, placer.move("p", "b").status());
        assertEquals("b", placer.index().nodeOf("p").id());
        assertEquals(0, placer.index().node("a").requestedCpu());
        assertEquals(CommitResult.Status.ALREADY_BOUND, placer.move("p", "b").status());
        assertEquals(CommitResult.Status.UNKNOWN_POD, placer.move("nope", "a").status());
        assertEquals(CommitResult.Status.UNKNOWN_NODE, placer.move("p", "zz").status());
    }
}
