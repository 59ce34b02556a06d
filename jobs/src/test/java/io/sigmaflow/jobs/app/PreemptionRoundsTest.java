package io.sigmaflow.jobs.app;

import static io.sigmaflow.jobs.testing.JobRecords.publish;
import static io.sigmaflow.jobs.testing.JobRecords.register;
import static io.sigmaflow.jobs.testing.JobRecords.template;
import static io.sigmaflow.jobs.testing.JobRecords.topology;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.jobs.testing.MemoryPlacement;
import io.sigmaflow.schema.OutcomeStatus;
import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.PlacementAction;
import io.sigmaflow.schema.PodTemplate;
import io.sigmaflow.schema.QosClass;
import io.sigmaflow.schema.RequestOutcome;
import io.sigmaflow.schema.job.NodeLiveness;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A high-priority pod pending everywhere asks a partition for a preemption round; victims are re-queued, never dropped. */
class PreemptionRoundsTest {
    private static PodTemplate sized(long cpu, int priority) {
        return PodTemplate.newBuilder(template(cpu, 1024)).setPriority(priority).build();
    }

    /** Two switches of one 2-cpu host each, filled by two 2-cpu batch pods of priority {@code batchPriority}. */
    private static MemoryPlacement full(int batchPriority) {
        MemoryPlacement job = new MemoryPlacement();
        topology(2, 1, 1, 2000, 8192).forEach(job::node);
        job.checkpoint();
        job.request(publish("b1", "batch", 2, sized(2000, batchPriority)));
        job.settle();
        assertEquals(2, job.boundPods().size());
        return job;
    }

    @Test
    void aHighPriorityPodEvictsALowerOneWhichStaysPendingWithReasons() {
        MemoryPlacement job = full(10);
        int before = job.placements.size();
        job.request(publish("w1", "web", 1, sized(2000, 100)));
        job.settle();

        List<Placement> added = job.placements.subList(before, job.placements.size());
        assertEquals(2, added.size(), added.toString());
        assertEquals(PlacementAction.UNBIND, added.get(0).getAction(), "the victim goes first");
        assertTrue(added.get(0).getPodId().startsWith("batch-"));
        assertTrue(added.get(0).getReason().contains("preempted by web-0"), added.get(0).getReason());
        assertEquals("BIND web-0 " + added.get(0).getNodeId(),
                added.get(1).getAction() + " " + added.get(1).getPodId() + " " + added.get(1).getNodeId());

        assertEquals(OutcomeStatus.PLACED, job.lastOutcome("w1").getStatus());
        RequestOutcome batch = job.lastOutcome("b1");
        assertEquals(OutcomeStatus.PARTIALLY_PLACED, batch.getStatus(), "the victim is pending, not dropped");
        assertEquals(1, batch.getPlaced());
        assertEquals(1, batch.getPending());
        assertEquals(Map.of("NodeResourcesFit", 2), batch.getPendingReasons());
        assertEquals(2, job.boundPods().size());
    }

    @Test
    void noPodOfHigherPriorityToEvictMeansPendingAfterOneRoundPerPartition() {
        MemoryPlacement job = full(100);
        int before = job.placements.size();
        job.request(publish("w1", "web", 1, sized(2000, 100)));
        job.settle(20);
        assertEquals(before, job.placements.size(), "equal priority: nothing evicted");
        RequestOutcome web = job.lastOutcome("w1");
        assertEquals(OutcomeStatus.PENDING, web.getStatus());
        assertEquals(Map.of("NodeResourcesFit", 2), web.getPendingReasons());
        job.checkpoint();
        job.checkpoint();
        assertEquals(before, job.placements.size());
        assertEquals(OutcomeStatus.PENDING, job.lastOutcome("w1").getStatus(), "no busy loop: nothing moved");
    }

    @Test
    void aPreemptionCascadeAfterANodeCameBackPlacesEveryVictimAgain() {
        MemoryPlacement job = new MemoryPlacement();
        cascade(job);
        assertTrue(preempted(job));
    }

    /** The loop's records in the orders the real job may deliver them (streams crossing, records late). */
    @Test
    void aPreemptionCascadePlacesEveryVictimAgainWhateverTheLoopOrder() {
        int preempting = 0;
        for (long seed = 0; seed < 1000; seed++) {
            MemoryPlacement job = new MemoryPlacement().shuffleLoop(seed);
            try {
                cascade(job);
            } catch (AssertionError e) {
                throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
            }
            preempting += preempted(job) ? 1 : 0;
        }
        assertTrue(preempting > 100, "orders that needed a preemption: " + preempting);
    }

    /** A victim with no room is pending with reasons, then placed when a node joins, whatever the loop order. */
    @Test
    void aPendingVictimIsPlacedWhenANodeJoinsWhateverTheLoopOrder() {
        for (long seed = 0; seed < 300; seed++) {
            MemoryPlacement job = new MemoryPlacement().shuffleLoop(seed);
            topology(2, 1, 1, 2000, 8192).forEach(job::node);
            job.checkpoint();
            job.request(publish("b1", "batch", 2, sized(2000, 10)));
            job.settle();
            job.request(publish("w1", "web", 1, sized(2000, 100)));
            job.settle();
            String context = "seed " + seed + ": " + job.boundPods();
            assertEquals(OutcomeStatus.PLACED, job.lastOutcome("w1").getStatus(), context);
            assertEquals(OutcomeStatus.PARTIALLY_PLACED, job.lastOutcome("b1").getStatus(), context);
            assertEquals(Map.of("NodeResourcesFit", 2), job.lastOutcome("b1").getPendingReasons(), context);

            job.node(register("s2-c0-h0", "s2", "s2-c0", 2000, 8192));
            job.settle();
            assertEquals(3, job.boundPods().size(), context);
            assertTrue(job.boundPods().containsValue("s2-c0-h0"), context);
            assertEquals(OutcomeStatus.PLACED, job.lastOutcome("b1").getStatus(), context);
        }
    }

    private static boolean preempted(MemoryPlacement job) {
        return job.placements.stream().anyMatch(p -> p.getReason() != null && p.getReason().startsWith("preempted by vip-"));
    }

    private static void cascade(MemoryPlacement job) {
        topology(2, 1, 2, 4000, 8192).forEach(job::node);
        job.checkpoint();
        job.request(publish("b1", "batch", 4, PodTemplate.newBuilder(sized(1000, 0)).setQos(QosClass.BE).build()));
        job.request(publish("w1", "web", 2, sized(1000, 100)));
        job.settle();
        job.host("s0-c0-h0", null, null, new NodeLiveness("s0-c0-h0", false, 1L, false));
        job.settle();
        job.host("s0-c0-h0", null, null, new NodeLiveness("s0-c0-h0", true, 1L, false));
        job.settle();
        assertEquals(6, job.boundPods().size());
        assertFalse(job.boundPods().containsValue("s0-c0-h0"), "its pods moved while it was silent");

        // one 4-cpu pod fits the empty node, the other must evict on the other switch; victims go elsewhere
        job.request(publish("v1", "vip", 2, sized(4000, 1000)));
        job.settle();
        assertEquals(8, job.boundPods().size(), job.boundPods().toString());
        assertEquals(OutcomeStatus.PLACED, job.lastOutcome("v1").getStatus());
        assertEquals(OutcomeStatus.PLACED, job.lastOutcome("b1").getStatus());
        assertEquals(OutcomeStatus.PLACED, job.lastOutcome("w1").getStatus());
    }
}
