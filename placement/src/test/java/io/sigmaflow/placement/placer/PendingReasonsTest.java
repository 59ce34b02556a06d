package io.sigmaflow.placement.placer;

import static io.sigmaflow.placement.testing.Fixtures.node;
import static io.sigmaflow.placement.testing.Fixtures.placer;
import static io.sigmaflow.placement.testing.Fixtures.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.placement.framework.ClusterView;
import io.sigmaflow.placement.framework.FilterPlugin;
import io.sigmaflow.placement.framework.NodeView;
import io.sigmaflow.placement.framework.Profile;
import io.sigmaflow.placement.framework.Rejection;
import io.sigmaflow.placement.index.NodeInfo;
import io.sigmaflow.placement.model.NodeCondition;
import io.sigmaflow.placement.plugins.noderesources.NodeResourcesFit;
import io.sigmaflow.placement.model.Pod;
import io.sigmaflow.schema.TaintEffect;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PendingReasonsTest {

    @Test
    void countsTheNodesEachFilterRejected() {
        Placer placer = placer(List.of(
                node("cordoned").condition(NodeCondition.UNSCHEDULABLE).build(),
                node("draining").condition(NodeCondition.DRAINING).build(),
                node("small").cpu(100).build(),
                node("tainted").taint("dedicated", "db", TaintEffect.NO_SCHEDULE).build(),
                node("labelled").label("disk", "hdd").build()));
        Pod p = pod("p").cpu(500).selector("disk", "ssd").build();
        PlacementDecision d = placer.place(p);
        assertEquals(PlacementDecision.Status.UNSCHEDULABLE, d.status());
        // First failing filter per node, in profile order: schedulable, resources, selector, taints.
        assertEquals(Map.of("NodeSchedulable", 2, "NodeResourcesFit", 1, "NodeSelector", 2), d.rejections());
        assertEquals("0/5 nodes are available: 1 Insufficient cpu, 2 node(s) didn't match the pod's node selector,"
                + " 1 node(s) were draining, 1 node(s) were unschedulable.", d.message());
    }

    @Test
    void tooSmallClusterKeepsPodsPendingUntilANodeIsAdded() {
        Placer placer = placer(List.of(node("a").cpu(1000).build(), node("b").chassis("c2").cpu(1000).build()));
        List<Pod> pending = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Pod p = pod("w-" + i).app("w").cpu(400).build();
            PlacementDecision d = placer.place(p);
            if (d.status() == PlacementDecision.Status.UNSCHEDULABLE) {
                assertEquals(Map.of("NodeResourcesFit", 2), d.rejections());
                pending.add(p);
            }
        }
        assertEquals(6, pending.size(), "two 400-cpu pods fit per 1000-cpu node");
        long epoch = placer.index().capacityEpoch();

        placer.upsertNode(node("c").chassis("c3").cpu(2000).build());
        assertTrue(placer.index().capacityEpoch() > epoch, "a new node is new capacity");
        int placed = 0;
        for (Pod p : pending) {
            if (placer.place(p).status() == PlacementDecision.Status.BOUND) {
                placed++;
            }
        }
        assertEquals(5, placed, "the new node takes five more; one stays pending");
        assertEquals(9, placer.index().boundPods());
    }

    @Test
    void emptyIndexSaysSo() {
        Placer placer = placer(List.of());
        PlacementDecision d = placer.place(pod("p").build());
        assertEquals(PlacementDecision.Status.UNSCHEDULABLE, d.status());
        assertEquals("0/0 nodes are available: there are no nodes.", d.message());
        assertEquals(Map.of(), d.rejections());
    }

    @Test
    void aRememberedUnschedulableShapeIsForgottenWhenCapacityFrees() {
        Placer placer = placer(List.of(node("a").cpu(1000).build()));
        placer.place(pod("big").app("x").cpu(800).build());
        assertEquals(PlacementDecision.Status.UNSCHEDULABLE, placer.place(pod("p1").app("y").cpu(500).build()).status());
        PlacementDecision again = placer.place(pod("p2").app("z").cpu(500).build());
        assertEquals(Map.of("NodeResourcesFit", 1), again.rejections(), "same shape: same reasons");
        placer.release("big");
        assertTrue(placer.place(pod("p3").app("z").cpu(500).build()).isBound());
    }

    /** A filter that pods can satisfy: passes only on nodes already running a pod of app "db". */
    static final class NextToDb implements FilterPlugin<Void> {
        static final Rejection NO_DB = new Rejection("NextToDb", "no db pod on the node");

        @Override
        public String name() {
            return "NextToDb";
        }

        @Override
        public Void prepare(Pod pod, ClusterView cluster) {
            return null;
        }

        @Override
        public Rejection filter(Void state, Pod pod, NodeView node) {
            return node instanceof NodeInfo n && !n.podsOf("db").isEmpty() ? null : NO_DB;
        }

        @Override
        public boolean rejectionsSurviveBinds() {
            return false;
        }
    }

    @Test
    void filtersThatBindsCanSatisfyAreNeverShortCut() {
        Profile profile = Profile.builder().filter(new NodeResourcesFit()).filter(new NextToDb()).build();
        Placer placer = placer(profile, List.of(node("a").build(), node("b").build()));
        assertEquals(Map.of("NextToDb", 2), placer.place(pod("cache-1").app("cache").build()).rejections());
        // Bound directly: a commit would run NextToDb on db-1 itself.
        placer.index().bind(pod("db-1").app("db").build(), placer.index().node("b"));
        PlacementDecision d = placer.place(pod("cache-2").app("cache").build());
        assertEquals("b", d.nodeId(), "binding db made b pass; nothing remembered the earlier failure");
    }
}
