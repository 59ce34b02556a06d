package io.sigmaflow.jobs.partition;

import static io.sigmaflow.jobs.testing.JobRecords.register;
import static io.sigmaflow.jobs.testing.JobRecords.template;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.jobs.routing.PartitionScheme;
import io.sigmaflow.placement.placer.PlacementConfig;
import io.sigmaflow.schema.GpuDevices;
import io.sigmaflow.schema.GpuRequest;
import io.sigmaflow.schema.NodeEvent;
import io.sigmaflow.schema.NodeState;
import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.PlacementAction;
import io.sigmaflow.schema.PodTemplate;
import io.sigmaflow.schema.TopologyLevel;
import io.sigmaflow.schema.job.BoundPod;
import io.sigmaflow.schema.job.PartitionClock;
import io.sigmaflow.schema.job.PartitionCommand;
import io.sigmaflow.schema.job.PlacePods;
import io.sigmaflow.schema.job.PodRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * GPU pods through a node partition: every BIND names the node's GPU indexes; recounted from the
 * BINDs alone, no GPU carries more than 1000 milli and a whole GPU is never shared; the stored
 * bound pods keep the indexes, so a restored partition holds the same GPUs and places around them.
 */
class GpuBindTest {
    private static final PlacementConfig CONFIG = PlacementConfig.parse(Map.of(
            "filters", "NodeSchedulable,NodeResourcesFit,GpuFit,GpuModel", "scores", "GpuFragmentation:1"));
    private static final PartitionScheme SCHEME = PartitionScheme.of(CONFIG.levels(), TopologyLevel.CORE_SWITCH);

    private static final class Stored implements PartitionStore {
        final Map<String, BoundPod> pods = new LinkedHashMap<>();
        final Map<String, NodeState> nodes = new LinkedHashMap<>();
        PartitionClock clock;

