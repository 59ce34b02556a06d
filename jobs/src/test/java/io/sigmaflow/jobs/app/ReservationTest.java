package io.sigmaflow.jobs.app;

import static io.sigmaflow.jobs.testing.JobRecords.destroy;
import static io.sigmaflow.jobs.testing.JobRecords.event;
import static io.sigmaflow.jobs.testing.JobRecords.publish;
import static io.sigmaflow.jobs.testing.JobRecords.register;
import static io.sigmaflow.jobs.testing.JobRecords.request;
import static io.sigmaflow.jobs.testing.JobRecords.template;
import static io.sigmaflow.jobs.testing.JobRecords.topology;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.connectors.view.CommittedCluster;
import io.sigmaflow.jobs.testing.MemoryAppStore;
import io.sigmaflow.jobs.testing.MemoryPlacement;
import io.sigmaflow.schema.NodeEventType;
import io.sigmaflow.schema.NodeInventory;
import io.sigmaflow.schema.NodeState;
import io.sigmaflow.schema.OutcomeStatus;
import io.sigmaflow.schema.PlacementAction;
import io.sigmaflow.schema.PlacementRequest;
import io.sigmaflow.schema.PodAllocation;
import io.sigmaflow.schema.PodTemplate;
import io.sigmaflow.schema.RequestOutcome;
import io.sigmaflow.schema.RequestType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** RESERVE end to end over real node partitions, the feedback loop closed by hand (MemoryPlacement). */
class ReservationTest {

    private static MemoryPlacement cluster(int switches, int chassis, int hosts, long cpu, long memory) {
        MemoryPlacement job = new MemoryPlacement();
        topology(switches, chassis, hosts, cpu, memory).forEach(job::node);
        job.checkpoint();
        return job;
    }

    private static PlacementRequest reserve(String requestId, String app, int slots, PodTemplate template) {
        return request(requestId, app, RequestType.RESERVE, slots, template, null);
    }

    /** Slot id -> node, from the node snapshots (what the node-state topic and the rebalancer see). */
    private static Map<String, String> slots(MemoryPlacement job) {
        Map<String, String> out = new TreeMap<>();
        for (NodeState node : job.nodeStates()) {
            for (PodAllocation pod : node.getPods()) {
                if (pod.getPodId().startsWith("reservation/")) {
                    out.put(pod.getPodId(), node.getNodeId());
                }
            }
        }
        return out;
    }

    private static Set<String> prefixes(Iterable<String> nodes, int parts) {
        Set<String> out = new TreeSet<>();
        nodes.forEach(n -> out.add(String.join("-", List.of(n.split("-")).subList(0, parts))));
        return out;
    }

    @Test
    void reserveHoldsSpreadCapacityAndNeverReachesAnExecutor() {
        MemoryPlacement job = cluster(3, 2, 2, 4000, 8192);
        job.request(reserve("r1", "web", 6, template(1000, 1024)));
        job.settle();

        Map<String, String> slots = slots(job);
        assertEquals(6, slots.size());
        assertEquals(3, prefixes(slots.values(), 1).size(), "slots on every switch");
        assertEquals(6, prefixes(slots.values(), 2).size(), "one slot per chassis");
        assertTrue(job.placements.isEmpty(), "no BIND for a slot: executors never run it " + job.placements);
        assertEquals(Set.of("web (reserved)"), CommittedCluster.of(job.nodeStates()).byApp().keySet(),
                "./sigma status shows the slots apart from the app's pods");
        RequestOutcome held = job.lastOutcome("r1");
        assertEquals(OutcomeStatus.PLACED, held.getStatus());
        assertEquals(6, held.getDesired());
        assertEquals(6, held.getPlaced());
        assertEquals("6 of 6 reservation slots held", held.getMessage());
        assertEquals(List.of(OutcomeStatus.ACCEPTED, OutcomeStatus.PLACED),
                job.outcomes.stream().map(RequestOutcome::getStatus).toList());
        assertEquals(6, job.outcomes.get(0).getDesired(), "ACCEPTED says how many slots are wanted");
    }

