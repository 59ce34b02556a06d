package io.sigmaflow.solver.rebalance.app;

import static io.sigmaflow.jobs.testing.JobRecords.publish;
import static io.sigmaflow.jobs.testing.JobRecords.template;
import static io.sigmaflow.jobs.testing.JobRecords.topology;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.jobs.testing.Migrations;
import io.sigmaflow.jobs.testing.RunningJob;
import io.sigmaflow.connectors.testing.SharedKafka;
import io.sigmaflow.schema.Migration;
import io.sigmaflow.schema.NodeEvent;
import io.sigmaflow.schema.NodeState;
import io.sigmaflow.schema.OutcomeStatus;
import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.PlacementAction;
import io.sigmaflow.schema.PlacementRequest;
import io.sigmaflow.schema.RequestOutcome;
import io.sigmaflow.solver.rebalance.score.ClusterMetrics;
import io.sigmaflow.solver.rebalance.score.RebalanceWeights;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Issue 5's end-to-end test: the rebalancer and the placement job through the real broker. The job
 * (mini cluster, parallelism 2, RocksDB, checkpoints) places apps while only one chassis of a
 * 3 switches x 2 chassis x 4 hosts topology is registered, so they pile up there; then the rest
 * registers (nothing moves by itself). {@code ./sigma rebalance --once} reads the job's node-state,
 * emits a plan; the job applies it. Then, from what the job committed: dispersion improved, no node
 * was overcommitted at any point of the placement stream, the moves stayed within the budget, and
 * every migration of the plan got an outcome.
 */
class RebalanceThroughJobIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final int MAX_MOVES = 8;
    private static final int MAX_MOVES_PER_APP = 3;
    private static final int APPS = 4;
    private static final int REPLICAS = 4;

    private static Map<String, NodeState> latest(List<NodeState> states) {
        Map<String, NodeState> out = new TreeMap<>();
        states.forEach(s -> out.put(s.getNodeId(), s));
        return out;
    }

    /** Node-state as of the placements: every node known, and each pod on the node the placements say. */
    private static Predicate<List<NodeState>> matches(Map<String, String> bound, int nodes) {
        return states -> {
            Map<String, NodeState> l = latest(states);
            if (l.size() < nodes) {
                return false;
            }
            Map<String, String> seen = new TreeMap<>();
            l.values().forEach(s -> s.getPods().forEach(p -> seen.put(p.getPodId(), s.getNodeId())));
            int pods = l.values().stream().mapToInt(s -> s.getPods().size()).sum();
            return pods == bound.size() && seen.equals(bound);
        };
    }

    private static boolean settled(List<RequestOutcome> outcomes, Collection<String> ids) {
        return ids.stream().allMatch(id -> outcomes.stream().anyMatch(o -> o.getRequestId().equals(id)
                && (o.getStatus() == OutcomeStatus.COMPLETED || o.getStatus() == OutcomeStatus.REJECTED)));
    }

    /**
     * Make before break, wave after wave, as the generations (a Lamport clock) show it: each move's
     * target BIND comes before its source UNBIND, and every BIND of a wave after every UNBIND of the
     * waves before it.
     */
    private static void assertWavesInOrder(List<Migration> plan, List<RequestOutcome> answers,
                                           List<Placement> placements) {
        TreeMap<Integer, long[]> waves = new TreeMap<>(); // step -> {min BIND generation, max UNBIND generation}
        for (Migration m : plan) {
            boolean moved = answers.stream().anyMatch(o -> o.getRequestId().endsWith("/" + m.getPodId())
                    && o.getStatus() == OutcomeStatus.COMPLETED && o.getMessage().contains(" to " + m.getToNodeId()));
            if (!moved) {
                continue;
            }
            long bind = generation(placements, m.getPodId(), PlacementAction.BIND, m.getToNodeId());
            long unbind = generation(placements, m.getPodId(), PlacementAction.UNBIND, m.getFromNodeId());
            assertTrue(bind < unbind, m.getPodId() + ": BIND on the target " + bind + " before UNBIND " + unbind);
            long[] w = waves.computeIfAbsent(m.getStep(), k -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE});
            w[0] = Math.min(w[0], bind);
            w[1] = Math.max(w[1], unbind);
        }
        long lastUnbind = Long.MIN_VALUE;
        for (Map.Entry<Integer, long[]> w : waves.entrySet()) {
            assertTrue(lastUnbind < w.getValue()[0], "wave " + w.getKey() + " started after the previous one ended");
            lastUnbind = Math.max(lastUnbind, w.getValue()[1]);
        }
    }

    /** The newest generation of {@code action} of the pod on the node. */
    private static long generation(List<Placement> placements, String pod, PlacementAction action, String node) {
        return placements.stream()
                .filter(p -> p.getPodId().equals(pod) && p.getAction() == action && p.getNodeId().equals(node))
                .mapToLong(Placement::getGeneration).max()
                .orElseThrow(() -> new AssertionError("no " + action + " of " + pod + " on " + node));
    }

    @Test
    void aBadlySpreadClusterIsRebalancedThroughTheJob() throws Exception {
        try (RunningJob job = RunningJob.prepare("rebalance-job", Map.of()).start(2)) {
            List<NodeEvent> nodes = topology(3, 2, 4, 8000, 16384);
            List<NodeEvent> first = nodes.subList(0, 4); // s0-c0-h0..3: one chassis
            job.kafka.produce(job.topics.nodeEvents(), first);
            job.kafka.consumeUntil(job.topics.nodeState(), l -> latest(l).size() >= 4, WAIT);
            Thread.sleep(3 * RunningJob.CHECKPOINTS.toMillis()); // the partition's summary reaches the router
            List<PlacementRequest> apps = new ArrayList<>();
            for (int a = 0; a < APPS; a++) {
                apps.add(publish("p" + a, "app" + a, REPLICAS, template(1000, 1024)));
            }
            job.kafka.produce(job.topics.requests(), apps);
            job.kafka.consumeUntil(job.topics.outcomes(), l -> l.stream()
                    .filter(o -> o.getStatus() == OutcomeStatus.PLACED).count() >= APPS, WAIT);
            job.kafka.produce(job.topics.nodeEvents(), nodes.subList(4, nodes.size()));
            Map<String, String> placed = RunningJob.bound(
                    job.placements(l -> RunningJob.bound(l).size() >= APPS * REPLICAS, WAIT));
            List<NodeState> beforeStates = new ArrayList<>(latest(job.kafka.consumeUntil(job.topics.nodeState(),
                    matches(placed, nodes.size()), WAIT)).values());
            ClusterMetrics before = ClusterMetrics.of(beforeStates);
            assertEquals(APPS * REPLICAS, before.pods());
            assertEquals(nodes.size(), before.nodes());

            ByteArrayOutputStream stdout = new ByteArrayOutputStream();
            ByteArrayOutputStream stderr = new ByteArrayOutputStream();
            RebalanceCommand command = RebalanceCommand.parse(new String[] {"--once", "--bootstrap",
                SharedKafka.bootstrapServers(), "--prefix", job.topics.prefix(), "--seconds", "3",
                "--max-moves", String.valueOf(MAX_MOVES), "--max-moves-per-app", String.valueOf(MAX_MOVES_PER_APP)},
                    new PrintStream(stdout, true, StandardCharsets.UTF_8),
                    new PrintStream(stderr, true, StandardCharsets.UTF_8));
            assertEquals(0, command.run(), stderr.toString(StandardCharsets.UTF_8));

            List<Migration> plan = job.kafka.consumeUntil(job.topics.migrations(),
                    got -> !got.isEmpty() && got.size() >= got.get(0).getPlanSize(), WAIT);
            assertTrue(!plan.isEmpty() && plan.size() == plan.get(0).getPlanSize(), plan.toString());
            assertTrue(plan.size() <= MAX_MOVES, "the plan keeps the budget: " + plan.size());
            List<String> ids = plan.stream().map(m -> "migration/" + m.getPlanId() + "/" + m.getPodId()).distinct()
                    .toList();
            List<RequestOutcome> outcomes = job.kafka.consumeUntil(job.topics.outcomes(), l -> settled(l, ids), WAIT);
            assertTrue(settled(outcomes, ids), "every migration has an outcome: " + outcomes);
            List<RequestOutcome> answers = outcomes.stream().filter(o -> o.getRequestId().startsWith("migration/")
                    && o.getStatus() != OutcomeStatus.ACCEPTED).toList();
            assertEquals(plan.size(), answers.size(), "one answer per migration: " + answers);
            long moved = answers.stream().filter(o -> o.getStatus() == OutcomeStatus.COMPLETED).count();
            assertTrue(moved >= 1 && moved <= MAX_MOVES, "moved " + moved + ": " + answers);

            List<Placement> placements = new ArrayList<>(job.placements(
                    l -> l.size() >= APPS * REPLICAS + 2 * moved, WAIT));
            assertEquals(APPS * REPLICAS + 2 * moved, placements.size(), "a BIND and an UNBIND per move");
            // Generations order every partition's commits and causality between partitions.
            placements.sort(Comparator.comparingLong(Placement::getGeneration));
            assertEquals(List.of(), Migrations.overcommits(placements, Migrations.capacity(nodes)),
                    "no node overcommitted at any point");
            assertWavesInOrder(plan, answers, placements);
            Map<String, String> after = RunningJob.bound(placements);
            assertEquals(APPS * REPLICAS, after.size());

            List<NodeState> afterStates = new ArrayList<>(latest(job.kafka.consumeUntil(job.topics.nodeState(),
                    matches(after, nodes.size()), WAIT)).values());
            ClusterMetrics now = ClusterMetrics.of(afterStates);
            assertEquals(before.pods(), now.pods());
            assertTrue(now.weightedDispersion(RebalanceWeights.DEFAULT) < before.weightedDispersion(RebalanceWeights.DEFAULT),
                    "dispersion improves: " + before + " -> " + now);
            assertTrue(now.coreSwitch().colocation() < before.coreSwitch().colocation(),
                    before.coreSwitch() + " -> " + now.coreSwitch());
        }
    }
}
