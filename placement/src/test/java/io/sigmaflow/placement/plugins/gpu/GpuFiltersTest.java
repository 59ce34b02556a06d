package io.sigmaflow.placement.plugins.gpu;

import static io.sigmaflow.placement.testing.Fixtures.detachedCluster;
import static io.sigmaflow.placement.testing.Fixtures.node;
import static io.sigmaflow.placement.testing.Fixtures.nodeWith;
import static io.sigmaflow.placement.testing.Fixtures.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sigmaflow.placement.framework.FilterPlugin;
import io.sigmaflow.placement.framework.Rejection;
import io.sigmaflow.placement.index.NodeInfo;
import io.sigmaflow.placement.model.Pod;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GpuFiltersTest {
    record Case(String name, FilterPlugin<Object> filter, Pod pod, NodeInfo node, Rejection expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    @SuppressWarnings("unchecked")
    private static FilterPlugin<Object> of(FilterPlugin<?> f) {
        return (FilterPlugin<Object>) f;
    }

    static Stream<Case> cases() {
        var fit = of(new GpuFit());
        var model = of(new GpuModel());
        var cpuOnly = node("c").cpu(8000).build();
        var twoV100 = node("g").cpu(8000).gpus(2, "V100M32").build();
        return Stream.of(
                new Case("no GPU asked, node without GPUs", fit, pod("p").build(), nodeWith(cpuOnly), null),
                new Case("one GPU on a node without GPUs", fit, pod("p").gpus(1).build(), nodeWith(cpuOnly),
                        GpuFit.INSUFFICIENT_GPU),
                new Case("two GPUs on an empty two-GPU node", fit, pod("p").gpus(2).build(), nodeWith(twoV100), null),
                new Case("two GPUs where a share holds one", fit, pod("p").gpus(2).build(),
                        nodeWith(twoV100, pod("a").gpuShare(100).build()), GpuFit.INSUFFICIENT_GPU),
                new Case("one GPU where a share holds one", fit, pod("p").gpus(1).build(),
                        nodeWith(twoV100, pod("a").gpuShare(100).build()), null),
                new Case("share fits the rest of a shared GPU", fit, pod("p").gpuShare(500).build(),
                        nodeWith(twoV100, pod("a").gpus(1).build(), pod("b").gpuShare(500).build()), null),
                new Case("share larger than any GPU's rest", fit, pod("p").gpuShare(600).build(),
                        nodeWith(twoV100, pod("a").gpus(1).build(), pod("b").gpuShare(500).build()),
                        GpuFit.INSUFFICIENT_GPU_SHARE),
                // 2 x 400 free in total, but on two GPUs: a share is per GPU, not per node.
                new Case("share does not add up across GPUs", fit, pod("p").gpuShare(700).build(),
                        nodeWith(twoV100, pod("a").gpuShare(600).build(), pod("b").gpuShare(600).build()),
                        GpuFit.INSUFFICIENT_GPU_SHARE),
                new Case("model accepted", model, pod("p").gpus(1).gpuModels("V100M32", "A10").build(),
                        nodeWith(twoV100), null),
                new Case("model not accepted", model, pod("p").gpus(1).gpuModels("T4").build(), nodeWith(twoV100),
                        GpuModel.MODEL_MISMATCH),
                new Case("model asked on a node without GPUs", model, pod("p").gpuShare(10).gpuModels("T4").build(),
                        nodeWith(cpuOnly), GpuModel.MODEL_MISMATCH),
                new Case("any model", model, pod("p").gpus(1).build(), nodeWith(twoV100), null),
                new Case("no GPU asked passes the model filter", model, pod("p").build(), nodeWith(cpuOnly), null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void filters(Case c) {
        assertEquals(c.expected(), c.filter().filter(c.filter().prepare(c.pod(), detachedCluster()), c.pod(), c.node()));
    }
}