    @Test
    void theReservedCapacityIsKeptFromOtherAppsAndUsedByTheRelease() {
        MemoryPlacement job = cluster(2, 1, 1, 2000, 4096); // room for 4 pods of 1000m
        job.request(reserve("r1", "web", 2, template(1000, 1024)));
        job.settle();
        Map<String, String> slotNodes = slots(job);

        job.request(publish("b1", "batch", 4, template(1000, 1024)));
        job.settle();
        assertEquals(OutcomeStatus.PARTIALLY_PLACED, job.lastOutcome("b1").getStatus());
        assertEquals(2, job.lastOutcome("b1").getPlaced(), "the slots keep half of the cluster for web");

        job.request(publish("w1", "web", 2, template(1000, 1024)));
        job.settle();
        assertEquals(OutcomeStatus.PLACED, job.lastOutcome("w1").getStatus());
        Map<String, String> bound = job.boundPods();
        assertEquals(new TreeSet<>(slotNodes.values()), new TreeSet<>(List.of(bound.get("web-0"), bound.get("web-1"))),
                "the pods landed where the slots were");
        assertTrue(job.placements.stream().filter(p -> p.getPodId().startsWith("web-"))
                .allMatch(p -> p.getReason().startsWith("took reservation slot reservation/web/")), "each BIND says so");
        assertTrue(slots(job).isEmpty(), "the release used the slots up");
        assertEquals(0, job.app("web").state().getReserved());
        assertEquals(0, job.app("web").state().getSlots());
        assertEquals(2, job.lastOutcome("b1").getPlaced(), "batch did not get the reserved room meanwhile");
    }

    @Test
    void aPublishRightAfterTheReserveStillLandsInTheSlots() {
        MemoryPlacement job = cluster(2, 1, 1, 2000, 4096);
        job.request(publish("b1", "batch", 2, template(1000, 1024)));
        job.settle();
        job.request(reserve("r1", "web", 2, template(1000, 1024)));
        job.request(publish("w1", "web", 2, template(1000, 1024))); // slots still in flight
        job.settle();

        assertEquals(OutcomeStatus.PLACED, job.lastOutcome("r1").getStatus());
        assertEquals(OutcomeStatus.PLACED, job.lastOutcome("w1").getStatus());
        assertEquals(4, job.boundPods().size());
        assertTrue(slots(job).isEmpty());
        assertEquals(0, job.app("web").state().getReserved());
        assertTrue(job.app("web").state().getSlotClaims().isEmpty(), "every claim settled");
    }

    @Test
    void morePodsThanSlotsTakeTheSlotsFirstThenFreeRoom() {
        MemoryPlacement job = cluster(3, 1, 2, 4000, 8192);
        job.request(reserve("r1", "web", 2, template(1000, 1024)));
        job.settle();
        Map<String, String> slotNodes = slots(job);
        job.request(publish("w1", "web", 5, template(1000, 1024)));
        job.settle();

        assertEquals(5, job.boundPods().size());
        assertTrue(job.boundPods().values().containsAll(slotNodes.values()));
        assertTrue(slots(job).isEmpty());
        assertEquals(3, prefixes(job.boundPods().values(), 1).size(), "still spread over every switch");
    }

    @Test
    void aPodLargerThanASlotTakesItWhenTheSlotsNodeHasTheRestOfTheRoom() {
        MemoryPlacement job = cluster(2, 1, 1, 2500, 8192);
        job.request(reserve("r1", "web", 2, template(1000, 1024)));
        job.settle();
        job.request(publish("w1", "web", 1, template(2000, 1024))); // 1500m free per node without a slot
        job.settle();

        assertEquals(OutcomeStatus.PLACED, job.lastOutcome("w1").getStatus());
        assertEquals(1, slots(job).size(), "the pod used one slot and the room beside it");
        assertEquals(1, job.app("web").state().getReserved());
        assertTrue(job.app("web").state().getSlotClaims().isEmpty());
    }

    @Test
    void reserveZeroCancelsAndTheFreedRoomGoesToPendingPods() {
        MemoryPlacement job = cluster(1, 1, 2, 1000, 2048);
        job.request(reserve("r1", "web", 2, template(1000, 1024)));
        job.settle();
        job.request(publish("b1", "batch", 2, template(1000, 1024)));
        job.settle();
        assertEquals(OutcomeStatus.PENDING, job.lastOutcome("b1").getStatus());

        job.request(reserve("r2", "web", 0, null));
        job.settle();
        assertEquals(OutcomeStatus.COMPLETED, job.lastOutcome("r2").getStatus());
        assertEquals(0, job.lastOutcome("r2").getPlaced());
        assertTrue(slots(job).isEmpty());
        assertEquals(OutcomeStatus.PLACED, job.lastOutcome("b1").getStatus(), "pending pods took the freed room");
        assertTrue(job.placements.stream().noneMatch(p -> p.getPodId().startsWith("reservation/")));
    }

    @Test
    void slotsThatFitNowhereWaitWithReasonsAndAreHeldWhenANodeArrives() {
        MemoryPlacement job = cluster(1, 1, 1, 2000, 4096);
        job.request(reserve("r1", "web", 3, template(1000, 1024)));
        job.settle();
        RequestOutcome partial = job.lastOutcome("r1");
        assertEquals(OutcomeStatus.PARTIALLY_PLACED, partial.getStatus());
        assertEquals(2, partial.getPlaced());
        assertEquals(1, partial.getPending());
        assertEquals(Map.of("NodeResourcesFit", 1), partial.getPendingReasons());
        assertTrue(job.app("web").hasPending(), "a capacity change finds the app");

        job.node(register("s1-c0-h0", "s1", "s1-c0", 2000, 4096));
        job.settle();
        assertEquals(OutcomeStatus.PLACED, job.lastOutcome("r1").getStatus());
        assertEquals(3, slots(job).size());
        assertFalse(job.app("web").hasPending());
    }

