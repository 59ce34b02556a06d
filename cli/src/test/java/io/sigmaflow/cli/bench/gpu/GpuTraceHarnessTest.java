package io.sigmaflow.cli.bench.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.cli.bench.gpu.GpuTraceFiles.TraceNode;
import io.sigmaflow.cli.bench.gpu.GpuTraceFiles.TracePod;
import io.sigmaflow.placement.model.GpuDevices;
import io.sigmaflow.placement.model.GpuRequest;
import io.sigmaflow.placement.plugins.gpu.GpuWorkload;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GpuTraceHarnessTest {
    /** A: little cpu, one GPU; B: much cpu, one GPU. */
    private static final List<TraceNode> NODES = List.of(
            new TraceNode("A", 4000, 100_000, new GpuDevices(1, "T4", 0)),
            new TraceNode("B", 64000, 100_000, new GpuDevices(1, "T4", 0)));
    private static final List<TracePod> PODS = List.of(
            new TracePod("W", 1000, 1000, GpuRequest.whole(1)),
            new TracePod("S1", 1000, 1000, GpuRequest.share(700)),
            new TracePod("S2", 1000, 1000, GpuRequest.share(700)));

    /**
     * BestFit by hand: the first pod goes to A (least left after it); a 700 share leaves 300 on its
     * GPU, which nothing here can use. So if W comes last both shares sit on the two GPUs and W is
     * dropped (1.4 of 2 GPUs allocated); otherwise one share is dropped (1.7 of 2).
     */
    @Test
    void bestFitOnATinyClusterGivesTheResultWorkedOutByHand() {
        for (long seed = 1; seed <= 8; seed++) {
            List<TracePod> order = GpuTraceRun.arrivals(PODS, seed, 1.0, 2000);
            assertEquals(3, order.size(), "2.4 GPUs requested already pass 1.0 x 2: no copies");
            GpuTraceRun.Result r = GpuTraceRun.run("BestFit", seed, NODES, PODS, 1.0, GpuWorkload.EMPTY,
                    GpuPolicies.profile("BestFit", seed, GpuWorkload.EMPTY));
            boolean wLast = order.get(2).name().equals("W");
            assertEquals(wLast ? 70f : 85f, r.allocatedPct()[2], 1e-4, "seed " + seed + " order " + names(order));
            assertEquals(120f, r.arrivedPct()[2], 1e-4);
            assertEquals("A", r.placements().get(0).node(), "the first pod leaves least on A");
            assertEquals(2, r.placed());
            for (GpuTraceRun.Placement p : r.placements()) {
                assertArrayEquals(p.node() == null ? new int[0] : new int[] {0}, p.gpus());
            }
            assertTrue(GpuTraceRecount.check(NODES, r.arrivals(), r.placements()).clean());
        }
    }

    @Test
    void inflatesWithCopiesUntilTheNextWouldPassTheLimit() {
        List<TracePod> pods = List.of(new TracePod("p", 1, 1, GpuRequest.share(500)),
                new TracePod("q", 1, 1, GpuRequest.NONE));
        List<TracePod> order = GpuTraceRun.arrivals(pods, 42, 1.3, 2000);
        long gpu = order.stream().mapToLong(p -> p.gpu().totalMilli()).sum();
        assertEquals(2500, gpu, "copies of 500 up to 2600, the next would pass it");
        assertTrue(order.stream().skip(2).allMatch(p -> p.name().contains("#")), "copies are named #k");
        assertEquals(order, GpuTraceRun.arrivals(pods, 42, 1.3, 2000), "the same seed, the same order");
        List<TracePod> cpuOnly = List.of(new TracePod("c", 1, 1, GpuRequest.NONE));
        assertEquals(1, GpuTraceRun.arrivals(cpuOnly, 1, 1.3, 2000).size(), "no GPU asked: no copies, no endless loop");
    }

    @Test
    void unallocatedIsAveragedOverTheRecordsWhoseArrivedRoundsTo100() {
        float[] arrived = {50f, 99.4f, 99.6f, 100.4f, 100.6f};
        float[] allocated = {50f, 95f, 96f, 97f, 97f};
        assertEquals(3.5, GpuTraceRun.unallocatedAtFull(arrived, allocated), 1e-6);
        assertTrue(Double.isNaN(GpuTraceRun.unallocatedAtFull(new float[] {10f}, new float[] {10f})));
    }

    @Test
    void recountCatchesAWholeGpuGivenTwiceAndAShareOverTheTop() {
        List<TracePod> pods = List.of(new TracePod("x", 1, 1, GpuRequest.whole(1)),
                new TracePod("y", 1, 1, GpuRequest.share(100)));
        List<GpuTraceRun.Placement> bad = new ArrayList<>(List.of(new GpuTraceRun.Placement("x", "A", new int[] {0}),
                new GpuTraceRun.Placement("y", "A", new int[] {0})));
        GpuTraceRecount.Recount r = GpuTraceRecount.check(NODES, pods, bad);
        assertFalse(r.clean());
        assertEquals(1, r.overAllocatedGpus());
        bad.set(1, new GpuTraceRun.Placement("y", "B", new int[] {0}));
        assertTrue(GpuTraceRecount.check(NODES, pods, bad).clean());
    }

    private static List<String> names(List<TracePod> pods) {
        return pods.stream().map(TracePod::name).toList();
    }
}
