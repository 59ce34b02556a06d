package io.sigmaflow.jobs.app;

import static io.sigmaflow.jobs.testing.JobRecords.publish;
import static io.sigmaflow.jobs.testing.JobRecords.register;
import static io.sigmaflow.jobs.testing.JobRecords.request;
import static io.sigmaflow.jobs.testing.JobRecords.template;
import static io.sigmaflow.jobs.testing.Migrations.migration;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.jobs.testing.MemoryPlacement;
import io.sigmaflow.jobs.testing.Migrations;
import io.sigmaflow.schema.NodeEvent;
import io.sigmaflow.schema.OutcomeStatus;
import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.PlacementAction;
import io.sigmaflow.schema.RequestOutcome;
import io.sigmaflow.schema.RequestType;
import io.sigmaflow.schema.UpgradePolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Migrations through the app side and real node partitions, the loop and the migration waves
 * closed by hand (MemoryPlacement): make-before-break, stale steps, max-unavailable, waves, newest
 * plan; after each test no node was overcommitted at any point of the placement stream.
 */
class AppMigrationsTest {
    private final MemoryPlacement job = new MemoryPlacement();
    private final List<NodeEvent> nodes = new ArrayList<>();

    private void node(String id, long cpu) {
        String[] parts = id.split("-");
        NodeEvent e = register(id, parts[0], parts[0] + "-" + parts[1], cpu, 8192);
        nodes.add(e);
        job.node(e);
        job.checkpoint();
    }

    private void publishSettled(String app, int replicas, long cpu) {
        job.request(publish("p-" + app, app, replicas, template(cpu, 512)));
        job.settle();
        assertEquals(OutcomeStatus.PLACED, job.lastOutcome("p-" + app).getStatus(), job.outcomes.toString());
    }

    private RequestOutcome outcome(String plan, String pod) {
        RequestOutcome o = job.lastOutcome("migration/" + plan + "/" + pod);
        assertNotNull(o, "no outcome for " + pod + " of " + plan + ": " + job.outcomes);
        return o;
    }

    private int index(String pod, PlacementAction action, String node) {
        for (int i = 0; i < job.placements.size(); i++) {
            Placement p = job.placements.get(i);
            if (p.getPodId().equals(pod) && p.getAction() == action && p.getNodeId().equals(node)) {
                return i;
            }
        }
        return -1;
    }

    @AfterEach
    void neverOvercommitted() {
        assertEquals(List.of(), Migrations.overcommits(job.placements, Migrations.capacity(nodes)));
    }

    @Test
    void acrossPartitionsTheTargetBindsBeforeTheSourceUnbinds() {
        node("s0-c0-h0", 4000);
        publishSettled("web", 1, 1000);
        node("s1-c0-h0", 4000);
        int before = job.placements.size();

        job.migration(migration("plan1", 1, 0, 1, "web", "web-0", "s0-c0-h0", "s1-c0-h0"));
        // The target's partition has bound it; the source's UNBIND waits for that BIND to come back.
        assertEquals(before + 1, job.placements.size());
        Placement bind = job.placements.get(before);
        assertEquals(PlacementAction.BIND, bind.getAction());
        assertEquals("s1-c0-h0", bind.getNodeId());
        assertEquals(OutcomeStatus.ACCEPTED, outcome("plan1", "web-0").getStatus());

        job.settle();
        int unbindAt = index("web-0", PlacementAction.UNBIND, "s0-c0-h0");
        assertTrue(unbindAt > before, "source unbound after the target's BIND");
        Placement unbind = job.placements.get(unbindAt);
        Placement firstBind = job.placements.get(index("web-0", PlacementAction.BIND, "s0-c0-h0"));
        assertTrue(firstBind.getGeneration() < bind.getGeneration() && bind.getGeneration() < unbind.getGeneration(),
                "generations grow: " + firstBind.getGeneration() + ", " + bind.getGeneration() + ", "
                        + unbind.getGeneration());
        assertEquals("migrated to s1-c0-h0", unbind.getReason());
        assertEquals(Map.of("web-0", "s1-c0-h0"), job.boundPods());
        assertEquals(OutcomeStatus.COMPLETED, outcome("plan1", "web-0").getStatus());
        assertEquals("s1-c0-h0", job.app("web").podsById().get("web-0").getNodeId());
        assertEquals(Map.of("s1", 1), job.app("web").state().getPartitionCounts());
    }

