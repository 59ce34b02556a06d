package io.sigmaflow.jobs.partition;

import io.sigmaflow.jobs.protocol.PartitionProtocol;
import static io.sigmaflow.jobs.testing.JobRecords.event;
import static io.sigmaflow.jobs.testing.JobRecords.publish;
import static io.sigmaflow.jobs.testing.JobRecords.template;
import static io.sigmaflow.jobs.testing.JobRecords.topology;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.jobs.app.AppLifecycle;
import io.sigmaflow.placement.model.NodeCondition;
import io.sigmaflow.jobs.testing.MemoryPlacement;
import io.sigmaflow.schema.InventoryEntry;
import io.sigmaflow.schema.NodeEventType;
import io.sigmaflow.schema.NodeInventory;
import io.sigmaflow.schema.OutcomeStatus;
import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.PlacementAction;
import io.sigmaflow.schema.PodState;
import io.sigmaflow.schema.PodStatus;
import io.sigmaflow.schema.job.NodeLiveness;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Host feedback on real partitions and the real app side, the loop closed by hand (MemoryPlacement). */
class HostFeedbackTest {
    /** 2 switches x 1 chassis x 2 hosts, 4 cores each; app "web" with 3 pods of 1 core. */
    private static MemoryPlacement placed() {
        MemoryPlacement job = new MemoryPlacement();
        topology(2, 1, 2, 4000, 8192).forEach(job::node);
        job.checkpoint();
        job.request(publish("r1", "web", 3, template(1000, 1024)));
        job.settle();
        assertEquals(3, job.boundPods().size());
        return job;
    }

    private static Placement lastBind(MemoryPlacement job, String podId) {
        Placement last = null;
        for (Placement p : job.placements) {
            if (p.getPodId().equals(podId) && p.getAction() == PlacementAction.BIND) {
                last = p;
            }
        }
        return last;
    }

    private static PodStatus status(Placement bind, PodState state, long generation) {
        return PodStatus.newBuilder().setNodeId(bind.getNodeId()).setPodId(bind.getPodId()).setAppId(bind.getAppId())
                .setGeneration(generation).setState(state).setExitCode(state == PodState.FAILED ? 3 : null).build();
    }

    /** No pod has two BINDs without an UNBIND between them, per node and overall. */
    private static void assertNeverDoubled(List<Placement> placements) {
        Map<String, String> where = new HashMap<>();
        for (Placement p : placements) {
            if (p.getAction() == PlacementAction.BIND) {
                String before = where.put(p.getPodId(), p.getNodeId());
                assertEquals(null, before, "pod " + p.getPodId() + " bound twice without an UNBIND");
            } else {
                where.remove(p.getPodId());
            }
        }
    }

    @Test
    void aFailedPodIsReleasedAndPlacedAgainWhileStaleReportsChangeNothing() {
        MemoryPlacement job = placed();
        String pod = job.boundPods().keySet().iterator().next();
        Placement bind = lastBind(job, pod);
        int records = job.placements.size();

        job.host(bind.getNodeId(), status(bind, PodState.FAILED, bind.getGeneration() - 1), null, null);
        job.host(bind.getNodeId(), status(bind, PodState.RUNNING, bind.getGeneration()), null, null);
        job.settle();
        assertEquals(records, job.placements.size(), "an older generation's failure and a RUNNING change nothing");

        job.host(bind.getNodeId(), status(bind, PodState.FAILED, bind.getGeneration()), null, null);
        job.settle();
        Placement unbind = job.placements.get(records);
        assertEquals(PlacementAction.UNBIND, unbind.getAction());
        assertEquals(pod, unbind.getPodId());
        assertTrue(unbind.getReason().contains("failed on node " + bind.getNodeId() + " (exit code 3)"), unbind.getReason());
        Placement again = lastBind(job, pod);
        assertTrue(again.getGeneration() > unbind.getGeneration(), "generations grow: " + again + " after " + unbind);
        assertEquals(3, job.boundPods().size());
        assertNeverDoubled(job.placements);
        assertEquals(OutcomeStatus.PLACED, job.lastOutcome("r1").getStatus());
    }

