package io.sigmaflow.jobs.partition;

import static io.sigmaflow.jobs.testing.JobRecords.register;
import static io.sigmaflow.jobs.testing.JobRecords.template;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.placement.placer.PlacementConfig;
import io.sigmaflow.jobs.routing.PartitionScheme;
import io.sigmaflow.schema.PodCpuSetting;
import io.sigmaflow.schema.PriorityChange;
import io.sigmaflow.schema.QosClass;
import io.sigmaflow.schema.TopologyLevel;
import io.sigmaflow.schema.job.PlacePods;
import io.sigmaflow.schema.job.PodRef;
import io.sigmaflow.schema.job.ReleasePods;
import io.sigmaflow.schema.job.PartitionCommand;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Priority changes of one node as its QoS mix changes, on a real partition. */
class PriorityMixTest {
    private static final PlacementConfig CONFIG = PlacementConfig.defaults();
    private static final PartitionScheme SCHEME = PartitionScheme.of(CONFIG.levels(), TopologyLevel.CORE_SWITCH);
    private final NodePartition p = NodePartition.create("s0", CONFIG, SCHEME);
    private final List<PriorityChange> changes = new ArrayList<>();

    private void apply(PartitionCommand c) {
        p.apply(c, 1, PartitionStore.NONE, x -> {}, PartitionMetrics.NONE);
    }

    private void place(String app, QosClass qos, long cpu, String... pods) {
        List<PodRef> refs = new ArrayList<>();
        for (String pod : pods) {
            refs.add(new PodRef(pod, 0L));
        }
        apply(PartitionCommand.newBuilder().setPartitionId("s0").setOrderKey("2:app:" + app)
                .setPlace(new PlacePods(app, 1, null, io.sigmaflow.schema.PodTemplate.newBuilder(template(cpu, 512)).setQos(qos).build(), refs, false, null, 0))
                .build());
    }

    private void release(String app, String pod) {
        apply(PartitionCommand.newBuilder().setPartitionId("s0").setOrderKey("2:app:" + app)
                .setRelease(new ReleasePods(app, "scale-down", List.of(new PodRef(pod, 0L)))).build());
    }

    private List<PriorityChange> flush() {
        List<PriorityChange> out = p.drainPriorityChanges();
        changes.addAll(out);
        return out;
    }

    @Test
    void bestEffortPodsYieldToTheFirstLatencySensitivePodAndGetTheirShareBackWhenTheLastLeaves() {
        apply(PartitionCommand.newBuilder().setPartitionId("s0").setOrderKey("1:node:n1")
                .setNodeEvent(register("n1", "s0", "s0-c0", 16000, 32768)).build());

        place("batch", QosClass.BE, 2000, "batch-0", "batch-1");
        List<PriorityChange> alone = flush();
        assertEquals(1, alone.size());
        assertEquals("n1", alone.get(0).getNodeId());
        assertEquals(List.of(new PodCpuSetting("batch-0", QosClass.BE, 79, -1L, false),
                new PodCpuSetting("batch-1", QosClass.BE, 79, -1L, false)), alone.get(0).getSettings(),
                "alone, BE pods share by request (2 cpus: shares 2048 -> weight 79), not idle");

        place("web", QosClass.LS, 1000, "web-0");
        List<PriorityChange> joined = flush();
        assertEquals(1, joined.size());
        assertEquals(List.of(new PodCpuSetting("batch-0", QosClass.BE, 1, -1L, true),
                new PodCpuSetting("batch-1", QosClass.BE, 1, -1L, true)), joined.get(0).getSettings());
        assertTrue(joined.get(0).getReason().contains("web-0"), joined.get(0).getReason());

        place("web", QosClass.LSR, 1000, "web-1");
        place("batch", QosClass.BE, 2000, "batch-2");
        assertEquals(List.of(), flush(), "a second LS pod or a BE pod next to LS ones changes nothing (BE start idle)");

        release("web", "web-0");
        assertEquals(List.of(), flush(), "one latency-sensitive pod is left");
        release("batch", "batch-2");
        release("web", "web-1");
        List<PriorityChange> left = flush();
        assertEquals(1, left.size());
        assertEquals(List.of("batch-0", "batch-1"), left.get(0).getSettings().stream().map(PodCpuSetting::getPodId).toList());
        assertFalse(left.get(0).getSettings().get(0).getIdle());

        for (int i = 1; i < changes.size(); i++) {
            assertTrue(changes.get(i).getGeneration() > changes.get(i - 1).getGeneration(), "generations grow per node");
        }
    }

    @Test
    void changesAreCoalescedUntilTheFlushAndForgetPodsThatLeft() {
        apply(PartitionCommand.newBuilder().setPartitionId("s0").setOrderKey("1:node:n1")
                .setNodeEvent(register("n1", "s0", "s0-c0", 16000, 32768)).build());
        place("batch", QosClass.BE, 1000, "batch-0", "batch-1");
        place("web", QosClass.LS, 1000, "web-0");
        release("batch", "batch-0");
        List<PriorityChange> out = flush();
        assertEquals(1, out.size());
        assertEquals(List.of(new PodCpuSetting("batch-1", QosClass.BE, 1, -1L, true)), out.get(0).getSettings(),
                "the last setting of each pod; a pod unbound before the flush needs none");
        assertTrue(p.drainPriorityChanges().isEmpty());

        place("batch", QosClass.BE, 1000, "batch-2");
        release("batch", "batch-2");
        assertTrue(flush().isEmpty(), "nothing left to say");
    }

    @Test
    void theWeightOfARequestMatchesTheExecutorsRule() {
        assertEquals(40, PriorityMix.weightForRequest(1000), "1 cpu -> 40, as the executor's README says");
        assertEquals(1, PriorityMix.weightForRequest(0));
        assertEquals(10_000, PriorityMix.weightForRequest(1_000_000));
    }
}
