package io.sigmaflow.jobs.partition;

import io.sigmaflow.jobs.protocol.Cordon;
import static io.sigmaflow.jobs.testing.JobRecords.event;
import static io.sigmaflow.jobs.testing.JobRecords.register;
import static io.sigmaflow.jobs.testing.JobRecords.template;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.jobs.routing.PartitionRouter;
import io.sigmaflow.jobs.routing.PartitionScheme;
import io.sigmaflow.jobs.routing.PodShape;
import io.sigmaflow.placement.model.NodeCondition;
import io.sigmaflow.placement.placer.PlacementConfig;
import io.sigmaflow.schema.NodeEvent;
import io.sigmaflow.schema.NodeEventType;
import io.sigmaflow.schema.NodeState;
import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.PlacementAction;
import io.sigmaflow.schema.Taint;
import io.sigmaflow.schema.TaintEffect;
import io.sigmaflow.schema.TopologyLevel;
import io.sigmaflow.schema.job.PartitionCommand;
import io.sigmaflow.schema.job.PlacePods;
import io.sigmaflow.schema.job.PodRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An operator's cordon as the node directory and a node partition apply it. */
class CordonTest {
    private static final PlacementConfig CONFIG = PlacementConfig.defaults();
    private static final PartitionScheme SCHEME = PartitionScheme.of(CONFIG.levels(), TopologyLevel.CORE_SWITCH);
    private static final Taint DEDICATED = new Taint("dedicated", "db", TaintEffect.NO_SCHEDULE);

    /** The UPDATE {@code ./sigma node cordon|uncordon} sends: the node's labels and taints, the cordon set or lifted. */
    private static NodeEvent update(String node, boolean cordoned) {
        return NodeEvent.newBuilder().setNodeId(node).setType(NodeEventType.UPDATE).setLabels(Map.of("disk", "ssd"))
                .setTaints(Cordon.taints(List.of(DEDICATED), cordoned)).build();
    }

    private static NodeEvent registerWithLabels(String node) {
        return NodeEvent.newBuilder(register(node, "s0", "s0-c0", 4000, 8192)).setLabels(Map.of("disk", "ssd"))
                .setTaints(List.of(DEDICATED)).build();
    }

    @Test
    void taintsSetAndLiftTheCordonAndKeepEveryOtherTaint() {
        List<Taint> cordoned = Cordon.taints(List.of(DEDICATED), true);
        assertEquals(List.of(DEDICATED, Cordon.TAINT), cordoned);
        assertTrue(Cordon.isCordoned(cordoned));
        assertEquals(cordoned, Cordon.taints(cordoned, true), "cordoning twice adds one taint");
        assertEquals(List.of(DEDICATED), Cordon.taints(cordoned, false));
        assertFalse(Cordon.isCordoned(List.of(DEDICATED)));
    }

    @Test
    void theDirectoryKeepsACordonAcrossTheExecutorsRegistersUntilAnUpdateLiftsIt() throws Exception {
        try (var h = NodeDirectoryTest.harness()) {
            h.open();
            h.processElement1(registerWithLabels("n1"), 1);
            h.processElement1(update("n1", true), 2);
            h.processElement1(registerWithLabels("n1"), 3); // the executor restarts: it knows no cordon
            h.processElement1(update("n1", false), 4);
            h.processElement1(registerWithLabels("n1"), 5);
            List<NodeEvent> forwarded = h.extractOutputValues().stream().map(PartitionCommand::getNodeEvent).toList();
            assertEquals(5, forwarded.size());
            assertEquals(List.of(false, true, true, false, false),
                    forwarded.stream().map(e -> Cordon.isCordoned(e.getTaints())).toList());
            assertEquals(List.of(DEDICATED, Cordon.TAINT), forwarded.get(2).getTaints(), "the executor's taints kept");
            assertEquals(Map.of("disk", "ssd"), forwarded.get(2).getLabels());
        }
    }

    @Test
    void aCordonedNodeTakesNoNewPodsKeepsItsOwnAndAnUncordonReopensIt() {
        Partition p = new Partition();
        p.node(register("s0-c0-h0", "s0", "s0-c0", 4000, 8192));
        p.node(register("s0-c0-h1", "s0", "s0-c0", 4000, 8192));
        p.place("a", "a-0", "a-1");
        assertEquals(2, p.boundOn("s0-c0-h0") + p.boundOn("s0-c0-h1"));

        p.node(NodeEvent.newBuilder().setNodeId("s0-c0-h0").setType(NodeEventType.UPDATE)
                .setTaints(Cordon.taints(List.of(), true)).build());
        int before = p.boundOn("s0-c0-h0");
        p.place("a", "a-2", "a-3", "a-4");
        assertEquals(before, p.boundOn("s0-c0-h0"), "nothing new on the cordoned node, its pods stay");
        NodeState cordoned = p.state("s0-c0-h0");
        assertTrue(cordoned.getSchedulable(), "a cordon is a taint: the node's condition is unchanged");
        assertTrue(Cordon.isCordoned(cordoned.getTaints()));

        p.node(NodeEvent.newBuilder().setNodeId("s0-c0-h0").setType(NodeEventType.UPDATE).build());
        p.place("a", "a-5");
        assertEquals(before + 1, p.boundOn("s0-c0-h0"), "uncordoned: the node with room takes the next pod");
    }

