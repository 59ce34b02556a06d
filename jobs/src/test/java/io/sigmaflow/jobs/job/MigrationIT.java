package io.sigmaflow.jobs.job;

import io.sigmaflow.connectors.view.LatestOutcomes;
import static io.sigmaflow.jobs.testing.JobRecords.publish;
import static io.sigmaflow.jobs.testing.JobRecords.register;
import static io.sigmaflow.jobs.testing.JobRecords.template;
import static io.sigmaflow.jobs.testing.Migrations.migration;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.jobs.testing.Migrations;
import io.sigmaflow.jobs.testing.RunningJob;
import io.sigmaflow.schema.DeadLetter;
import io.sigmaflow.schema.Migration;
import io.sigmaflow.schema.NodeEvent;
import io.sigmaflow.schema.OutcomeStatus;
import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.PlacementAction;
import io.sigmaflow.schema.RequestOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A rebalancing plan through the real broker into the placement job on a mini cluster (parallelism
 * 2, RocksDB, checkpoints): a valid move is made before it breaks, stale and unsafe steps are
 * refused with their reason while the rest goes on, waves apply in order, and no node is ever
 * overcommitted in the committed placement stream.
 */
class MigrationIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static RequestOutcome last(List<RequestOutcome> outcomes, String requestId) {
        return LatestOutcomes.byRequest(outcomes).get(requestId);
    }

    private static boolean settled(List<RequestOutcome> outcomes, String requestId) {
        RequestOutcome o = last(outcomes, requestId);
        return o != null && (o.getStatus() == OutcomeStatus.COMPLETED || o.getStatus() == OutcomeStatus.REJECTED);
    }

    private static Placement find(List<Placement> placements, String pod, PlacementAction action, String node) {
        return placements.stream()
                .filter(p -> p.getPodId().equals(pod) && p.getAction() == action && p.getNodeId().equals(node))
                .findFirst().orElseThrow(() -> new AssertionError("no " + action + " of " + pod + " on " + node));
    }

    @Test
    void aPlanIsAppliedMakeBeforeBreakWaveByWaveAndStaleStepsAreRefused() throws Exception {
        try (RunningJob job = RunningJob.prepare("migrations", Map.of()).start(2)) {
            List<NodeEvent> nodes = new ArrayList<>(List.of(register("s0-c0-h0", "s0", "s0-c0", 4000, 8192),
                    register("s0-c0-h1", "s0", "s0-c0", 4000, 8192)));
            job.kafka.produce(job.topics.nodeEvents(), nodes);
            job.kafka.consumeUntil(job.topics.nodeState(), l -> l.size() >= 2, WAIT);
            Thread.sleep(3 * RunningJob.CHECKPOINTS.toMillis()); // the partition's summary reaches the router
            job.kafka.produce(job.topics.requests(), publish("p-web", "web", 2, template(1000, 1024)),
                    publish("p-api", "api", 1, template(500, 512)));
            job.kafka.consumeUntil(job.topics.outcomes(), l -> last(l, "p-web") != null
                    && last(l, "p-web").getStatus() == OutcomeStatus.PLACED && last(l, "p-api") != null
                    && last(l, "p-api").getStatus() == OutcomeStatus.PLACED, WAIT);
            List<NodeEvent> more = List.of(register("s1-c0-h0", "s1", "s1-c0", 4000, 8192),
                    register("s1-c0-h1", "s1", "s1-c0", 500, 8192));
            nodes.addAll(more);
            job.kafka.produce(job.topics.nodeEvents(), more);
            job.kafka.consumeUntil(job.topics.nodeState(), l -> l.stream().anyMatch(s -> s.getNodeId().equals("s1-c0-h1")),
                    WAIT);
            Map<String, String> before = RunningJob.bound(job.placements(l -> RunningJob.bound(l).size() >= 3, WAIT));
            String web0 = before.get("web-0");
            String web1 = before.get("web-1");
            String api0 = before.get("api-0");
            String notApi0 = api0.equals("s0-c0-h0") ? "s0-c0-h1" : "s0-c0-h0";

            job.kafka.produceRaw(job.topics.migrations().name(), "web", "not a migration".getBytes());
            long created = System.currentTimeMillis(); // plans are held against the job's clock: a real time
            List<Migration> plan = List.of(
                    migration("plan-1", created, 0, 5, "web", "web-0", web0, "s1-c0-h0"),   // moves
                    migration("plan-1", created, 0, 5, "web", "web-1", web1, "s1-c0-h0"),   // max-unavailable 1
                    migration("plan-1", created, 0, 5, "api", "api-0", notApi0, "s1-c0-h0"), // stale: not there
                    migration("plan-1", created, 1, 5, "web", "web-1", web1, "s1-c0-h1"),   // no room there
                    migration("plan-1", created, 1, 5, "api", "api-0", api0, "s1-c0-h1"));  // moves, in wave 1
            job.kafka.produce(job.topics.migrations(), plan);

            List<String> ids = plan.stream().map(m -> "migration/plan-1/" + m.getPodId()).distinct().toList();
            List<RequestOutcome> outcomes = job.kafka.consumeUntil(job.topics.outcomes(),
                    l -> ids.stream().allMatch(id -> settled(l, id)) && l.stream().filter(o ->
                            o.getRequestId().startsWith("migration/")
                                    && o.getStatus() != OutcomeStatus.ACCEPTED).count() >= 5, WAIT);
            Map<String, List<String>> answers = new TreeMap<>();
            for (RequestOutcome o : outcomes) {
                if (o.getRequestId().startsWith("migration/") && o.getStatus() != OutcomeStatus.ACCEPTED) {
                    answers.computeIfAbsent(o.getRequestId(), k -> new ArrayList<>())
                            .add(o.getStatus() + ": " + o.getMessage());
                }
            }
            assertEquals(List.of("COMPLETED: moved web-0 from " + web0 + " to s1-c0-h0"),
                    answers.get("migration/plan-1/web-0"));
            List<String> web1Answers = answers.get("migration/plan-1/web-1");
            assertEquals(2, web1Answers.size(), web1Answers.toString());
            assertTrue(web1Answers.contains("REJECTED: max-unavailable of app web is 1: 1 pod(s) moving and 0 unavailable"),
                    web1Answers.toString());
            assertTrue(web1Answers.stream().anyMatch(a -> a.startsWith("REJECTED: migration of web-1 to s1-c0-h1 refused: ")
                    && a.contains("NodeResourcesFit")), web1Answers.toString());
            List<String> apiAnswers = answers.get("migration/plan-1/api-0");
            assertEquals(List.of("REJECTED: stale: pod api-0 is on " + api0 + ", not on " + notApi0,
                    "COMPLETED: moved api-0 from " + api0 + " to s1-c0-h1"), apiAnswers);

            List<Placement> placements = new ArrayList<>(job.placements(l -> {
                Map<String, String> b = RunningJob.bound(l);
                return "s1-c0-h0".equals(b.get("web-0")) && "s1-c0-h1".equals(b.get("api-0"))
                        && l.stream().filter(p -> p.getAction() == PlacementAction.UNBIND).count() >= 2;
            }, WAIT));
            assertEquals(Map.of("web-0", "s1-c0-h0", "web-1", web1, "api-0", "s1-c0-h1"), RunningJob.bound(placements));
            // Make before break: the target's BIND, then (a generation later at least) the source's UNBIND.
            Placement bindWeb = find(placements, "web-0", PlacementAction.BIND, "s1-c0-h0");
            Placement unbindWeb = find(placements, "web-0", PlacementAction.UNBIND, web0);
            assertTrue(find(placements, "web-0", PlacementAction.BIND, web0).getGeneration() < bindWeb.getGeneration());
            assertTrue(bindWeb.getGeneration() < unbindWeb.getGeneration(), bindWeb + " / " + unbindWeb);
            // Wave 1 started after wave 0 settled: api-0's BIND is causally after web-0's UNBIND.
            assertTrue(unbindWeb.getGeneration() < find(placements, "api-0", PlacementAction.BIND, "s1-c0-h1")
                    .getGeneration());
            assertEquals(4, placements.stream().filter(p -> Set.of("web-0", "api-0").contains(p.getPodId())
                    && p.getGeneration() > bindWeb.getGeneration() - 1).count(), "two BINDs and two UNBINDs moved them");
            // Generations order every partition's commits and causality between them: replay in that order.
            placements.sort(Comparator.comparingLong(Placement::getGeneration));
            assertEquals(List.of(), Migrations.overcommits(placements, Migrations.capacity(nodes)));

            List<DeadLetter> dead = job.kafka.consumeUntil(job.topics.deadLetters(), l -> !l.isEmpty(), WAIT);
            assertEquals(job.topics.migrations().name(), dead.get(0).getSourceTopic());
        }
    }
}
