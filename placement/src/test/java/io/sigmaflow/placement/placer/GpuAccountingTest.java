package io.sigmaflow.placement.placer;

import static io.sigmaflow.placement.testing.Fixtures.node;
import static io.sigmaflow.placement.testing.Fixtures.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.placement.model.GpuRequest;
import io.sigmaflow.placement.model.Node;
import io.sigmaflow.placement.model.Pod;
import io.sigmaflow.placement.testing.PodBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random GPU pods placed and released on a small mixed cluster; after every step the GPUs are
 * recounted from the decisions alone (which node, which GPU indexes), never from the index: no GPU
 * over 1000 milli, a whole GPU never shared, the right number of GPUs of an accepted model, and a
 * pod left unscheduled only when, by brute force, no node could take it.
 */
class GpuAccountingTest {
    private record Held(String node, int[] gpus, Pod pod) {}

    @ParameterizedTest(name = "scores {0}")
    @ValueSource(strings = {"NodeResourcesAllocated:1", "GpuFragmentation:1", "GpuFragmentation:1,BalancedAllocation:1"})
    void noGpuIsEverOverAllocated(String scores) {
        for (long seed = 1; seed <= 6; seed++) {
            run(scores, seed);
        }
    }

    private void run(String scores, long seed) {
        Random random = new Random(seed);
        Placer placer = PlacementConfig.parse(Map.of(
                "filters", "NodeSchedulable,NodeResourcesFit,GpuFit,GpuModel",
                "scores", scores, "maxCandidates", "0", "preemption", "false")).newPlacer();
        List<Node> nodes = List.of(
                node("a").cpu(16000).memory(64000).gpus(8, "G2").build(),
                node("b").cpu(8000).memory(32000).gpus(2, "T4").build(),
                node("c").cpu(8000).memory(32000).gpus(4, "T4").build(),
                node("d").cpu(4000).memory(16000).build(),
                node("e").cpu(32000).memory(64000).gpus(1, "A10").build());
        Map<String, Node> byId = new HashMap<>();
        nodes.forEach(n -> {
            placer.upsertNode(n);
            byId.put(n.id(), n);
        });
        Map<String, Held> held = new HashMap<>();
        List<String> bound = new ArrayList<>();
        for (int step = 0; step < 400; step++) {
            if (!bound.isEmpty() && random.nextInt(4) == 0) {
                String victim = bound.remove(random.nextInt(bound.size()));
                placer.release(victim);
                held.remove(victim);
            } else {
                Pod p = randomPod("p" + step, random);
                PlacementDecision d = placer.place(p);
                if (d.isBound()) {
                    held.put(p.id(), new Held(d.nodeId(), d.gpus(), p));
                    bound.add(p.id());
                } else {
                    assertFalse(anyNodeCouldTake(p, nodes, held), "seed " + seed + ": " + p.id() + " (" + p.gpu()
                            + ") left unscheduled though a node could take it");
                }
            }
            recount(held, byId, "seed " + seed + " step " + step);
        }
    }

    private static Pod randomPod(String id, Random random) {
        PodBuilder b = pod(id).cpu(250L * (1 + random.nextInt(8))).memory(500L * (1 + random.nextInt(8)));
        switch (random.nextInt(4)) {
            case 0 -> { }
            case 1 -> b.gpus(1 + random.nextInt(random.nextInt(10) == 0 ? 8 : 2));
            default -> b.gpuShare(50 * (1 + random.nextInt(19)));
        }
        if (random.nextInt(5) == 0) {
            b.gpuModels(random.nextBoolean() ? "T4" : "G2");
        }
        return b.build();
    }

    /** Per node: cpu, memory; per GPU: milli, and whether a whole-GPU pod holds it. From the decisions only. */
    private static void recount(Map<String, Held> held, Map<String, Node> nodes, String where) {
        Map<String, int[]> milli = new HashMap<>();
        Map<String, boolean[]> whole = new HashMap<>();
        Map<String, long[]> cpuMem = new HashMap<>();
        for (Held h : held.values()) {
            Node n = nodes.get(h.node());
            GpuRequest r = h.pod().gpu();
            assertEquals(r.gpuCount(), h.gpus().length, where + ": " + h.pod().id() + " got the wrong number of GPUs");
            assertTrue(r.isNone() || r.accepts(n.gpus().model()), where + ": " + h.pod().id() + " on a model it refused");
            int[] m = milli.computeIfAbsent(n.id(), k -> new int[n.gpus().count()]);
            boolean[] w = whole.computeIfAbsent(n.id(), k -> new boolean[n.gpus().count()]);
            for (int g : h.gpus()) {
                assertTrue(!w[g] && (r.isShare() || m[g] == 0), where + ": GPU " + g + " of " + n.id()
                        + " shared with a whole-GPU pod");
                m[g] += r.milliPerGpu();
                w[g] |= !r.isShare();
                assertTrue(m[g] <= 1000, where + ": GPU " + g + " of " + n.id() + " carries " + m[g] + " milli");
            }
            long[] cm = cpuMem.computeIfAbsent(n.id(), k -> new long[2]);
            cm[0] += h.pod().requests().cpuMillis();
            cm[1] += h.pod().requests().memoryMb();
            assertTrue(cm[0] <= n.allocatable().cpuMillis() && cm[1] <= n.allocatable().memoryMb(), where + ": "
                    + n.id() + " overcommitted");
        }
    }

    private static boolean anyNodeCouldTake(Pod p, List<Node> nodes, Map<String, Held> held) {
        for (Node n : nodes) {
            long cpu = 0;
            long mem = 0;
            int[] used = new int[n.gpus().count()];
            for (Held h : held.values()) {
                if (h.node().equals(n.id())) {
                    cpu += h.pod().requests().cpuMillis();
                    mem += h.pod().requests().memoryMb();
                    for (int g : h.gpus()) {
                        used[g] += h.pod().gpu().milliPerGpu();
                    }
                }
            }
            if (cpu + p.requests().cpuMillis() > n.allocatable().cpuMillis()
                    || mem + p.requests().memoryMb() > n.allocatable().memoryMb()) {
                continue;
            }
            GpuRequest r = p.gpu();
            if (r.isNone()) {
                return true;
            }
            if (n.gpus().count() == 0 || !r.accepts(n.gpus().model())) {
                continue;
            }
            int fitting = 0;
            for (int u : used) {
                fitting += r.isShare() ? (1000 - u >= r.milliShare() ? 1 : 0) : (u == 0 ? 1 : 0);
            }
            if (fitting >= r.gpuCount()) {
                return true;
            }
        }
        return false;
    }
}