    @Test
    void slotsOfARemovedNodeAreHeldElsewhereAndInventoriesDoNotLoseThem() {
        MemoryPlacement job = cluster(2, 1, 2, 2000, 4096);
        job.request(reserve("r1", "web", 2, template(1000, 1024)));
        job.settle();
        Map<String, String> before = slots(job);
        String lostNode = before.get("reservation/web/0");

        // A host reports an empty inventory long after the slot was bound: a slot runs nowhere, it stays.
        job.advance(10 * 60_000);
        String other = before.get("reservation/web/1");
        job.host(other, null, new NodeInventory(other, List.of(), job.time()), null);
        job.settle();
        assertEquals(before.get("reservation/web/1"), slots(job).get("reservation/web/1"));

        job.node(event(lostNode, NodeEventType.REMOVE));
        job.settle();
        Map<String, String> after = slots(job);
        assertEquals(2, after.size());
        assertFalse(after.containsValue(lostNode));
        assertTrue(job.placements.isEmpty(), "neither the loss nor the move of a slot reaches executors");
    }

    @Test
    void aNewTemplateReplacesTheHeldSlots() {
        MemoryPlacement job = cluster(2, 1, 2, 4000, 8192);
        job.request(reserve("r1", "web", 2, template(1000, 1024)));
        job.settle();
        job.request(reserve("r2", "web", 3, template(2000, 2048)));
        job.settle();

        assertEquals(OutcomeStatus.PLACED, job.lastOutcome("r2").getStatus());
        assertEquals(Set.of("reservation/web/2", "reservation/web/3", "reservation/web/4"), slots(job).keySet(),
                "the old template's slots were released, slot ids are never reused");
        long cpu = job.nodeStates().stream().flatMap(n -> n.getPods().stream())
                .mapToLong(p -> p.getResources().getCpuMillis()).sum();
        assertEquals(6000, cpu);
    }

    @Test
    void destroyReleasesTheReservationAndTheAppCanBePublishedAgain() {
        MemoryPlacement job = cluster(2, 1, 1, 2000, 4096);
        job.request(reserve("r1", "web", 2, template(1000, 1024)));
        job.settle();
        job.request(publish("w1", "web", 1, template(1000, 1024)));
        job.settle();
        assertEquals(1, slots(job).size(), "one slot used by the release, one still held");

        job.request(destroy("d1", "web"));
        job.settle();
        assertEquals(OutcomeStatus.COMPLETED, job.lastOutcome("d1").getStatus());
        assertTrue(slots(job).isEmpty());
        assertTrue(job.boundPods().isEmpty());
        assertTrue(job.app("web").state().getDestroyed(), "a tombstone");
        assertEquals(0, job.app("web").state().getSlots());

        job.request(publish("w2", "web", 2, template(1000, 1024)));
        job.settle();
        assertEquals(OutcomeStatus.PLACED, job.lastOutcome("w2").getStatus());
        assertTrue(job.placements.stream().filter(p -> p.getAction() == PlacementAction.BIND)
                .allMatch(p -> p.getPodId().startsWith("web-")));
    }

    @Test
    void anAppWithOnlyAReservationCanBeDestroyedOrScaledOnlyOncePublished() {
        MemoryPlacement job = cluster(2, 1, 1, 4000, 8192);
        job.request(reserve("r1", "web", 2, template(1000, 1024)));
        job.settle();
        job.request(request("s1", "web", RequestType.SCALE, 3, null, null));
        assertEquals(OutcomeStatus.REJECTED, job.lastOutcome("s1").getStatus(), "nothing published to scale yet");
        job.request(destroy("d1", "web"));
        job.settle();
        assertEquals(OutcomeStatus.COMPLETED, job.lastOutcome("d1").getStatus());
        assertTrue(slots(job).isEmpty());
        assertTrue(job.app("web").state().getDestroyed());
        assertTrue(job.placements.isEmpty());
    }

    @Test
    void invalidReservationsAreRejectedFieldByField() {
        MemoryPlacement job = cluster(1, 1, 1, 2000, 4096);
        job.request(reserve("r1", "web", 2, null));
        job.request(reserve("r2", "web", -1, template(1000, 1024)));
        job.request(request("r3", "web", RequestType.RESERVE, null, template(1000, 1024), null));
        job.request(reserve("r4", "web", 1, template(0, 0)));

        assertEquals("template: required for RESERVE", job.lastOutcome("r1").getMessage());
        assertEquals("replicas: must be >= 0, got -1", job.lastOutcome("r2").getMessage());
        assertEquals("replicas: required for RESERVE", job.lastOutcome("r3").getMessage());
        assertTrue(job.lastOutcome("r4").getMessage().startsWith("template.resources"), job.lastOutcome("r4").getMessage());
        assertEquals(4, job.deadLetters.size());
        assertTrue(job.outcomes.stream().allMatch(o -> o.getStatus() == OutcomeStatus.REJECTED));
    }