    @Test
    void insideOnePartitionTheMoveIsOneStepBindFirst() {
        node("s0-c0-h0", 4000);
        publishSettled("web", 1, 1000);
        node("s0-c1-h0", 4000);
        int before = job.placements.size();

        job.migration(migration("plan1", 1, 0, 1, "web", "web-0", "s0-c0-h0", "s0-c1-h0"));
        assertEquals(before + 2, job.placements.size());
        Placement bind = job.placements.get(before);
        Placement unbind = job.placements.get(before + 1);
        assertEquals(List.of(PlacementAction.BIND, "s0-c1-h0", PlacementAction.UNBIND, "s0-c0-h0"),
                List.of(bind.getAction(), bind.getNodeId(), unbind.getAction(), unbind.getNodeId()));
        assertTrue(bind.getGeneration() < unbind.getGeneration());

        job.settle();
        assertEquals(Map.of("web-0", "s0-c1-h0"), job.boundPods());
        assertEquals(OutcomeStatus.COMPLETED, outcome("plan1", "web-0").getStatus());
        // Later decisions about the pod keep growing its generation past the UNBIND's.
        assertTrue(job.app("web").podsById().get("web-0").getGeneration() >= unbind.getGeneration());
    }

    @Test
    void staleStepsAreRefusedWithAReasonAndTheRestGoesOn() {
        node("s0-c0-h0", 4000);
        publishSettled("web", 1, 1000);
        publishSettled("api", 1, 1000);
        node("s1-c0-h0", 4000);
        publishSettled("big", 1, 4000); // fills s1-c0-h0
        node("s2-c0-h0", 4000);
        int before = job.placements.size();

        job.migration(migration("plan1", 1, 0, 3, "web", "web-0", "s0-c0-h0", "s1-c0-h0")); // target full
        job.migration(migration("plan1", 1, 0, 3, "api", "api-0", "s1-c0-h0", "s2-c0-h0")); // not on fromNode
        job.migration(migration("plan1", 1, 0, 3, "big", "big-0", "s1-c0-h0", "s2-c0-h0")); // valid
        job.settle();

        RequestOutcome full = outcome("plan1", "web-0");
        assertEquals(OutcomeStatus.REJECTED, full.getStatus());
        assertTrue(full.getMessage().contains("to s1-c0-h0 refused") && full.getMessage().contains("NodeResourcesFit"),
                full.getMessage());
        RequestOutcome stale = outcome("plan1", "api-0");
        assertEquals(OutcomeStatus.REJECTED, stale.getStatus());
        assertEquals("stale: pod api-0 is on s0-c0-h0, not on s1-c0-h0", stale.getMessage());
        assertEquals(OutcomeStatus.COMPLETED, outcome("plan1", "big-0").getStatus());
        assertEquals(Map.of("api-0", "s0-c0-h0", "big-0", "s2-c0-h0", "web-0", "s0-c0-h0"), job.boundPods());
        assertEquals(2, job.placements.size() - before, "only big-0 moved: " + job.placements.subList(before,
                job.placements.size()));
    }

    @Test
    void maxUnavailableCountsPodsInFlight() {
        node("s0-c0-h0", 4000);
        node("s0-c0-h1", 4000);
        publishSettled("web", 2, 1000); // default max-unavailable 1
        job.request(request("p-api", "api", RequestType.PUBLISH, 2, template(1000, 512), new UpgradePolicy(2, 0)));
        job.settle();
        node("s1-c0-h0", 4000);
        String web0 = job.boundPods().get("web-0");
        String web1 = job.boundPods().get("web-1");
        String api0 = job.boundPods().get("api-0");
        String api1 = job.boundPods().get("api-1");

        for (var m : List.of(migration("plan1", 1, 0, 4, "web", "web-0", web0, "s1-c0-h0"),
                migration("plan1", 1, 0, 4, "web", "web-1", web1, "s1-c0-h0"),
                migration("plan1", 1, 0, 4, "api", "api-0", api0, "s1-c0-h0"),
                migration("plan1", 1, 0, 4, "api", "api-1", api1, "s1-c0-h0"))) {
            job.migration(m);
        }
        job.settle();

        assertEquals(OutcomeStatus.COMPLETED, outcome("plan1", "web-0").getStatus());
        RequestOutcome refused = outcome("plan1", "web-1");
        assertEquals(OutcomeStatus.REJECTED, refused.getStatus());
        assertEquals("max-unavailable of app web is 1: 1 pod(s) moving and 0 unavailable", refused.getMessage());
        assertEquals(OutcomeStatus.COMPLETED, outcome("plan1", "api-0").getStatus(), "api allows 2 at once");
        assertEquals(OutcomeStatus.COMPLETED, outcome("plan1", "api-1").getStatus());
    }

