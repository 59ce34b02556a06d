package io.sigmaflow.jobs.routing;

import static io.sigmaflow.jobs.testing.JobRecords.register;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.placement.model.Dispersion;
import io.sigmaflow.placement.model.Pod;
import io.sigmaflow.placement.model.ResourceVector;
import io.sigmaflow.placement.model.TopologyLevels;
import io.sigmaflow.schema.NodeEvent;
import io.sigmaflow.schema.NodeEventType;
import io.sigmaflow.schema.ShardSummary;
import io.sigmaflow.schema.Taint;
import io.sigmaflow.schema.TaintEffect;
import io.sigmaflow.schema.Topology;
import io.sigmaflow.schema.TopologyLevel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PartitionRouterTest {
    private static final PartitionScheme SWITCHES = PartitionScheme.of(TopologyLevels.DEFAULT, TopologyLevel.CORE_SWITCH);

    private static PodShape pod(long cpu, Map<String, String> selector, Dispersion dispersion) {
        return PodShape.of(new Pod("p", "app", 0, ResourceVector.of(cpu, 1024), 0, null, dispersion, selector, null), SWITCHES);
    }

    private static PodShape pod(long cpu) {
        return pod(cpu, Map.of(), Dispersion.CLUSTER_DEFAULT);
    }

    private static PartitionRouter router(String... switches) {
        PartitionRouter router = new PartitionRouter();
        for (String sw : switches) {
            router.node(sw, register(sw + "-n", sw, sw + "-c", 8000, 16384));
        }
        return router;
    }

    private static ShardSummary live(String partition, long maxFreeCpu, long epoch) {
        return ShardSummary.newBuilder().setPath(List.of(partition)).setNodes(1).setSchedulableNodes(1)
                .setUntaintedSchedulableNodes(1).setMaxFreeCpu(maxFreeCpu).setMaxFreeMemory(16384).setMaxFreeDisk(0)
                .setCapacityEpoch(epoch).build();
    }

    @Test
    void anAppGoesRoundThePartitionsFewestPodsFirst() {
        PartitionRouter router = router("s0", "s1", "s2");
        Map<String, Integer> counts = new HashMap<>();
        StringBuilder order = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            String p = router.route(pod(1000), counts, Map.of(), 7 + i).partition();
            counts.merge(p, 1, Integer::sum);
            order.append(p).append(' ');
        }
        assertEquals(Map.of("s0", 2, "s1", 2, "s2", 2), counts, order.toString());
        assertEquals("s1", router.route(pod(1000), Map.of("s0", 3, "s1", 1, "s2", 2), Map.of(), 0).partition(),
                "the partition with the fewest pods of the app wins whatever the rotation");
    }

    @Test
    void widerLevelsComeFirst() {
        PartitionScheme zonesThenSwitches = PartitionScheme.of(
                TopologyLevels.of(TopologyLevel.ZONE, TopologyLevel.CORE_SWITCH, TopologyLevel.HOST), TopologyLevel.CORE_SWITCH);
        PartitionRouter router = new PartitionRouter();
        for (String id : List.of("z1/a", "z1/b", "z2/c")) {
            String[] path = id.split("/");
            router.node(id, NodeEvent.newBuilder(register(path[1] + "-n", path[1], "c", 8000, 16384))
                    .setTopology(new Topology(path[0], path[1], "c", path[1] + "-n")).build());
        }
        PodShape shape = PodShape.of(new Pod("p", "app", 0, ResourceVector.of(1000, 1024), 0, null,
                Dispersion.CLUSTER_DEFAULT, null, null), zonesThenSwitches);
        // z1 holds 2 pods (1 in each switch), z2 holds 1: z2 has the fewest even though c holds as many as a and b.
        assertEquals("z2/c", router.route(shape, Map.of("z1/a", 1, "z1/b", 1, "z2/c", 1), Map.of(), 0).partition());
    }

    @Test
    void partitionsThatCannotFitAreRuledOutWithTheFilterThatSaysSo() {
        PartitionRouter router = router("s0", "s1");
        router.node("s2", NodeEvent.newBuilder(register("s2-n", "s2", "s2-c", 8000, 16384))
                .setTaints(List.of(new Taint("dedicated", null, TaintEffect.NO_SCHEDULE))).build());
        router.node("s0", register("s0-n", "s0", "s0-c", 2000, 16384)); // re-registered smaller
        router.node("s1", NodeEvent.newBuilder().setNodeId("s1-n").setType(NodeEventType.DRAIN).build());

        Route none = router.route(pod(4000), Map.of(), Map.of(), 0);
        assertNull(none.partition());
        assertEquals("NodeResourcesFit", none.excluded().get("s0").filter());
        assertEquals("NodeSchedulable", none.excluded().get("s1").filter());
        assertEquals("TaintToleration", none.excluded().get("s2").filter());
        assertEquals("NodeSelector", router.route(pod(1000, Map.of("pool", "gpu"), Dispersion.CLUSTER_DEFAULT), Map.of(),
                Map.of(), 0).excluded().get("s0").filter());
    }

    @Test
    void aRefusedPartitionWaitsForItsCapacityToGrowAndSummariesSteerOnlyHandedBackPods() {
        PartitionRouter router = router("s0", "s1");
        router.update("s0", 10, live("s0", 500, 3));
        assertEquals("s0", router.route(pod(1000), Map.of("s1", 1), Map.of(), 0).partition(),
                "a first route ignores the loop's view: it depends on the input alone");

        Map<String, Long> refusedByS1 = Map.of("s1", 12L);
        Route handBack = router.route(pod(1000), Map.of(), refusedByS1, 0);
        assertNull(handBack.partition(), "s1 refused it and s0's last summary shows no room");
        assertEquals("NodeResourcesFit", handBack.excluded().get("s0").filter());

        assertFalse(router.update("s1", 11, live("s1", 8000, 0)), "first summary at epoch 0: nothing new");
        assertFalse(router.update("s0", 9, live("s0", 8000, 9)), "an older summary is ignored");
        assertTrue(router.update("s1", 20, live("s1", 8000, 15)), "capacity grew in s1");
        assertEquals("s1", router.route(pod(1000), Map.of(), refusedByS1, 0).partition(),
                "s1's capacity grew after it refused the pod (epoch 15 > 12)");
        assertEquals(20, router.clock());
    }

    @Test
    void aShapeRoutedAgainSeesTheMembershipAsItIsNow() {
        PartitionRouter router = router("s0", "s1");
        PodShape big = pod(12000); // larger than any node so far: every partition ruled out
        Route none = router.route(big, Map.of(), Map.of(), 0);
        assertNull(none.partition());
        assertEquals(Map.of("s0", new Route.Exclusion(0, "NodeResourcesFit", 1), "s1", new Route.Exclusion(0, "NodeResourcesFit", 1)),
                none.excluded());
        router.node("s1", register("s1-big", "s1", "s1-c", 16000, 16384)); // the same shape object again: not a stale answer
        Route some = router.route(big, Map.of(), Map.of(), 0);
        assertEquals("s1", some.partition());
        assertEquals(Map.of("s0", new Route.Exclusion(0, "NodeResourcesFit", 1)), some.excluded());
        router.update("s0", 1, live("s0", 8000, 3)); // a capacity epoch moves: the exclusion carries the new one
        assertEquals(Map.of("s0", new Route.Exclusion(3, "NodeResourcesFit", 1)), router.route(big, Map.of(), Map.of(), 0).excluded());
        router.node("s2", register("s2-big", "s2", "s2-c", 16000, 16384)); // a new partition
        assertEquals("s2", router.route(big, Map.of("s1", 1), Map.of(), 0).partition());
    }

    @Test
    void theFirstRouteAndAHandBackSeeTheSameStaticSummaries() {
        PartitionRouter router = router("s0", "s1", "s2");
        router.node("s3", register("s3-n", "s3", "s3-c", 500, 16384));
        PodShape shape = pod(1000);
        for (long rotation = 0; rotation < 6; rotation++) {
            Route first = router.route(shape, Map.of(), Map.of(), rotation);
            // a refusal by a partition that is not there changes nothing but the path taken
            Route handedBack = router.route(shape, Map.of(), Map.of("gone", 0L), rotation);
            assertEquals(handedBack, first);
        }
    }
}