    /**
     * Random RESERVE / PUBLISH / SCALE / DESTROY / node removals and additions, the loop's records
     * delivered in a random order per seed: once settled, the app side and the partitions agree on
     * every slot, no slot ever reached an executor, no node is overcommitted, no claim is left, and
     * every app holds exactly the slots it still wants (the cluster has room for all of them).
     */
    @Test
    void slotBookkeepingHoldsUnderRandomRequestsAndLoopOrders() {
        int held = 0;
        int taken = 0;
        for (long seed = 0; seed < 200; seed++) {
            try {
                int[] counts = randomRun(seed);
                held += counts[0];
                taken += counts[1];
            } catch (AssertionError e) {
                throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
            }
        }
        assertTrue(held > 100 && taken > 100, "the runs exercised slots: " + held + " held, " + taken + " taken");
    }

    /** Returns {slots held at the end, slots taken by pods}. */
    private static int[] randomRun(long seed) {
        java.util.Random random = new java.util.Random(seed);
        MemoryPlacement job = new MemoryPlacement().shuffleLoop(seed);
        topology(2, 2, 3, 8000, 16384).forEach(job::node);
        job.settle(); // registered before anything removes them (node() queues its command first)
        int extraNodes = 0;
        Set<String> removed = new TreeSet<>();
        for (int step = 0; step < 25; step++) {
            String app = "a" + random.nextInt(3);
            String id = "q" + step;
            PodTemplate shape = template(random.nextBoolean() ? 1000 : 1500, 1024);
            switch (random.nextInt(7)) {
                case 0, 1 -> job.request(reserve(id, app, random.nextInt(4), shape));
                case 2 -> job.request(publish(id, app, random.nextInt(4), shape));
                case 3 -> job.request(request(id, app, RequestType.SCALE, random.nextInt(5), null, null));
                case 4 -> job.request(destroy(id, app));
                case 5 -> {
                    String node = "s" + random.nextInt(2) + "-c" + random.nextInt(2) + "-h" + random.nextInt(3);
                    if (removed.add(node)) {
                        job.node(event(node, NodeEventType.REMOVE));
                    }
                }
                default -> {
                    String sw = "s" + random.nextInt(2);
                    job.node(register(sw + "-cx-h" + extraNodes++, sw, sw + "-cx", 8000, 16384));
                }
            }
            if (random.nextInt(3) == 0) {
                job.checkpoint();
            }
        }
        job.settle(400);

        Map<String, String> partitionSlots = slots(job);
        Map<String, String> appSlots = new TreeMap<>();
        for (String app : List.of("a0", "a1", "a2")) {
            MemoryAppStore store = job.app(app);
            var s = store == null ? null : store.state();
            if (s == null) {
                continue; // never accepted a request
            }
            assertEquals(s.getSlots(), store.slotsById().size(), app + " slot count");
            assertTrue(s.getSlotClaims().isEmpty(), app + " claims left: " + s.getSlotClaims());
            long pending = store.slotsById().values().stream()
                    .filter(p -> p.getPhase() == io.sigmaflow.schema.job.AppPodPhase.PENDING).count();
            assertEquals(s.getSlotPending(), pending, app + " pending slots");
            assertEquals(0, pending, app + ": the cluster has room for every slot");
            store.slotsById().values().forEach(slot -> {
                assertEquals(io.sigmaflow.schema.job.AppPodPhase.BOUND, slot.getPhase(), slot.toString());
                appSlots.put(slot.getPodId(), slot.getNodeId());
            });
            assertEquals(s.getReserved(), s.getSlots(), app + " holds what it wants");
            assertTrue(s.getOpenReservations().isEmpty(), app + " RESERVE outcomes settled");
        }
        assertEquals(partitionSlots, appSlots, "app side and partitions agree on every slot");
        assertTrue(job.placements.stream().noneMatch(p -> p.getPodId().startsWith("reservation/")));
        for (NodeState node : job.nodeStates()) {
            long cpu = node.getPods().stream().mapToLong(p -> p.getResources().getCpuMillis()).sum();
            assertTrue(cpu <= node.getAllocatable().getCpuMillis(), node.getNodeId() + " overcommitted: " + cpu);
        }
        int taken = (int) job.placements.stream()
                .filter(p -> p.getReason() != null && p.getReason().startsWith("took reservation slot")).count();
        return new int[] {appSlots.size(), taken};
    }
}
