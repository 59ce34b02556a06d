package io.sigmaflow.solver.rebalance.app;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.schema.GpuRequest;
import io.sigmaflow.schema.Migration;
import io.sigmaflow.schema.NodeState;
import io.sigmaflow.schema.PodAllocation;
import io.sigmaflow.solver.rebalance.snapshot.ClusterSnapshot;
import io.sigmaflow.solver.rebalance.testing.ClusterFixtures;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The rebalancer never moves a pod holding GPUs (its constraints count no GPUs): on the packed
 * cluster, where it spreads the other apps' pods, app "a"'s pods hold a GPU share each and stay.
 */
class GpuRebalanceTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T15:30:00Z"), ZoneOffset.UTC);

    @Test
    void podsHoldingGpusAreNeverMigrated() {
        List<NodeState> nodes = ClusterFixtures.packedCluster().nodes().stream().map(GpuRebalanceTest::gpuPodsOfA).toList();
        RebalanceConfig config = RebalanceConfig.parse(Map.of("solver.seconds", "3", "solver.seed", "0",
                "budget.max-moves", "20", "budget.max-moves-per-app", "6"), "test");
        RunReport report = new Rebalancer(config, CLOCK).run(ClusterSnapshot.of(nodes), s -> Set.of());

        assertTrue(report.emittable(), report.check().violations().toString());
        assertFalse(report.records().isEmpty(), "the other apps' pods still move");
        for (Migration m : report.records()) {
            assertFalse(m.getAppId().equals("a"), "a GPU pod was moved: " + m);
        }
        assertTrue(report.pinned() >= 6, "app a's 6 GPU pods are pinned: " + report.pinned());
    }

    /** Every pod of app "a" holds 500 milli of GPU 0 of its node (the node declares one GPU). */
    private static NodeState gpuPodsOfA(NodeState n) {
        List<PodAllocation> pods = n.getPods().stream()
                .map(p -> p.getAppId().equals("a") ? PodAllocation.newBuilder(p)
                        .setGpu(new GpuRequest(0, 500, List.of())).setGpus(List.of(0)).build() : p)
                .toList();
        return NodeState.newBuilder(n).setPods(pods).build();
    }
}
