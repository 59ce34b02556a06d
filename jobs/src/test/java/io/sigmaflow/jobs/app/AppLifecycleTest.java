package io.sigmaflow.jobs.app;

import static io.sigmaflow.jobs.testing.JobRecords.destroy;
import static io.sigmaflow.jobs.testing.JobRecords.publish;
import static io.sigmaflow.jobs.testing.JobRecords.register;
import static io.sigmaflow.jobs.testing.JobRecords.scale;
import static io.sigmaflow.jobs.testing.JobRecords.template;
import static io.sigmaflow.jobs.testing.JobRecords.topology;
import static io.sigmaflow.jobs.testing.JobRecords.upgrade;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.jobs.testing.MemoryPlacement;
import io.sigmaflow.schema.OutcomeStatus;
import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.PlacementAction;
import io.sigmaflow.schema.RequestOutcome;
import io.sigmaflow.schema.RequestType;
import io.sigmaflow.schema.job.AppPod;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The app lifecycle over real node partitions, the feedback loop closed by hand (MemoryPlacement). */
class AppLifecycleTest {

    private static MemoryPlacement cluster(int switches, int chassis, int hosts, long cpu, long memory) {
        MemoryPlacement job = new MemoryPlacement();
        topology(switches, chassis, hosts, cpu, memory).forEach(job::node);
        job.checkpoint(); // summaries reach the router
        return job;
    }

    /** Pods of {@code app} per domain at a level: 0 switch, 1 chassis, 2 host (node ids are s-c-h). */
    private static Map<String, Integer> spread(MemoryPlacement job, String app, int level) {
        Map<String, Integer> counts = new TreeMap<>();
        job.boundPods().forEach((pod, node) -> {
            if (pod.startsWith(app + "-")) {
                String[] parts = node.split("-");
                counts.merge(String.join("-", List.of(parts).subList(0, level + 1)), 1, Integer::sum);
            }
        });
        return counts;
    }

    private static int imbalance(Map<String, Integer> counts, int domains) {
        int max = counts.values().stream().max(Integer::compare).orElse(0);
        int min = counts.size() < domains ? 0 : counts.values().stream().min(Integer::compare).orElse(0);
        return max - min;
    }

    @Test
    void publishSpreadsEvenlyAtEveryLevelAndEndsPlaced() {
        MemoryPlacement job = cluster(3, 2, 4, 8000, 16384);
        job.request(publish("r1", "web", 12, template(1000, 1024)));
        job.settle();

        assertEquals(12, job.boundPods().size());
        assertEquals(Map.of("s0", 4, "s1", 4, "s2", 4), spread(job, "web", 0));
        assertEquals(0, imbalance(spread(job, "web", 1), 6), "2 pods per chassis");
        assertEquals(0, imbalance(spread(job, "web", 2), 24) > 1 ? 1 : 0, "at most one pod per host");
        assertEquals(12, spread(job, "web", 2).size(), "12 pods on 12 different hosts");
        RequestOutcome last = job.lastOutcome("r1");
        assertEquals(OutcomeStatus.PLACED, last.getStatus());
        assertEquals(12, last.getPlaced());
        assertEquals(List.of(OutcomeStatus.ACCEPTED, OutcomeStatus.PLACED),
                job.outcomes.stream().map(RequestOutcome::getStatus).toList());
    }

    @Test
    void scaleDownRemovesFromTheMostCrowdedDomainsAndUnbindsEachPodOnce() {
        MemoryPlacement job = cluster(3, 2, 4, 8000, 16384);
        job.request(publish("r1", "web", 7, template(1000, 1024)));
        job.settle();
        job.request(scale("r2", "web", 3));
        job.settle();

        assertEquals(3, job.boundPods().size());
        assertEquals(Map.of("s0", 1, "s1", 1, "s2", 1), spread(job, "web", 0), "one per switch is left");
        long unbinds = job.placements.stream().filter(p -> p.getAction() == PlacementAction.UNBIND).count();
        assertEquals(4, unbinds);
        assertEquals(OutcomeStatus.PLACED, job.lastOutcome("r2").getStatus());
        assertEquals(3, job.lastOutcome("r2").getDesired());
    }

    @Test
    void generationsOfAPodStrictlyIncreaseAcrossBindAndUnbind() {
        MemoryPlacement job = cluster(1, 1, 2, 4000, 8192);
        job.request(publish("r1", "web", 2, template(1000, 1024)));
        job.settle();
        job.request(scale("r2", "web", 0));
        job.settle();
        job.request(scale("r3", "web", 2));
        job.settle();

        Map<String, Long> last = new HashMap<>();
        for (Placement p : job.placements) {
            Long before = last.put(p.getPodId(), p.getGeneration());
            assertTrue(before == null || p.getGeneration() > before, p + " after generation " + before);
        }
        assertEquals(List.of("web-2", "web-3"), List.copyOf(job.boundPods().keySet()), "pod ids are never reused");
    }

