package io.sigmaflow.jobs.job;

import static io.sigmaflow.jobs.testing.JobRecords.publish;
import static io.sigmaflow.jobs.testing.JobRecords.template;
import static io.sigmaflow.jobs.testing.JobRecords.topology;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.jobs.testing.RunningJob;
import io.sigmaflow.schema.GpuDevices;
import io.sigmaflow.schema.GpuRequest;
import io.sigmaflow.schema.NodeEvent;
import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.PlacementAction;
import io.sigmaflow.schema.PodTemplate;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * GPU pods through the real job (Kafka, mini cluster, RocksDB, parallelism 2): every GPU pod's
 * BIND names GPU indexes of its node, and recounted from the BINDs alone no GPU is over 1000 milli
 * and no whole GPU is shared; pods without GPUs bind with none.
 */
class GpuPlacementIT {
    private static final Duration WAIT = Duration.ofSeconds(180);

    @Test
    void gpuBindsNameTheirGpusAndNoGpuIsOverAllocated() throws Exception {
        try (RunningJob job = RunningJob.prepare("gpu", Map.of(
                PlacementJobConfig.PLACEMENT_PREFIX + "filters", "NodeSchedulable,NodeResourcesFit,GpuFit,GpuModel",
                PlacementJobConfig.PLACEMENT_PREFIX + "scores", "GpuFragmentation:1,BalancedAllocation:1"))) {
            job.start(2);
            List<NodeEvent> nodes = topology(2, 1, 2, 64000, 256000).stream()
                    .map(e -> NodeEvent.newBuilder(e).setGpus(new GpuDevices(4, "T4", 16384L)).build()).toList();
            job.kafka.produce(job.topics.nodeEvents(), nodes);
            job.kafka.consumeUntil(job.topics.nodeState(), l -> l.size() >= nodes.size(), WAIT);

            job.kafka.produce(job.topics.requests(), List.of(
                    publish("r1", "train", 4, gpu(2, 0)),
                    publish("r2", "infer", 10, gpu(0, 300)),
                    publish("r3", "web", 3, template(1000, 1024))));
            List<Placement> placements = job.placements(l -> RunningJob.bound(l).size() == 17, WAIT);
            assertEquals(17, RunningJob.bound(placements).size(), "every pod bound: " + placements);

            Map<String, int[]> milli = new HashMap<>();
            Map<String, boolean[]> whole = new HashMap<>();
            for (Placement p : placements) {
                assertEquals(PlacementAction.BIND, p.getAction());
                int per = p.getAppId().equals("train") ? 1000 : p.getAppId().equals("infer") ? 300 : 0;
                assertEquals(per == 1000 ? 2 : per == 300 ? 1 : 0, p.getGpus().size(),
                        p.getPodId() + " names its GPUs: " + p.getGpus());
                int[] used = milli.computeIfAbsent(p.getNodeId(), n -> new int[4]);
                boolean[] taken = whole.computeIfAbsent(p.getNodeId(), n -> new boolean[4]);
                for (int g : p.getGpus()) {
                    assertTrue(g >= 0 && g < 4, "GPU index " + g + " on a 4-GPU node");
                    assertTrue(!taken[g] && (per < 1000 || used[g] == 0), p.getPodId() + " shares a whole GPU " + g);
                    taken[g] |= per == 1000;
                    used[g] += per;
                    assertTrue(used[g] <= 1000, "GPU " + g + " of " + p.getNodeId() + " over-allocated: " + used[g]);
                }
            }
        }
    }

    private static PodTemplate gpu(int whole, int milli) {
        return PodTemplate.newBuilder(template(1000, 1024)).setGpu(new GpuRequest(whole, milli, List.of())).build();
    }
}
