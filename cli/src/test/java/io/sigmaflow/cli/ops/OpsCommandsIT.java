package io.sigmaflow.cli.ops;

import io.sigmaflow.connectors.view.LatestOutcomes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sigmaflow.cli.local.StackClient;
import io.sigmaflow.client.Outcome;
import io.sigmaflow.client.SigmaClient;
import io.sigmaflow.client.spec.AppSpecFiles;
import io.sigmaflow.cli.support.Output;
import io.sigmaflow.cli.support.testing.CommandRun;
import io.sigmaflow.connectors.testing.SharedKafka;
import io.sigmaflow.connectors.view.CommittedCluster;
import io.sigmaflow.jobs.protocol.Cordon;
import io.sigmaflow.jobs.testing.JobRecords;
import io.sigmaflow.jobs.testing.RunningJob;
import io.sigmaflow.placement.placer.RecordedScores;
import io.sigmaflow.schema.NodeEvent;
import io.sigmaflow.schema.NodeEventType;
import io.sigmaflow.schema.NodeState;
import io.sigmaflow.schema.OutcomeStatus;
import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.PlacementRequest;
import io.sigmaflow.schema.RequestOutcome;
import io.sigmaflow.schema.Resources;
import io.sigmaflow.schema.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * {@code ./sigma explain}, {@code nodes} and {@code node cordon|drain|uncordon} against the real
 * placement job (mini cluster p=2, RocksDB, checkpoints every 200 ms) on the shared test broker:
 * six 4-core nodes on three switches, an app of one pod per node published from a spec with
 * {@code SigmaClient} and awaited until PLACED, one of its pods explained, then a cordon, a
 * scale-up, a drain, a pod that only a cordoned node could take, and an uncordon.
 */
class OpsCommandsIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String WEB = """
            app: web
            replicas: 6
            resources: {cpu: 1, memory: 1Gi}
            qos: LS
            dispersion: [coreSwitch, chassis, host]
            payload: {executable: /usr/bin/sleep, args: [infinity]}
            """;

    @Test
    void explainCordonDrainAndUncordonOnTheRealJob() throws Exception {
        try (RunningJob job = RunningJob.prepare("ops", Map.of()).start(2);
                StackClient kafka = new StackClient(SharedKafka.bootstrapServers(), job.topics, TIMEOUT)) {
            String[] target = {"--bootstrap", SharedKafka.bootstrapServers(), "--prefix", job.topics.prefix()};
            List<NodeEvent> nodes = new ArrayList<>();
            for (int i = 1; i <= 6; i++) {
                int sw = (i + 1) / 2;
                nodes.add(NodeEvent.newBuilder().setNodeId("host-" + i).setType(NodeEventType.REGISTER)
                        .setCapacity(new Resources(4_000L, 8_192L, 100_000L))
                        .setTopology(new Topology("z", "sw-" + sw, "ch-" + sw, "host-" + i))
                        .setLabels(Map.of("rack", "r" + sw)).setEventTimeMs(System.currentTimeMillis()).build());
            }
            kafka.send(kafka.topics().nodeEvents(), nodes);
            awaitCluster(kafka, c -> c.nodes().size() == 6); // else the first pods see only the first switch
            // A release system's way in: a spec published with SigmaClient, awaited until PLACED.
            try (SigmaClient sigma = SigmaClient.builder().bootstrapServers(SharedKafka.bootstrapServers())
                    .topicPrefix(job.topics.prefix()).build()) {
                Outcome placed = sigma.publish(AppSpecFiles.parse("web.yaml", WEB)).await(TIMEOUT);
                assertEquals(OutcomeStatus.PLACED, placed.status(), placed.toString());
                assertEquals(6, placed.placed());
            }
            CommittedCluster cluster = awaitCluster(kafka, c -> pods(c, "web") == 6);

            // explain one placed pod: the BIND's scores, filter counts adding up to the nodes
            JsonNode explained = json(CommandRun.of(new ExplainCommand(), with(target, "web-0", "-o", "json")));
            Placement bind = ExplainCommand.lastBind(kafka.readToEnd(kafka.topics().placements()), "web-0",
                    explained.get("node").asText());
            JsonNode scores = explained.get("decision").get("scores");
            assertNotNull(bind.getCompactExplanation(), "the job writes the compact explanation (Placement v3)");
            assertNull(bind.getExplanation(), "and not the named one");
            RecordedScores recorded = RecordedScores.of(bind, ExplainCommand.jobProfile().profile().scores().names());
            assertNull(recorded.otherProfile(), "explain resolves the job's plugin positions");
            assertEquals(recorded.winner(), Output.json().convertValue(scores.get("winner").get("scores"), Map.class));
            JsonNode runnerUp = scores.get("runnerUp");
            assertEquals(recorded.runnerUpNodeId(), runnerUp.isNull() ? null : runnerUp.get("node").asText());
            if (!runnerUp.isNull()) {
                assertEquals(recorded.runnerUp(), Output.json().convertValue(runnerUp.get("scores"), Map.class));
            }
            assertEquals(recorded.feasibleNodes(), scores.get("feasibleNodesScored").asInt());
            assertEquals(6, sum(explained.get("filters")), "every node counted once: " + explained.get("filters"));
            assertTrue(explained.get("filters").get("ownNodePassesNow").asBoolean());

            // cordon: no new pod lands there, its own pod stays
            String cordoned = node(cluster, "web-0");
            List<String> keptThere = podsOn(cluster, cordoned);
            assertEquals(0, CommandRun.of(new NodeCommand(), with(target, "cordon", cordoned)).code());
            assertTrue(Cordon.isCordoned(state(kafka, cordoned).getTaints()));
            request(kafka, JobRecords.scale("web-2", "web", 12));
            awaitOutcome(kafka, "web-2", OutcomeStatus.PLACED);
            CommittedCluster scaled = awaitCluster(kafka, c -> pods(c, "web") == 12);
            assertEquals(keptThere, podsOn(scaled, cordoned), "nothing new on the cordoned node, its pods stay");
            CommandRun listed = CommandRun.of(new NodesCommand(), target);
            assertTrue(listed.out().lines().anyMatch(l -> l.startsWith(cordoned + " ") && l.contains("Cordoned")),
                    listed.out());

            // drain another node: its pods move elsewhere, nothing lost or doubled
            String drained = scaled.nodes().stream().map(CommittedCluster.Node::id)
                    .filter(id -> !id.equals(cordoned) && !podsOn(scaled, id).isEmpty()).findFirst().orElseThrow();
            List<String> before = podsOn(scaled, drained);
            CommandRun drain = CommandRun.of(new NodeCommand(), with(target, "drain", drained, "-o", "json"));
            assertEquals(0, drain.code(), drain.err());
            assertEquals(before.size(), Output.json().readTree(drain.out()).get("pods").size());
            CommittedCluster afterDrain = awaitCluster(kafka, c -> pods(c, "web") == 12 && podsOn(c, drained).isEmpty());
            assertEquals(keptThere, podsOn(afterDrain, cordoned));
            Set<String> ids = new HashSet<>();
            afterDrain.placed().stream().filter(p -> p.pod().appId().equals("web")).forEach(p -> ids.add(p.pod().id()));
            assertEquals(12, ids.size(), "each of the 12 pods bound exactly once");

            // a whole-node pod that only the drained (so cordoned, empty) node could take: pending, the way out named
            request(kafka, JobRecords.publish("big-1", "big", 1, JobRecords.template(4_000, 1_024)));
            awaitOutcome(kafka, "big-1", OutcomeStatus.PENDING);
            JsonNode pending = json(CommandRun.of(new ExplainCommand(), with(target, "big-0", "-o", "json")));
            assertEquals("pending", pending.get("status").asText());
            assertEquals(6, sum(pending.get("filters")));
            assertEquals(0, pending.get("filters").get("passedAll").asInt());
            String hints = pending.get("wouldFit").toString();
            assertTrue(hints.contains("uncordon ") && hints.contains(drained), hints);

            // uncordon the drained node: it takes the pending pod
            assertEquals(0, CommandRun.of(new NodeCommand(), with(target, "uncordon", drained)).code());
            awaitOutcome(kafka, "big-1", OutcomeStatus.PLACED);
            CommittedCluster last = awaitCluster(kafka, c -> pods(c, "big") == 1);
            assertEquals(List.of("big-0"), podsOn(last, drained).stream().filter(p -> p.startsWith("big")).toList());
            assertFalse(CommandRun.of(new ExplainCommand(), with(target, "nope-0")).code() == 0, "unknown pod");
        }
    }

    private static String[] with(String[] target, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(target));
        return all.toArray(String[]::new);
    }

    private static JsonNode json(CommandRun r) throws Exception {
        assertEquals(0, r.code(), r.err());
        return Output.json().readTree(r.out());
    }

    /** Nodes rejected (each under its first refusing filter) plus nodes passing every filter. */
    private static int sum(JsonNode filters) {
        int sum = filters.get("passedAll").asInt();
        for (JsonNode n : filters.get("rejectedFirst")) {
            sum += n.asInt();
        }
        return sum;
    }

    private static void request(StackClient kafka, PlacementRequest r) {
        kafka.send(kafka.topics().requests(), List.of(r));
    }

    private static void awaitOutcome(StackClient kafka, String requestId, OutcomeStatus status) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        RequestOutcome last = null;
        while (System.nanoTime() < deadline) {
            last = LatestOutcomes.byRequest(kafka.readToEnd(kafka.topics().outcomes())).get(requestId);
            if (last != null && last.getStatus() == status) {
                return;
            }
            if (last != null && (last.getStatus() == OutcomeStatus.PLACED || last.getStatus() == OutcomeStatus.REJECTED)) {
                break; // another final answer
            }
            Thread.sleep(300);
        }
        throw new AssertionError(requestId + ": no " + status + " outcome within " + TIMEOUT + "; last " + last
                + "; nodes " + CommittedCluster.of(kafka.readToEnd(kafka.topics().nodeState())).nodes());
    }

    private static CommittedCluster awaitCluster(StackClient kafka, Predicate<CommittedCluster> done) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        CommittedCluster c = null;
        while (System.nanoTime() < deadline) {
            c = CommittedCluster.of(kafka.readToEnd(kafka.topics().nodeState()));
            if (done.test(c)) {
                return c;
            }
            Thread.sleep(300);
        }
        throw new AssertionError("node-state did not get there within " + TIMEOUT + ": " + c);
    }

    private static NodeState state(StackClient kafka, String node) {
        return ClusterSnapshot.of(kafka.readToEnd(kafka.topics().nodeState())).state(node);
    }

    private static long pods(CommittedCluster c, String app) {
        return c.placed().stream().filter(p -> p.pod().appId().equals(app)).count();
    }

    private static List<String> podsOn(CommittedCluster c, String node) {
        return c.nodes().stream().filter(n -> n.id().equals(node)).flatMap(n -> n.pods().stream())
                .map(CommittedCluster.Pod::id).toList();
    }

    private static String node(CommittedCluster c, String pod) {
        return c.placed().stream().filter(p -> p.pod().id().equals(pod)).findFirst().orElseThrow().node().id();
    }
}
