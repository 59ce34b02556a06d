package io.sigmaflow.jobs.job;

import static io.sigmaflow.jobs.testing.JobRecords.destroy;
import static io.sigmaflow.jobs.testing.JobRecords.register;
import static io.sigmaflow.jobs.testing.JobRecords.publish;
import static io.sigmaflow.jobs.testing.JobRecords.scale;
import static io.sigmaflow.jobs.testing.JobRecords.template;
import static io.sigmaflow.jobs.testing.JobRecords.topology;
import static io.sigmaflow.jobs.testing.JobRecords.upgrade;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.jobs.testing.JobRecords;
import io.sigmaflow.jobs.testing.Outcomes;
import io.sigmaflow.jobs.testing.RunningJob;
import io.sigmaflow.schema.DeadLetter;
import io.sigmaflow.schema.NodeState;
import io.sigmaflow.schema.OutcomeStatus;
import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.PlacementRequest;
import io.sigmaflow.schema.RequestOutcome;
import io.sigmaflow.schema.RequestType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The placement job end to end on a mini cluster (parallelism 2, RocksDB, checkpoints) against the
 * real broker: requests and node events in through Kafka, committed placements and outcomes out.
 */
class PlacementJobIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static boolean outcome(List<RequestOutcome> outcomes, String requestId, OutcomeStatus status) {
        return outcomes.stream().anyMatch(o -> o.getRequestId().equals(requestId) && o.getStatus() == status);
    }

    private static Map<String, Integer> perSwitch(Map<String, String> bound, String app) {
        Map<String, Integer> counts = new TreeMap<>();
        bound.forEach((pod, node) -> {
            if (pod.startsWith(app + "-")) {
                counts.merge(node.split("-")[0], 1, Integer::sum);
            }
        });
        return counts;
    }

    @Test
    void publishScaleUpgradeDestroyThroughKafka() throws Exception {
        try (RunningJob job = RunningJob.prepare("lifecycle", Map.of()).start(2)) {
            job.kafka.produce(job.topics.nodeEvents(), topology(3, 2, 4, 8000, 16384));
            job.kafka.consumeUntil(job.topics.nodeState(), l -> l.size() >= 24, WAIT);

            job.kafka.produce(job.topics.requests(), publish("p1", "web", 6, template(1000, 1024)));
            List<RequestOutcome> outcomes = job.kafka.consumeUntil(job.topics.outcomes(),
                    l -> outcome(l, "p1", OutcomeStatus.PLACED), WAIT);
            assertTrue(outcome(outcomes, "p1", OutcomeStatus.PLACED), outcomes.toString());
            Map<String, String> bound = RunningJob.bound(job.placements(l -> RunningJob.bound(l).size() >= 6, WAIT));
            assertEquals(Map.of("s0", 2, "s1", 2, "s2", 2), perSwitch(bound, "web"));

            job.kafka.produce(job.topics.requests(), scale("s1", "web", 3));
            job.kafka.consumeUntil(job.topics.outcomes(), l -> outcome(l, "s1", OutcomeStatus.PLACED), WAIT);
            bound = RunningJob.bound(job.placements(l -> RunningJob.bound(l).size() == 3, WAIT));
            assertEquals(Map.of("s0", 1, "s1", 1, "s2", 1), perSwitch(bound, "web"));

            job.kafka.produce(job.topics.requests(), upgrade("u1", "web", template(2000, 2048), 1, 1));
            outcomes = job.kafka.consumeUntil(job.topics.outcomes(), l -> outcome(l, "u1", OutcomeStatus.COMPLETED), WAIT);
            assertTrue(outcome(outcomes, "u1", OutcomeStatus.COMPLETED), outcomes.toString());
            // The outcome and the placements are separate transactions: wait for the upgraded set itself.
            List<Placement> placements = job.placements(l -> upgradedTo(l, 2000, 3), WAIT);
            bound = RunningJob.bound(placements);
            assertEquals(3, bound.size());
            for (String pod : bound.keySet()) {
                Placement bind = placements.stream().filter(p -> p.getPodId().equals(pod)).findFirst().orElseThrow();
                assertEquals(2000, bind.getResources().getCpuMillis(), pod + " runs the new template");
            }
            assertEquals(Map.of("s0", 1, "s1", 1, "s2", 1), perSwitch(bound, "web"));

            job.kafka.produce(job.topics.requests(), destroy("d1", "web"));
            job.kafka.consumeUntil(job.topics.outcomes(), l -> outcome(l, "d1", OutcomeStatus.COMPLETED), WAIT);
            assertTrue(RunningJob.bound(job.placements(l -> RunningJob.bound(l).isEmpty(), WAIT)).isEmpty());
            List<NodeState> states = job.kafka.consumeUntil(job.topics.nodeState(), l -> false, Duration.ofSeconds(2));
            Map<String, NodeState> latest = new TreeMap<>();
            states.forEach(s -> latest.put(s.getNodeId(), s));
            assertEquals(24, latest.size());
            assertTrue(latest.values().stream().allMatch(s -> s.getPods().isEmpty()), "every node is free again");
        }
    }

    /**
     * The job's contract on {@code sigma.outcomes}: read raw, in topic order (no reader's rule), no
     * request's ACCEPTED comes after its answer, and each request's last record is its answer. Many
     * apps at once over parallelism 2 with the producers' batching (linger.ms 100), the case where
     * an answer given at commit used to overtake its ACCEPTED.
     */
    @Test
    void everyRequestsAcceptedComesBeforeItsAnswerOnTheTopic() throws Exception {
        try (RunningJob job = RunningJob.prepare("outcome-order", Map.of()).start(2)) {
            job.kafka.produce(job.topics.nodeEvents(), topology(3, 2, 4, 8000, 16384));
            job.kafka.consumeUntil(job.topics.nodeState(), l -> l.size() >= 24, WAIT);
            int apps = 40;
            List<String> ids = new ArrayList<>();
            for (int round = 0; round < 2; round++) {
                List<PlacementRequest> requests = new ArrayList<>();
                for (int a = 0; a < apps; a++) {
                    String id = (round == 0 ? "p" : "s") + a;
                    requests.add(round == 0 ? publish(id, "app" + a, 2, template(100, 128)) : scale(id, "app" + a, 3));
                    ids.add(id);
                }
                job.kafka.produce(job.topics.requests(), requests);
                int upTo = ids.size();
                job.kafka.consumeUntil(job.topics.outcomes(),
                        l -> ids.subList(0, upTo).stream().allMatch(id -> Outcomes.settled(l, id) != null), WAIT);
            }
            List<RequestOutcome> raw = job.kafka.consumeUntil(job.topics.outcomes(), l -> false, Duration.ofSeconds(2));
            assertEquals(List.of(), Outcomes.acceptedAfterAnswer(raw), "ACCEPTED read after its own answer");
            Map<String, RequestOutcome> last = new TreeMap<>();
            raw.forEach(o -> last.put(o.getRequestId(), o));
            for (String id : ids) {
                assertEquals(OutcomeStatus.PLACED, last.get(id).getStatus(), id + "'s last record: " + last.get(id));
            }
        }
    }

    /** Pods of {@code app} per domain at each level (switch, chassis, host), from node ids s-c-h. */
    private static Map<String, Integer> perDomain(Map<String, String> bound, String app, int level) {
        Map<String, Integer> counts = new TreeMap<>();
        bound.forEach((pod, node) -> {
            if (pod.startsWith(app + "-")) {
                counts.merge(String.join("-", List.of(node.split("-")).subList(0, level + 1)), 1, Integer::sum);
            }
        });
        return counts;
    }

    @Test
    void dispersionIsOptimalAtEveryLevelAndBadInputIsDeadLetteredWhileTheJobGoesOn()
            throws Exception {
        try (RunningJob job = RunningJob.prepare("dispersion", Map.of()).start(2)) {
            job.kafka.produce(job.topics.nodeEvents(), topology(3, 2, 4, 8000, 16384));
            job.kafka.consumeUntil(job.topics.nodeState(), l -> l.size() >= 24, WAIT);

            job.kafka.produceRaw(job.topics.requests().name(), "web", "not avro at all".getBytes());
            job.kafka.produce(job.topics.requests(), publish("bad", "web", -3, template(1000, 1024)));
            job.kafka.produce(job.topics.requests(), publish("p6", "six", 6, template(1000, 1024)),
                    publish("p24", "web", 24, template(1000, 1024)), publish("p12", "twelve", 12, template(1000, 1024)));

            List<RequestOutcome> outcomes = job.kafka.consumeUntil(job.topics.outcomes(),
                    l -> outcome(l, "p6", OutcomeStatus.PLACED) && outcome(l, "p24", OutcomeStatus.PLACED)
                            && outcome(l, "p12", OutcomeStatus.PLACED) && outcome(l, "bad", OutcomeStatus.REJECTED), WAIT);
            RequestOutcome rejected = outcomes.stream().filter(o -> o.getRequestId().equals("bad")).findFirst().orElseThrow();
            assertEquals("replicas: must be >= 0, got -3", rejected.getMessage());

            Map<String, String> bound = RunningJob.bound(job.placements(l -> RunningJob.bound(l).size() >= 42, WAIT));
            // 24 hosts: every app as spread as the cluster allows, at every level.
            assertEquals(Map.of("s0", 8, "s1", 8, "s2", 8), perDomain(bound, "web", 0));
            assertTrue(perDomain(bound, "web", 1).values().stream().allMatch(n -> n == 4), "4 per chassis");
            assertTrue(perDomain(bound, "web", 2).values().stream().allMatch(n -> n == 1), "1 per host");
            assertEquals(24, perDomain(bound, "web", 2).size());
            assertEquals(Map.of("s0", 2, "s1", 2, "s2", 2), perDomain(bound, "six", 0));
            assertEquals(6, perDomain(bound, "six", 1).size(), "6 pods on 6 chassis");
            assertEquals(Map.of("s0", 4, "s1", 4, "s2", 4), perDomain(bound, "twelve", 0));
            assertTrue(perDomain(bound, "twelve", 1).values().stream().allMatch(n -> n == 2));
            assertEquals(12, perDomain(bound, "twelve", 2).size(), "12 pods on 12 hosts");

            List<DeadLetter> dead = job.kafka.consumeUntil(job.topics.deadLetters(), l -> l.size() >= 2, WAIT);
            assertEquals(2, dead.size(), dead.toString());
            assertTrue(dead.stream().anyMatch(d -> d.getErrorType().equals("NOT_SINGLE_OBJECT")), dead.toString());
            assertTrue(dead.stream().anyMatch(d -> d.getErrorType().equals("INVALID")
                    && d.getReason().contains("replicas: must be >= 0")), dead.toString());
        }
    }

    @Test
    void aClusterTooSmallLeavesPodsPendingWithReasonsUntilANodeIsAdded() throws Exception {
        try (RunningJob job = RunningJob.prepare("pending", Map.of()).start(2)) {
            job.kafka.produce(job.topics.nodeEvents(), register("s0-c0-h0", "s0", "s0-c0", 2000, 4096));
            job.kafka.consumeUntil(job.topics.nodeState(), l -> !l.isEmpty(), WAIT);
            Thread.sleep(3 * RunningJob.CHECKPOINTS.toMillis()); // the partition's summary reaches the router

            job.kafka.produce(job.topics.requests(), publish("p1", "web", 3, template(1000, 1024)));
            List<RequestOutcome> outcomes = job.kafka.consumeUntil(job.topics.outcomes(),
                    l -> outcome(l, "p1", OutcomeStatus.PARTIALLY_PLACED), WAIT);
            RequestOutcome partial = outcomes.stream().filter(o -> o.getStatus() == OutcomeStatus.PARTIALLY_PLACED)
                    .findFirst().orElseThrow();
            assertEquals(2, partial.getPlaced());
            assertEquals(1, partial.getPending());
            assertEquals(Map.of("NodeResourcesFit", 1), partial.getPendingReasons());
            assertTrue(partial.getMessage().contains("0/1 nodes are available"), partial.getMessage());

            job.kafka.produce(job.topics.nodeEvents(), register("s1-c0-h0", "s1", "s1-c0", 2000, 4096));
            job.kafka.consumeUntil(job.topics.outcomes(), l -> outcome(l, "p1", OutcomeStatus.PLACED), WAIT);
            Map<String, String> bound = RunningJob.bound(job.placements(l -> RunningJob.bound(l).size() >= 3, WAIT));
            assertEquals(3, bound.size());
            assertTrue(bound.containsValue("s1-c0-h0"), "the pending pod went to the new node");
        }
    }

    @Test
    void aReservationHoldsCapacityThatOnlyTheReleaseUses() throws Exception {
        try (RunningJob job = RunningJob.prepare("reserve", Map.of()).start(2)) {
            job.kafka.produce(job.topics.nodeEvents(), topology(2, 1, 1, 2000, 4096)); // room for 4 pods of 1000m
            job.kafka.consumeUntil(job.topics.nodeState(), l -> l.size() >= 2, WAIT);
            Thread.sleep(3 * RunningJob.CHECKPOINTS.toMillis()); // the partitions' summaries reach the router

            job.kafka.produce(job.topics.requests(), JobRecords.request("r1", "web", RequestType.RESERVE, 2,
                    template(1000, 1024), null));
            List<RequestOutcome> outcomes = job.kafka.consumeUntil(job.topics.outcomes(),
                    l -> outcome(l, "r1", OutcomeStatus.PLACED), WAIT);
            RequestOutcome held = outcomes.stream().filter(o -> o.getRequestId().equals("r1")
                    && o.getStatus() == OutcomeStatus.PLACED).findFirst().orElseThrow();
            assertEquals(2, held.getPlaced());
            Map<String, String> slots = slots(job.kafka.consumeUntil(job.topics.nodeState(),
                    l -> slots(l).size() == 2, WAIT));
            assertEquals(2, slots.size(), "the node-state topic shows the slots");

            job.kafka.produce(job.topics.requests(), publish("b1", "batch", 4, template(1000, 1024)));
            job.kafka.consumeUntil(job.topics.outcomes(), l -> outcome(l, "b1", OutcomeStatus.PARTIALLY_PLACED), WAIT);
            job.kafka.produce(job.topics.requests(), publish("w1", "web", 2, template(1000, 1024)));
            job.kafka.consumeUntil(job.topics.outcomes(), l -> outcome(l, "w1", OutcomeStatus.PLACED), WAIT);

            List<Placement> placements = job.placements(l -> RunningJob.bound(l).size() >= 4, WAIT);
            Map<String, String> bound = RunningJob.bound(placements);
            assertEquals(new java.util.TreeSet<>(slots.values()),
                    new java.util.TreeSet<>(List.of(bound.get("web-0"), bound.get("web-1"))), "web landed in its slots");
            assertEquals(2, bound.keySet().stream().filter(p -> p.startsWith("batch-")).count(),
                    "batch got only the room nobody reserved");
            assertTrue(placements.stream().noneMatch(p -> p.getPodId().startsWith("reservation/")),
                    "no slot ever reaches an executor");
            assertTrue(slots(job.kafka.consumeUntil(job.topics.nodeState(), l -> false, Duration.ofSeconds(2))).isEmpty(),
                    "the release used the slots up");
        }
    }

    /**
     * A request held behind its app's pods in flight (a scale right behind its publish) is released
     * by the loop's results, which arrive after the commit, when every input of the app side has
     * been quiet for longer than the idleness (checked once with a probe: the app side's inputs were
     * idle at the release). An idle output drops the watermarks it is given (Flink's
     * RecordWriterOutput), so the release's own watermark never leaves; the partitions must still
     * apply its commands (the node events' watermark follows the wall clock when quiet), with nothing
     * sent after it (slice18's concern, docs/decisions.md).
     */
    @Test
    void aRequestHeldBehindItsAppsPodsIsPlacedWithNothingSentAfterIt() throws Exception {
        try (RunningJob job = RunningJob.prepare("held-quiet", Map.of()).start(2)) {
            job.kafka.produce(job.topics.nodeEvents(), topology(3, 2, 4, 8000, 16384));
            job.kafka.consumeUntil(job.topics.nodeState(), l -> l.size() >= 24, WAIT);
            Thread.sleep(3 * RunningJob.CHECKPOINTS.toMillis()); // the partitions' summaries reach the router

            job.kafka.produce(job.topics.requests(), publish("p1", "web", 6, template(1000, 1024)));
            Thread.sleep(20); // a later event time: the scale's own timer, which finds p1's pods in flight
            job.kafka.produce(job.topics.requests(), scale("s1", "web", 9));
            List<RequestOutcome> outcomes = job.kafka.consumeUntil(job.topics.outcomes(),
                    l -> outcome(l, "s1", OutcomeStatus.PLACED), WAIT);
            assertTrue(outcome(outcomes, "p1", OutcomeStatus.PLACED), outcomes.toString());
            assertEquals(9, RunningJob.bound(job.placements(l -> RunningJob.bound(l).size() >= 9, WAIT)).size());
        }
    }

    /** The reservation slots in the latest snapshot of each node: slot id -> node. */
    private static Map<String, String> slots(List<NodeState> states) {
        Map<String, NodeState> latest = new TreeMap<>();
        states.forEach(s -> latest.put(s.getNodeId(), s));
        Map<String, String> slots = new TreeMap<>();
        latest.values().forEach(s -> s.getPods().stream().filter(p -> p.getPodId().startsWith("reservation/"))
                .forEach(p -> slots.put(p.getPodId(), s.getNodeId())));
        return slots;
    }

    /** Exactly {@code pods} pods bound, each bound with {@code cpuMillis} (the new template). */
    private static boolean upgradedTo(List<Placement> placements, long cpuMillis, int pods) {
        Map<String, String> bound = RunningJob.bound(placements);
        return bound.size() == pods && bound.keySet().stream().allMatch(pod -> placements.stream()
                .filter(p -> p.getPodId().equals(pod)).findFirst()
                .map(p -> p.getResources().getCpuMillis() == cpuMillis).orElse(false));
    }
}