    @Test
    void rollingUpgradeHonoursLimitsAndEndsWithOnlyNewPodsSpreadEvenly() {
        MemoryPlacement job = cluster(3, 1, 2, 4000, 8192);
        job.request(publish("r1", "web", 3, template(1000, 1024)));
        job.settle();
        job.request(upgrade("r2", "web", template(1500, 1024), 1, 1));

        int maxTotal = 0;
        int minAvailable = Integer.MAX_VALUE;
        for (int i = 0; i < 20; i++) {
            job.checkpoint();
            Map<String, String> bound = job.boundPods();
            maxTotal = Math.max(maxTotal, bound.size());
            minAvailable = Math.min(minAvailable, bound.size());
        }
        assertTrue(maxTotal <= 3 + 1, "max surge 1: at most 4 pods at once, saw " + maxTotal);
        assertTrue(minAvailable >= 3 - 1, "max unavailable 1: at least 2 pods bound, saw " + minAvailable);
        Map<String, String> bound = job.boundPods();
        assertEquals(3, bound.size());
        for (String pod : bound.keySet()) {
            AppPod p = job.app("web").podsById().get(pod);
            assertEquals(2, p.getRevision(), pod + " is of the new revision");
        }
        assertEquals(Map.of("s0", 1, "s1", 1, "s2", 1), spread(job, "web", 0));
        assertTrue(job.placements.stream().filter(p -> p.getAction() == PlacementAction.BIND && bound.containsKey(p.getPodId()))
                .allMatch(p -> p.getResources().getCpuMillis() == 1500), "new pods carry the new template");
        assertEquals(OutcomeStatus.COMPLETED, job.lastOutcome("r2").getStatus());
    }

    @Test
    void destroyReleasesEverythingAndLeavesATombstoneThatKeepsRequestIdsAndPodNumbers() {
        MemoryPlacement job = cluster(2, 1, 2, 4000, 8192);
        job.request(publish("r1", "web", 3, template(1000, 1024)));
        job.settle();
        job.request(destroy("r2", "web"));
        job.settle();

        assertTrue(job.boundPods().isEmpty());
        assertEquals(OutcomeStatus.COMPLETED, job.lastOutcome("r2").getStatus());
        assertTrue(job.app("web").podsById().isEmpty());
        assertTrue(job.nodeStates().stream().allMatch(n -> n.getPods().isEmpty()), "every node is free again");

        job.request(publish("r1", "web", 1, template(1000, 1024)));
        assertEquals(OutcomeStatus.DUPLICATE, job.lastOutcome("r1").getStatus(), "a request id seen before is a no-op");
        job.request(publish("r3", "web", 1, template(1000, 1024)));
        job.settle();
        assertEquals(List.of("web-3"), List.copyOf(job.boundPods().keySet()), "a republished app numbers on");
    }

    @Test
    void invalidRequestsAreRejectedWithTheFieldAndDeadLettered() {
        MemoryPlacement job = cluster(1, 1, 1, 4000, 8192);
        job.request(scale("r1", "ghost", 3));
        job.request(publish("r2", "web", -1, template(1000, 1024)));
        job.request(publish("r3", "web", 1, null));
        job.request(publish("r4", "bad/app", 1, template(1000, 1024)));
        job.request(io.sigmaflow.jobs.testing.JobRecords.request("r5", "web", RequestType.RESERVE, 1,
                null, null));

        assertEquals(5, job.deadLetters.size());
        assertTrue(job.lastOutcome("r1").getMessage().startsWith("appId: unknown app ghost"), job.lastOutcome("r1").getMessage());
        assertEquals("replicas: must be >= 0, got -1", job.lastOutcome("r2").getMessage());
        assertEquals("template: required for PUBLISH", job.lastOutcome("r3").getMessage());
        assertTrue(job.lastOutcome("r4").getMessage().startsWith("appId: 'bad/app'"));
        assertEquals("template: required for RESERVE", job.lastOutcome("r5").getMessage());
        assertTrue(job.outcomes.stream().allMatch(o -> o.getStatus() == OutcomeStatus.REJECTED));
        assertTrue(job.placements.isEmpty());
    }

    @Test
    void aClusterTooSmallLeavesPodsPendingWithReasonsAndPlacesThemWhenANodeIsAdded() {
        MemoryPlacement job = cluster(1, 1, 1, 2000, 4096);
        job.request(publish("r1", "web", 3, template(1000, 1024)));
        job.settle();

        RequestOutcome pending = job.lastOutcome("r1");
        assertEquals(OutcomeStatus.PARTIALLY_PLACED, pending.getStatus());
        assertEquals(2, pending.getPlaced());
        assertEquals(1, pending.getPending());
        assertEquals(Map.of("NodeResourcesFit", 1), pending.getPendingReasons());
        assertNotNull(pending.getMessage());
        assertTrue(job.app("web").hasPending());

        int placementsBefore = job.placements.size();
        for (int i = 0; i < 5; i++) {
            job.checkpoint();
        }
        assertEquals(placementsBefore, job.placements.size(), "no retry without new capacity (no busy loop)");

        job.node(register("s1-c0-h0", "s1", "s1-c0", 2000, 4096));
        job.settle();
        assertEquals(3, job.boundPods().size());
        assertEquals(OutcomeStatus.PLACED, job.lastOutcome("r1").getStatus());
        assertFalse(job.app("web").hasPending());
    }

    @Test
    void podsOfARemovedNodeArePlacedAgainElsewhere() {
        MemoryPlacement job = cluster(2, 1, 1, 4000, 8192);
        job.request(publish("r1", "web", 2, template(1000, 1024)));
        job.settle();
        String victimNode = job.boundPods().get("web-0");
        job.node(io.sigmaflow.jobs.testing.JobRecords.event(victimNode, io.sigmaflow.schema.NodeEventType.REMOVE));
        job.settle();

        Map<String, String> bound = job.boundPods();
        assertEquals(2, bound.size());
        assertFalse(bound.containsValue(victimNode));
    }
}