    @Test
    void aWaveStartsWhenThePreviousOneSettled() {
        node("s0-c0-h0", 2000);
        publishSettled("x", 1, 2000);
        node("s1-c0-h0", 2000);
        publishSettled("y", 1, 2000);
        node("s2-c0-h0", 2000);

        // y may only go to s0 once x left it: the plan's waves say so.
        job.migration(migration("plan1", 1, 1, 2, "y", "y-0", "s1-c0-h0", "s0-c0-h0"));
        job.migration(migration("plan1", 1, 0, 2, "x", "x-0", "s0-c0-h0", "s2-c0-h0"));
        job.settle();

        assertEquals(OutcomeStatus.COMPLETED, outcome("plan1", "x-0").getStatus());
        assertEquals(OutcomeStatus.COMPLETED, outcome("plan1", "y-0").getStatus());
        assertTrue(index("x-0", PlacementAction.UNBIND, "s0-c0-h0") < index("y-0", PlacementAction.BIND, "s0-c0-h0"));
        // The waves carry the clock: the second wave's BIND has a larger generation than the first's UNBIND.
        assertTrue(job.placements.get(index("x-0", PlacementAction.UNBIND, "s0-c0-h0")).getGeneration()
                < job.placements.get(index("y-0", PlacementAction.BIND, "s0-c0-h0")).getGeneration());
        assertEquals(Map.of("x-0", "s2-c0-h0", "y-0", "s0-c0-h0"), job.boundPods());
    }

    @Test
    void aNewerPlanDropsTheOlderOnesRemainingSteps() {
        node("s0-c0-h0", 2000);
        publishSettled("x", 1, 2000);
        node("s1-c0-h0", 2000);
        publishSettled("y", 1, 2000);
        node("s2-c0-h0", 2000);

        job.migration(migration("old", 1, 0, 2, "x", "x-0", "s0-c0-h0", "s2-c0-h0"));
        job.migration(migration("old", 1, 1, 2, "y", "y-0", "s1-c0-h0", "s0-c0-h0"));
        // x-0 is in flight (old, step 0) when a newer plan arrives.
        job.migration(migration("new", 2, 0, 1, "y", "y-0", "s1-c0-h0", "s0-c0-h0"));
        RequestOutcome dropped = outcome("old", "y-0");
        assertEquals(OutcomeStatus.REJECTED, dropped.getStatus());
        assertEquals("superseded by plan new before step 1 started", dropped.getMessage());
        job.migration(migration("older", 0, 0, 1, "x", "x-0", "s0-c0-h0", "s1-c0-h0"));
        assertEquals("superseded by plan new", outcome("older", "x-0").getMessage());
        job.settle();

        assertEquals(OutcomeStatus.COMPLETED, outcome("old", "x-0").getStatus(), "in flight: it finishes");
        assertEquals(OutcomeStatus.COMPLETED, outcome("new", "y-0").getStatus());
        assertEquals(Map.of("x-0", "s2-c0-h0", "y-0", "s0-c0-h0"), job.boundPods());
    }

    @Test
    void anInvalidRecordIsDeadLetteredAndItsPlanStillRuns() {
        node("s0-c0-h0", 4000);
        publishSettled("web", 1, 1000);
        node("s1-c0-h0", 4000);

        job.migration(migration("plan1", 1, 0, 2, "web", "web-9", "s1-c0-h0", "s1-c0-h0"));
        job.migration(migration("plan1", 1, 0, 2, "web", "web-0", "s0-c0-h0", "s1-c0-h0"));
        job.migration(migration("", 1, 0, 1, "web", "web-0", "s0-c0-h0", "s1-c0-h0"));
        job.settle();

        assertEquals(List.of("toNodeId: must differ from fromNodeId (s1-c0-h0)", "planId: must not be blank"),
                job.deadLetters);
        assertEquals(OutcomeStatus.REJECTED, outcome("plan1", "web-9").getStatus());
        assertEquals(OutcomeStatus.COMPLETED, outcome("plan1", "web-0").getStatus());
        assertNull(job.lastOutcome("migration//web-0"), "a record without a plan id has no outcome to speak of");
    }

    @Test
    void scaleDownWaitsForTheMoveAndAnUnknownPodOrAppIsRefused() {
        node("s0-c0-h0", 4000);
        publishSettled("web", 2, 1000);
        node("s1-c0-h0", 4000);

        job.migration(migration("plan1", 1, 0, 3, "web", "web-7", "s0-c0-h0", "s1-c0-h0"));
        job.migration(migration("plan1", 1, 0, 3, "nope", "nope-0", "s0-c0-h0", "s1-c0-h0"));
        job.migration(migration("plan1", 1, 0, 3, "web", "web-0", "s0-c0-h0", "s1-c0-h0")); // the plan starts
        job.request(request("down", "web", RequestType.SCALE, 1, null, null));
        assertEquals(0, job.app("web").state().getReleasing(), "the scale-down waits while web-0 moves");
        job.settle();

        assertEquals(OutcomeStatus.COMPLETED, outcome("plan1", "web-0").getStatus(), outcome("plan1", "web-0").getMessage());
        assertEquals("pod web-7 is not a pod of app web (released, or never created)", outcome("plan1", "web-7").getMessage());
        assertEquals("app nope does not exist", outcome("plan1", "nope-0").getMessage());
        assertEquals(OutcomeStatus.PLACED, job.lastOutcome("down").getStatus());
        assertEquals(1, job.boundPods().size(), job.boundPods().toString());
        assertEquals(0, job.app("web").migrations().spliterator().getExactSizeIfKnown());
    }
}