    @Test
    void anInventoryReleasesMissingPodsAfterTheGraceAndUnbindsPodsTheJobDoesNotKnow() {
        MemoryPlacement job = placed();
        String pod = job.boundPods().keySet().iterator().next();
        Placement bind = lastBind(job, pod);
        String node = bind.getNodeId();
        int records = job.placements.size();
        NodeInventory missing = new NodeInventory(node, List.of(new InventoryEntry("ghost-1", 7L, PodState.RUNNING),
                new InventoryEntry("ghost-2", 8L, PodState.STOPPED)), 0L);

        job.host(node, null, missing, null); // within the grace: the BIND may still be on its way
        job.settle();
        List<Placement> added = new ArrayList<>(job.placements.subList(records, job.placements.size()));
        assertEquals(1, added.size(), added.toString());
        assertEquals(PlacementAction.UNBIND, added.get(0).getAction(), "a running pod the job does not know is stopped");
        assertEquals("ghost-1", added.get(0).getPodId());
        assertEquals(node, added.get(0).getNodeId());
        assertTrue(added.get(0).getGeneration() > 7, "newer than what the executor has");
        assertEquals(3, job.boundPods().size());

        job.advance(HostSettings.DEFAULT_INVENTORY_GRACE_MS);
        records = job.placements.size();
        job.host(node, null, missing, null);
        job.settle();
        added = job.placements.subList(records, job.placements.size());
        assertTrue(added.stream().anyMatch(p -> p.getPodId().equals(pod) && p.getAction() == PlacementAction.UNBIND
                && p.getReason().contains("does not run it (absent)")), added.toString());
        assertNotEquals(null, lastBind(job, pod));
        assertEquals(3, job.boundPods().size(), "placed again");
        assertNeverDoubled(job.placements);

        // a host that runs what the job placed: nothing changes
        records = job.placements.size();
        List<InventoryEntry> running = new ArrayList<>();
        job.boundPods().forEach((p, n) -> {
            if (n.equals(node)) {
                running.add(new InventoryEntry(p, lastBind(job, p).getGeneration(), PodState.RUNNING));
            }
        });
        job.host(node, null, new NodeInventory(node, running, 0L), null);
        job.settle();
        assertEquals(records, job.placements.size());
    }

    @Test
    void aSilentNodeLosesItsPodsAndTakesNoneUntilItReportsAgain() {
        MemoryPlacement job = placed();
        String node = job.boundPods().values().iterator().next();
        String partition = node.substring(0, 2);
        job.host(node, null, null, new NodeLiveness(node, false, 5L, false));
        job.settle();
        assertFalse(job.boundPods().containsValue(node), "no pod left on the silent node: " + job.boundPods());
        assertEquals(3, job.boundPods().size(), "all placed elsewhere");
        assertEquals(NodeCondition.UNSCHEDULABLE, job.partition(partition).placer().index().node(node).condition());
        assertNeverDoubled(job.placements);

        job.host(node, null, null, new NodeLiveness(node, true, 5L, false));
        job.settle();
        assertEquals(NodeCondition.SCHEDULABLE, job.partition(partition).placer().index().node(node).condition());

        job.node(event(node, NodeEventType.DRAIN));
        job.host(node, null, null, new NodeLiveness(node, true, 6L, true));
        assertEquals(NodeCondition.DRAINING, job.partition(partition).placer().index().node(node).condition(),
                "reporting again does not undo a drain");
    }

    @Test
    void aDrainedNodesPodsMoveMakeBeforeBreakInsideTheirPartition() {
        MemoryPlacement job = placed();
        String node = job.boundPods().get("web-0");
        List<String> onNode = job.boundPods().entrySet().stream().filter(e -> e.getValue().equals(node))
                .map(Map.Entry::getKey).toList();
        int records = job.placements.size();
        job.node(event(node, NodeEventType.DRAIN));
        job.settle();

        assertFalse(job.boundPods().containsValue(node));
        assertEquals(3, job.boundPods().size());
        List<Placement> drain = job.placements.subList(records, job.placements.size());
        for (String pod : onNode) {
            Placement bind = drain.stream().filter(p -> p.getPodId().equals(pod) && p.getAction() == PlacementAction.BIND)
                    .findFirst().orElseThrow();
            Placement unbind = drain.stream().filter(p -> p.getPodId().equals(pod)
                    && p.getAction() == PlacementAction.UNBIND).findFirst().orElseThrow();
            assertTrue(bind.getGeneration() < unbind.getGeneration(), "make before break: " + bind + " / " + unbind);
            assertEquals(node.substring(0, 2), bind.getNodeId().substring(0, 2), "moved inside its partition (switch)");
            assertEquals(node, unbind.getNodeId());
            assertEquals("node " + node + " drained: moved to " + bind.getNodeId(), unbind.getReason());
            assertEquals("/usr/bin/sleep", bind.getPayload().getExecutable(), "the new host gets a complete BIND");
            assertEquals(bind.getNodeId(), job.app("web").podsById().get(pod).getNodeId(), "the app side knows");
        }
        assertEquals(OutcomeStatus.PLACED, job.lastOutcome("r1").getStatus());
    }