        @Override
        public void putNode(NodeState description) {
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

    private static PartitionCommand gpuNode(String id, int gpus) {
        NodeEvent e = NodeEvent.newBuilder(register(id, "s0", "s0-c0", 64000, 256000))
                .setGpus(new GpuDevices(gpus, "T4", 16384L)).build();
        return PartitionCommand.newBuilder().setPartitionId("s0").setOrderKey("1:node:" + id).setNodeEvent(e).build();
    }

    private static PartitionCommand place(String app, PodTemplate template, int pods) {
        List<PodRef> refs = new ArrayList<>();
        for (int i = 0; i < pods; i++) {
            refs.add(new PodRef(app + "-" + i, 0L));
        }
        return PartitionCommand.newBuilder().setPartitionId("s0").setOrderKey("2:app:" + app)
                .setPlace(new PlacePods(app, 1, null, template, refs, false, null, 0)).build();
    }

    private static PodTemplate gpu(int whole, int milli) {
        return PodTemplate.newBuilder(template(1000, 1024)).setDispersion(List.of())
                .setGpu(new GpuRequest(whole, milli, List.of())).build();
    }

    @Test
    void bindsNameGpuIndexesNoGpuIsOverAllocatedAndARestoreKeepsThem() {
        NodePartition p = NodePartition.create("s0", CONFIG, SCHEME);
        apply(p, gpuNode("g0", 4));
        apply(p, gpuNode("g1", 2));
        apply(p, place("train", gpu(2, 0), 2));   // 4 whole GPUs
        apply(p, place("infer", gpu(0, 400), 5)); // 2000 milli in shares of 400: fits 2 per GPU
        apply(p, place("web", template(1000, 1024), 1));

        Map<String, Integer> binds = new HashMap<>();
        for (Placement b : out) {
            assertEquals(PlacementAction.BIND, b.getAction());
            binds.merge(b.getAppId(), 1, Integer::sum);
        }
        // 6 GPUs: 4 whole + 5 shares of 400 need 3 more GPUs at 2 shares each: only 2 are left, so 4 shares fit.
        assertEquals(Map.of("train", 2, "infer", 4, "web", 1), binds);
        Map<String, int[]> milli = Map.of("g0", new int[4], "g1", new int[2]);
        Map<String, boolean[]> whole = Map.of("g0", new boolean[4], "g1", new boolean[2]);
        for (Placement b : out) {
            int per = switch (b.getAppId()) {
                case "train" -> 1000;
                case "infer" -> 400;
                default -> 0;
            };
            int expectedCount = per == 1000 ? 2 : per == 400 ? 1 : 0;
            assertEquals(expectedCount, b.getGpus().size(), b.getPodId() + " names its GPUs: " + b.getGpus());
            for (int g : b.getGpus()) {
                assertFalse(whole.get(b.getNodeId())[g], b.getPodId() + " on a GPU a whole-GPU pod holds");
                if (per == 1000) {
                    assertEquals(0, milli.get(b.getNodeId())[g], b.getPodId() + " takes a used GPU as a whole one");
                    whole.get(b.getNodeId())[g] = true;
                }
                milli.get(b.getNodeId())[g] += per;
                assertTrue(milli.get(b.getNodeId())[g] <= 1000, "GPU " + g + " of " + b.getNodeId() + " over-allocated");
            }
        }
        for (BoundPod bound : store.pods.values()) {
            Placement bind = out.stream().filter(b -> b.getPodId().equals(bound.getPodId())).findFirst().orElseThrow();
            assertEquals(bind.getGpus(), bound.getGpus(), "the stored pod keeps its BIND's GPUs");
        }
        Map<String, List<Integer>> before = gpusByPod(p);

        NodePartition restored = NodePartition.restore("s0", CONFIG, SCHEME, store.nodes.values(), store.pods.values(),
                store.clock);
        assertEquals(before, gpusByPod(restored), "a restore re-binds the same GPUs");
        for (String node : List.of("g0", "g1")) {
            assertEquals(p.snapshot(p.placer().index().node(node)).getGpuAllocatedMilli(),
                    restored.snapshot(restored.placer().index().node(node)).getGpuAllocatedMilli());
        }
        out.clear();
        apply(restored, place("more", gpu(1, 0), 1));
        assertTrue(out.isEmpty(), "no GPU is wholly free after the restore: " + out);
        apply(restored, place("tiny", gpu(0, 200), 1));
        assertEquals(1, out.size(), "a 200 share still fits beside two 400 shares");
        Placement tiny = out.get(0);
        int[] used = restored.snapshot(restored.placer().index().node(tiny.getNodeId())).getGpuAllocatedMilli()
                .stream().mapToInt(Integer::intValue).toArray();
        assertTrue(used[tiny.getGpus().get(0)] <= 1000);
    }

    @Test
    void podsWithoutGpusBindWithNoGpuIndexes() {
        NodePartition p = NodePartition.create("s0", PlacementConfig.defaults(), SCHEME);
        apply(p, gpuNode("g0", 2));
        apply(p, place("web", template(1000, 1024), 3));
        assertEquals(3, out.size());
        out.forEach(b -> assertEquals(List.of(), b.getGpus()));
        assertEquals(List.of(0, 0), p.snapshot(p.placer().index().node("g0")).getGpuAllocatedMilli());
    }

    @Test
    void withoutTheGpuFiltersAGpuPodIsPendingNotACrash() {
        NodePartition p = NodePartition.create("s0", PlacementConfig.defaults(), SCHEME);
        apply(p, PartitionCommand.newBuilder().setPartitionId("s0").setOrderKey("1:node:plain")
                .setNodeEvent(register("plain", "s0", "s0-c0", 64000, 256000)).build());
        apply(p, place("train", gpu(1, 0), 1));
        assertTrue(out.isEmpty(), "no BIND on a node without GPUs: " + out);
        var result = p.drainFeedback().stream().flatMap(f -> f.getResults().stream())
                .filter(r -> r.getPodId().equals("train-0")).findFirst().orElseThrow();
        assertTrue(result.getMessage().contains("GpuFit"), result.getMessage());
        apply(p, place("web", template(1000, 1024), 1));
        assertEquals(1, out.size(), "the partition goes on placing");
    }

    private static Map<String, List<Integer>> gpusByPod(NodePartition p) {
        Map<String, List<Integer>> out = new HashMap<>();
        for (String node : List.of("g0", "g1")) {
            for (var a : p.snapshot(p.placer().index().node(node)).getPods()) {
                out.put(a.getPodId(), a.getGpus());
            }
        }
        return out;
    }
}
