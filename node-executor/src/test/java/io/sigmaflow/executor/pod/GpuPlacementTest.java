package io.sigmaflow.executor.pod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.executor.HostAgent;
import io.sigmaflow.executor.emergency.RunDelayProbe;
import io.sigmaflow.executor.pod.PlacementApplier.Result;
import io.sigmaflow.executor.testing.Leaks;
import io.sigmaflow.executor.testing.Pods;
import io.sigmaflow.executor.testing.RecordingSink;
import io.sigmaflow.executor.testing.TestConfig;
import io.sigmaflow.schema.PodState;
import io.sigmaflow.schema.PodStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A BIND with GPU indexes on a simulated cgroup tree with real processes: the pod's environment
 * names its GPUs; a host with no or fewer GPUs refuses it with the reason, and nothing runs. No GPU
 * is touched (the variables are what the CUDA runtime and the container toolkit read), so this
 * runs on any machine.
 */
class GpuPlacementTest {
    @TempDir
    Path dir;

    private final RecordingSink sink = new RecordingSink();
    private HostAgent host;

    private void start(Map<String, String> config) throws Exception {
        host = new HostAgent(TestConfig.in(dir).set("payload.stop-grace-ms", "300").set(config).build(),
                UnaryOperator.identity(), sink, RunDelayProbe.schedstat());
    }

    @AfterEach
    void tearDown() {
        if (host != null) {
            host.close();
        }
        Leaks.killChildren();
    }

    /** A pod that writes its GPU variables into its working directory, then sleeps. */
    private static Pods printsGpus(String podId) {
        return Pods.bind(podId).script("echo \"cuda=$CUDA_VISIBLE_DEVICES nvidia=$NVIDIA_VISIBLE_DEVICES\" > gpus.txt;"
                + " exec sleep 30");
    }

    private String gpusSeenBy(String podId) throws Exception {
        Path out = Files.walk(dir).filter(p -> p.getFileName().toString().equals("gpus.txt")
                && p.toString().contains(podId)).findFirst().orElse(null);
        return out == null ? null : Files.readString(out).trim();
    }

    @Test
    void aGpuPodSeesExactlyItsGpusAndAPodWithoutGpusSeesNone() throws Exception {
        start(Map.of("node.gpus.count", "4", "node.gpus.model", "T4"));
        assertEquals(4, host.registration().getGpus().getCount(), "the host registers its GPUs");
        assertEquals(Result.APPLIED, host.placements().apply(printsGpus("train-0").gpus(1, 3).build()));
        assertEquals(Result.APPLIED, host.placements().apply(printsGpus("web-0").build()));
        assertTrue(Leaks.eventually(10_000, () -> {
            try {
                return gpusSeenBy("train-0") != null && gpusSeenBy("web-0") != null;
            } catch (Exception e) {
                return false;
            }
        }), "both pods wrote what they see");
        assertEquals("cuda=1,3 nvidia=1,3", gpusSeenBy("train-0"));
        assertEquals("cuda= nvidia=", gpusSeenBy("web-0"), "no GPU variables for a pod without GPUs");
        assertEquals(PodState.RUNNING, sink.last("train-0").getState());
    }

    @Test
    void aHostWithoutGpusRefusesAGpuPlacementWithTheReason() throws Exception {
        start(Map.of());
        assertTrue(host.registration().getGpus() == null, "no GPUs registered");
        assertEquals(Result.REFUSED, host.placements().apply(printsGpus("train-0").gpus(0).build()));
        PodStatus s = sink.last("train-0");
        assertEquals(PodState.REFUSED, s.getState());
        assertEquals("gpus [0] requested, but node " + host.registration().getNodeId()
                + " has no GPUs (node.gpus.count)", s.getMessage());
        assertFalse(host.view().get("train-0").isPresent(), "nothing runs");
    }

    @Test
    void aHostWithFewerGpusThanTheIndexRefusesIt() throws Exception {
        start(Map.of("node.gpus.count", "2", "node.gpus.model", "T4"));
        assertEquals(Result.REFUSED, host.placements().apply(printsGpus("train-0").gpus(1, 2).build()));
        assertTrue(sink.last("train-0").getMessage().startsWith("gpu 2 requested, but node "), sink.last("train-0").getMessage());
        assertTrue(sink.last("train-0").getMessage().endsWith(" has 2 GPU(s), indexes 0..1"));
        assertEquals(Result.APPLIED, host.placements().apply(printsGpus("train-1").gpus(0, 1).build()));
    }
}