    @Test
    void drainingACordonedNodeMovesItsPodsAndTheCordonAloneKeepsItEmptyUntilUncordoned() {
        Partition p = new Partition();
        p.node(register("s0-c0-h0", "s0", "s0-c0", 4000, 8192));
        p.node(register("s0-c0-h1", "s0", "s0-c0", 4000, 8192));
        p.place("a", "a-0", "a-1", "a-2");
        int onH0 = p.boundOn("s0-c0-h0");
        assertTrue(onH0 > 0);

        p.node(NodeEvent.newBuilder().setNodeId("s0-c0-h0").setType(NodeEventType.UPDATE)
                .setTaints(Cordon.taints(List.of(), true)).build());
        p.out.clear();
        p.node(event("s0-c0-h0", NodeEventType.DRAIN));
        assertEquals(0, p.boundOn("s0-c0-h0"), "every pod moved off");
        assertEquals(3, p.boundOn("s0-c0-h1"), "to the other node: nothing lost or doubled");
        assertEquals(onH0, p.out.stream().filter(x -> x.getAction() == PlacementAction.BIND).count());
        assertEquals(NodeCondition.SCHEDULABLE, p.partition.placer().index().node("s0-c0-h0").node().condition(),
                "the cordon holds the node, not the DRAINING condition");

        p.place("a", "a-3");
        assertEquals(0, p.boundOn("s0-c0-h0"), "still cordoned");
        p.node(NodeEvent.newBuilder().setNodeId("s0-c0-h0").setType(NodeEventType.UPDATE).build());
        p.place("a", "a-4");
        assertEquals(1, p.boundOn("s0-c0-h0"), "uncordoned after the drain: schedulable again");
    }

    @Test
    void aDrainWithoutCordonStillHoldsTheNodeUntilItRegistersAgain() {
        Partition p = new Partition();
        p.node(register("s0-c0-h0", "s0", "s0-c0", 4000, 8192));
        p.node(register("s0-c0-h1", "s0", "s0-c0", 4000, 8192));
        p.node(event("s0-c0-h0", NodeEventType.DRAIN));
        p.node(NodeEvent.newBuilder().setNodeId("s0-c0-h0").setType(NodeEventType.UPDATE).build());
        p.place("a", "a-0", "a-1");
        assertEquals(0, p.boundOn("s0-c0-h0"), "an UPDATE does not end a DRAIN (as before)");
    }

    @Test
    void theRoutersViewIgnoresTheDrainOfACordonedNodeSoAnUncordonReopensItsPartition() {
        PartitionRouter router = new PartitionRouter();
        router.node("s0", register("s0-c0-h0", "s0", "s0-c0", 4000, 8192));
        PodShape pod = PodShape.of(new io.sigmaflow.placement.model.Pod("p", "app", 0,
                io.sigmaflow.placement.model.ResourceVector.of(1000, 1024), 0, null,
                io.sigmaflow.placement.model.Dispersion.CLUSTER_DEFAULT, Map.of(), null), SCHEME);
        router.node("s0", NodeEvent.newBuilder().setNodeId("s0-c0-h0").setType(NodeEventType.UPDATE)
                .setTaints(Cordon.taints(List.of(), true)).build());
        router.node("s0", event("s0-c0-h0", NodeEventType.DRAIN));
        assertEquals(null, router.route(pod, Map.of(), Map.of(), 0).partition(), "cordoned: ruled out");
        assertTrue(router.node("s0", NodeEvent.newBuilder().setNodeId("s0-c0-h0").setType(NodeEventType.UPDATE).build()),
                "an uncordon may add capacity");
        assertEquals("s0", router.route(pod, Map.of(), Map.of(), 0).partition(), "uncordoned after a drain: routable");
    }

    /** One partition s0 with what it emits. */
    private static final class Partition {
        final NodePartition partition = NodePartition.create("s0", CONFIG, SCHEME);
        final List<Placement> out = new ArrayList<>();

        void node(NodeEvent e) {
            apply(PartitionCommand.newBuilder().setPartitionId("s0").setOrderKey("1:node:" + e.getNodeId())
                    .setNodeEvent(e).build());
        }

        void place(String app, String... pods) {
            List<PodRef> refs = java.util.Arrays.stream(pods).map(id -> new PodRef(id, 0L)).toList();
            apply(PartitionCommand.newBuilder().setPartitionId("s0").setOrderKey("2:app:" + app)
                    .setPlace(new PlacePods(app, 1, null, template(1000, 1024), refs, false, null, 0)).build());
        }

        int boundOn(String node) {
            return partition.placer().index().node(node).podCount();
        }

        NodeState state(String node) {
            return partition.snapshot(partition.placer().index().node(node));
        }

        private void apply(PartitionCommand c) {
            partition.apply(c, 1, PartitionStore.NONE, out::add, PartitionMetrics.NONE);
        }
    }
}
