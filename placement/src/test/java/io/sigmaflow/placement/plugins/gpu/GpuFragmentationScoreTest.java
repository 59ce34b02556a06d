package io.sigmaflow.placement.plugins.gpu;

import static io.sigmaflow.placement.testing.Fixtures.node;
import static io.sigmaflow.placement.testing.Fixtures.nodeWith;
import static io.sigmaflow.placement.testing.Fixtures.pod;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.placement.index.NodeInfo;
import io.sigmaflow.placement.model.Pod;
import java.util.List;
import org.junit.jupiter.api.Test;

class GpuFragmentationScoreTest {
    /** Every typical pod asks half a GPU and 1 core. */
    private static final GpuWorkload HALVES = GpuWorkload.of(List.of(pod("t").cpu(1000).gpuShare(500).build()), 1.0);

    @Test
    void typicalShapesKeepTheMostFrequentAndRenormalize() {
        List<Pod> pods = List.of(pod("a").cpu(1).gpuShare(500).build(), pod("b").cpu(1).gpuShare(500).build(),
                pod("c").cpu(1).gpus(1).build(), pod("d").cpu(0).build());
        GpuWorkload w = GpuWorkload.of(pods, 1.0);
        assertEquals(2, w.shapes().size(), "the cpu-only pod is no typical GPU shape");
        assertEquals(2.0 / 3, w.shapes().get(0).probability(), 1e-9);
        assertEquals(500, w.shapes().get(0).gpu().milliShare());
    }

    @Test
    void onePodFragmentationCountsTheGpusTheShapeCannotUse() {
        int[] free = {300, 1000};
        // A half fits (on GPU 1): only GPU 0's 300 is stranded.
        assertEquals(300, HALVES.fragmentation(8000, 0, free, 2, "T4"), 1e-9);
        // No cpu left for it: every free milli is stranded.
        assertEquals(1300, HALVES.fragmentation(500, 0, free, 2, "T4"), 1e-9);
    }

    @Test
    void fillFragmentationSeesCpuForFewerPodsThanTheGpusCouldTake() {
        GpuWorkload fill = HALVES.measured(GpuWorkload.Measure.FILL);
        int[] free = {1000, 1000};
        // 4 halves fit the GPUs but cpu is there for 2: 1000 milli stay unusable; one pod alone sees none.
        assertEquals(1000, fill.fragmentation(2000, 0, free, 2, "T4"), 1e-9);
        assertEquals(0, HALVES.fragmentation(2000, 0, free, 2, "T4"), 1e-9);
        assertEquals(1000, HALVES.measured(GpuWorkload.Measure.BOTH).fragmentation(2000, 0, free, 2, "T4"), 1e-9);
    }

    @Test
    void aShareGoesWhereItGrowsFragmentationLeast() {
        GpuFragmentationScore score = new GpuFragmentationScore(HALVES);
        NodeInfo node = nodeWith(node("n").cpu(64000).gpus(2, "T4").build(), pod("a").cpu(1).gpuShare(700).build());
        Pod share = pod("p").cpu(1).gpuShare(300).build();
        // On GPU 0 the 300 left by "a" is used up (fragmentation 300 -> 0); on GPU 1 it would stay
        // and 700 more would appear (usable by a half): growth 0.
        assertArrayEquals(new int[] {0}, score.chooseGpus(share, node));
        assertEquals(300, score.score(share, share, node), 1e-9);
    }

    @Test
    void packsSharesOntoTheNodeWhereTheyLeaveLeastStranded() {
        // Typical pods take whole GPUs: a half-used GPU is stranded for them.
        GpuFragmentationScore score = new GpuFragmentationScore(
                GpuWorkload.of(List.of(pod("t").cpu(1000).gpus(1).build()), 1.0));
        NodeInfo empty = nodeWith(node("e").cpu(64000).gpus(1, "T4").build());
        NodeInfo half = nodeWith(node("h").cpu(64000).gpus(1, "T4").build(), pod("a").cpu(1).gpuShare(500).build());
        Pod p = pod("p").cpu(1).gpuShare(500).build();
        assertTrue(score.score(p, p, half) > score.score(p, p, empty), "completing a GPU beats starting one");
    }

    @Test
    void noGpusAnywhereNormalizesToZeroSoCpuOnlyClustersPlaceAsBefore() {
        GpuFragmentationScore score = new GpuFragmentationScore(HALVES);
        double[] raw = {0, 0, 0};
        score.normalize(null, null, raw, 3);
        assertArrayEquals(new double[] {0, 0, 0}, raw);
        double[] differing = {-500, 0};
        score.normalize(null, null, differing, 2);
        assertTrue(differing[1] > differing[0] && differing[1] == 50, "sigmoid of minus the growth");
    }
}
