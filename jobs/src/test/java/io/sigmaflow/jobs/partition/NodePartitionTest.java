package io.sigmaflow.jobs.partition;

import static io.sigmaflow.jobs.testing.JobRecords.register;
import static io.sigmaflow.jobs.testing.JobRecords.template;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.placement.placer.PlacementConfig;
import io.sigmaflow.jobs.routing.PartitionScheme;
import io.sigmaflow.schema.NodeEvent;
import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.PlacementAction;
import io.sigmaflow.schema.PlacementFeedback;
import io.sigmaflow.schema.PodResult;
import io.sigmaflow.schema.PodResultStatus;
import io.sigmaflow.schema.PodTemplate;
import io.sigmaflow.schema.TopologyLevel;
import io.sigmaflow.schema.job.BoundPod;
import io.sigmaflow.schema.job.PlacePods;
import io.sigmaflow.schema.job.PodRef;
import io.sigmaflow.schema.job.ReleasePods;
import io.sigmaflow.schema.job.PartitionClock;
import io.sigmaflow.schema.job.PartitionCommand;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodePartitionTest {
    private static final PlacementConfig CONFIG = PlacementConfig.defaults();
    private static final PartitionScheme SCHEME = PartitionScheme.of(CONFIG.levels(), TopologyLevel.CORE_SWITCH);

    /** A partition with the pods it stores, as RocksDB would hold them. */
    private static final class Stored implements PartitionStore {
        final Map<String, BoundPod> pods = new LinkedHashMap<>();
        final Map<String, io.sigmaflow.schema.NodeState> nodes = new LinkedHashMap<>();
        PartitionClock clock;

        @Override
        public void putNode(io.sigmaflow.schema.NodeState description) {
            nodes.put(description.getNodeId(), description);
        }

        @Override
        public void removeNode(String nodeId) {
            nodes.remove(nodeId);
        }

        @Override
        public void putPod(BoundPod pod) {
            pods.put(pod.getPodId(), pod);
        }

        @Override
        public void removePod(String podId) {
            pods.remove(podId);
        }

        @Override
        public void putClock(PartitionClock c) {
            clock = c;
        }
    }

    private final Stored store = new Stored();
    private final List<Placement> out = new ArrayList<>();

    private void apply(NodePartition p, PartitionCommand c) {
        p.apply(c, 1, store, out::add, PartitionMetrics.NONE);
    }

    private static PartitionCommand node(NodeEvent e) {
        return PartitionCommand.newBuilder().setPartitionId("s0").setOrderKey("1:node:" + e.getNodeId()).setNodeEvent(e).build();
    }

    private static PartitionCommand place(String app, int revision, PodTemplate template, long clock, boolean preempt,
                                      PodRef... pods) {
        return PartitionCommand.newBuilder().setPartitionId("s0").setOrderKey("2:app:" + app).setClock(clock)
                .setPlace(new PlacePods(app, revision, null, template, List.of(pods), preempt, null, 0)).build();
    }

    private static PartitionCommand release(String app, PodRef... pods) {
        return PartitionCommand.newBuilder().setPartitionId("s0").setOrderKey("2:app:" + app)
                .setRelease(new ReleasePods(app, "scale-down", List.of(pods))).build();
    }

    private static PodTemplate withPriority(long cpu, int priority) {
        return PodTemplate.newBuilder(template(cpu, 1024)).setPriority(priority).build();
    }

    @Test
    void generationsAreALamportClockThatMovesPastWhatCommandsCarry() {
        NodePartition p = NodePartition.create("s0", CONFIG, SCHEME);
        apply(p, node(register("s0-c0-h0", "s0", "s0-c0", 4000, 8192)));
        apply(p, place("a", 1, template(1000, 1024), 500, false, new PodRef("a-0", 0L)));
        apply(p, place("a", 1, template(1000, 1024), 0, false, new PodRef("a-1", 900L)));
        apply(p, release("a", new PodRef("a-0", 501L)));

        assertEquals(List.of(PlacementAction.BIND, PlacementAction.BIND, PlacementAction.UNBIND),
                out.stream().map(Placement::getAction).toList());
        assertTrue(out.get(0).getGeneration() > 500, "past the command's clock");
        assertTrue(out.get(1).getGeneration() > 900, "past the pod's last generation");
        assertTrue(out.get(2).getGeneration() > out.get(1).getGeneration(), "every record ticks the clock");
        assertEquals(p.clock(), store.clock.getClock(), "the clock is stored with every change");
    }

    @Test
    void preemptionOnlyWhenAskedAndVictimsAreUnboundBeforeTheBind() {
        NodePartition p = NodePartition.create("s0", CONFIG, SCHEME);
        apply(p, node(register("s0-c0-h0", "s0", "s0-c0", 2000, 8192)));
        apply(p, place("batch", 1, withPriority(2000, 0), 0, false, new PodRef("batch-0", 0L)));
        apply(p, place("web", 1, withPriority(1000, 100), 0, false, new PodRef("web-0", 0L)));
        assertEquals(1, out.size(), "no preemption unless the command allows it");
        apply(p, place("web", 1, withPriority(1000, 100), 0, true, new PodRef("web-0", 0L)));

        assertEquals(List.of("BIND batch-0", "UNBIND batch-0", "BIND web-0"),
                out.stream().map(x -> x.getAction() + " " + x.getPodId()).toList());
        List<PlacementFeedback> feedback = p.drainFeedback();
        PodResult preempted = feedback.stream().filter(f -> "batch".equals(f.getAppId()))
                .flatMap(f -> f.getResults().stream()).filter(r -> r.getStatus() == PodResultStatus.PREEMPTED)
                .findFirst().orElseThrow();
        assertEquals("batch-0", preempted.getPodId());
        assertEquals(List.of("web-0"), List.copyOf(store.pods.keySet()));
    }

    @Test
    void aRestoredPartitionHoldsWhatWasStored() {
        NodePartition p = NodePartition.create("s0", CONFIG, SCHEME);
        apply(p, node(register("s0-c0-h0", "s0", "s0-c0", 2000, 8192)));
        apply(p, place("a", 1, template(1500, 1024), 0, false, new PodRef("a-0", 0L)));

        NodePartition restored = NodePartition.restore("s0", CONFIG, SCHEME, store.nodes.values(), store.pods.values(),
                store.clock);
        out.clear();
        apply(restored, place("b", 1, template(1000, 1024), 0, false, new PodRef("b-0", 0L)));
        assertTrue(out.isEmpty(), "a-0 still takes 1.5 of the 2 cpus");
        assertEquals(p.clock(), restored.clock());
        assertEquals(1, restored.boundPods());
    }

    @Test
    void podsOfANewRevisionSpreadAmongThemselves() {
        NodePartition p = NodePartition.create("s0", CONFIG, SCHEME);
        apply(p, node(register("s0-c0-h0", "s0", "s0-c0", 8000, 16384)));
        apply(p, node(register("s0-c1-h0", "s0", "s0-c1", 8000, 16384)));
        apply(p, place("a", 1, template(1000, 1024), 0, false, new PodRef("a-0", 0L)));
        apply(p, place("a", 2, template(1000, 1024), 0, false, new PodRef("a-1", 0L)));
        // Revision 2's first pod ignores a-0 (about to go): it lands where the free room is, its own chassis count being 0 everywhere.
        apply(p, place("a", 2, template(1000, 1024), 0, false, new PodRef("a-2", 0L)));
        String n1 = out.get(1).getNodeId();
        String n2 = out.get(2).getNodeId();
        assertTrue(!n1.equals(n2), "two pods of revision 2 on two chassis: " + n1 + ", " + n2);
    }

    @Test
    void theSummaryShowsWhatARouterNeedsAndItsEpochMovesOnlyWhenCapacityGrows() {
        NodePartition p = NodePartition.create("s0", CONFIG, SCHEME);
        apply(p, node(NodeEvent.newBuilder(register("s0-c0-h0", "s0", "s0-c0", 4000, 8192))
                .setLabels(Map.of("pool", "online")).build()));
        long registered = p.summary().getCapacityEpoch();
        apply(p, place("a", 1, template(1000, 1024), 0, false, new PodRef("a-0", 0L)));
        assertEquals(registered, p.summary().getCapacityEpoch(), "a bind never moves the epoch");
        assertEquals(3000, p.summary().getMaxFreeCpu());
        assertEquals(Map.of("pool=online", 1), p.summary().getLabels());
        apply(p, release("a", new PodRef("a-0", 0L)));
        assertTrue(p.summary().getCapacityEpoch() > registered, "an unbind does");
    }
}