    @Test
    void aDrainedNodesPodsGoToAnotherPartitionWhenTheirOwnHasNoRoom() {
        MemoryPlacement job = new MemoryPlacement();
        topology(2, 1, 1, 4000, 8192).forEach(job::node); // one node per switch (partition)
        job.checkpoint();
        job.request(publish("r1", "web", 2, template(1000, 1024)));
        job.settle();
        String node = job.boundPods().get("web-0");
        int records = job.placements.size();
        job.node(event(node, NodeEventType.DRAIN));
        job.settle();

        assertFalse(job.boundPods().containsValue(node));
        assertEquals(2, job.boundPods().size());
        assertEquals(1, job.placements.subList(records, job.placements.size()).stream()
                .filter(p -> p.getAction() == PlacementAction.UNBIND && p.getReason().equals("node " + node + " drained"))
                .count(), "released first (break-before-make), then placed in the other partition");
        assertNeverDoubled(job.placements);
        assertEquals(OutcomeStatus.PLACED, job.lastOutcome("r1").getStatus());
    }

    @Test
    void aPodItsHostsKeepFailingStaysPendingWithTheReasonInsteadOfCyclingTheCluster() {
        MemoryPlacement job = placed();
        String pod = "web-0";
        for (int failure = 1; failure <= PartitionProtocol.DEFAULT_MAX_HOST_FAILURES; failure++) {
            Placement bind = lastBind(job, pod);
            assertTrue(job.boundPods().containsKey(pod), "placed again after failure " + (failure - 1));
            job.host(bind.getNodeId(), status(bind, PodState.FAILED, bind.getGeneration()), null, null);
            job.settle();
        }
        assertFalse(job.boundPods().containsKey(pod), "after 5 failures on hosts the pod is not placed again");
        long binds = job.placements.stream().filter(p -> p.getPodId().equals(pod) && p.getAction() == PlacementAction.BIND)
                .count();
        assertEquals(PartitionProtocol.DEFAULT_MAX_HOST_FAILURES, binds);
        var outcome = job.lastOutcome("r1");
        assertEquals(OutcomeStatus.PARTIALLY_PLACED, outcome.getStatus());
        assertEquals(Map.of("HostFailures", 5), outcome.getPendingReasons());
        assertTrue(outcome.getMessage().contains("pod web-0 failed on its hosts 5 times (last: failed on node"),
                outcome.getMessage());

        // New capacity does not bring it back (no loop); an upgrade replaces it with a fresh pod.
        job.node(io.sigmaflow.jobs.testing.JobRecords.register("s9-c0-h0", "s9", "s9-c0", 4000, 8192));
        job.settle();
        assertFalse(job.boundPods().containsKey(pod));
        job.request(io.sigmaflow.jobs.testing.JobRecords.upgrade("r2", "web", template(1000, 2048), 1, 1));
        job.settle();
        assertEquals(OutcomeStatus.COMPLETED, job.lastOutcome("r2").getStatus());
        assertEquals(3, job.boundPods().size());
    }

    @Test
    void podsLostWithTheirNodeDoNotCountAsFailures() {
        MemoryPlacement job = placed();
        for (int round = 0; round < PartitionProtocol.DEFAULT_MAX_HOST_FAILURES + 1; round++) {
            String node = lastBind(job, "web-0").getNodeId();
            job.node(event(node, NodeEventType.REMOVE)); // its pods are LOST with it, not failed
            job.settle();
            job.node(io.sigmaflow.jobs.testing.JobRecords.register(node, node.substring(0, 2), node.substring(0, 5),
                    4000, 8192));
            job.settle();
            assertTrue(job.boundPods().containsKey("web-0"), "removal " + round + ": placed again");
        }
    }
}
