package io.sigmaflow.jobs.routing;

import static io.sigmaflow.jobs.testing.JobRecords.register;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sigmaflow.placement.model.Dispersion;
import io.sigmaflow.placement.model.GpuRequest;
import io.sigmaflow.placement.model.Pod;
import io.sigmaflow.placement.model.ResourceVector;
import io.sigmaflow.placement.model.TopologyLevels;
import io.sigmaflow.placement.plugins.gpu.GpuFit;
import io.sigmaflow.placement.plugins.gpu.GpuModel;
import io.sigmaflow.schema.GpuDevices;
import io.sigmaflow.schema.NodeEvent;
import io.sigmaflow.schema.TopologyLevel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * GPU pods are routed only to partitions with a node that could hold their GPUs (count and model,
 * as if empty); pods without GPUs go round every partition as before.
 */
class GpuRoutingTest {
    private static final PartitionScheme SWITCHES = PartitionScheme.of(TopologyLevels.DEFAULT, TopologyLevel.CORE_SWITCH);

    /** cpu: two CPU-only partitions; t4: one node of 4 T4; a100: one node of 8 A100 and one of 2 A100. */
    private static PartitionRouter router() {
        PartitionRouter router = new PartitionRouter();
        router.node("cpu1", register("cpu1-n", "cpu1", "c", 64000, 262144));
        router.node("cpu2", register("cpu2-n", "cpu2", "c", 64000, 262144));
        router.node("t4", gpu(register("t4-n", "t4", "c", 64000, 262144), 4, "T4"));
        router.node("a100", gpu(register("a100-n", "a100", "c", 64000, 262144), 8, "A100"));
        router.node("a100", gpu(register("a100-m", "a100", "c", 64000, 262144), 2, "A100"));
        return router;
    }

    private static NodeEvent gpu(NodeEvent e, int count, String model) {
        return NodeEvent.newBuilder(e).setGpus(new GpuDevices(count, model, 16384L)).build();
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("no GPU: every partition", GpuRequest.NONE, Set.of("cpu1", "cpu2", "t4", "a100"), Map.of()),
                Arguments.of("a share: GPU partitions only", GpuRequest.share(300), Set.of("t4", "a100"),
                        Map.of("cpu1", GpuFit.NAME, "cpu2", GpuFit.NAME)),
                Arguments.of("4 whole: both GPU partitions", GpuRequest.whole(4), Set.of("t4", "a100"),
                        Map.of("cpu1", GpuFit.NAME, "cpu2", GpuFit.NAME)),
                Arguments.of("8 whole: the 8-GPU node's partition", GpuRequest.whole(8), Set.of("a100"),
                        Map.of("cpu1", GpuFit.NAME, "cpu2", GpuFit.NAME, "t4", GpuFit.NAME)),
                Arguments.of("T4 only", GpuRequest.whole(1).onModels(Set.of("T4")), Set.of("t4"),
                        Map.of("cpu1", GpuFit.NAME, "cpu2", GpuFit.NAME, "a100", GpuModel.NAME)),
                Arguments.of("V100 only: nowhere", GpuRequest.share(500).onModels(Set.of("V100")), Set.of(),
                        Map.of("cpu1", GpuFit.NAME, "cpu2", GpuFit.NAME, "t4", GpuModel.NAME, "a100", GpuModel.NAME)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gpuPodsGoOnlyWhereTheirGpusCouldFit(String name, GpuRequest gpu, Set<String> expected,
                                           Map<String, String> excludedBy) {
        PartitionRouter router = router();
        PodShape shape = PodShape.of(new Pod("p", "app", 0, ResourceVector.of(1000, 1024), 0, null,
                Dispersion.CLUSTER_DEFAULT, Map.of(), List.of(), gpu), SWITCHES);
        Set<String> chosen = new TreeSet<>();
        Map<String, String> excluded = new HashMap<>();
        for (int rotation = 0; rotation < 8; rotation++) {
            Route route = router.route(shape, Map.of(), Map.of(), rotation);
            if (route.partition() != null) {
                chosen.add(route.partition());
            }
            route.excluded().forEach((p, why) -> excluded.put(p, why.filter()));
        }
        assertEquals(expected, chosen);
        assertEquals(excludedBy, excluded);
    }
}
