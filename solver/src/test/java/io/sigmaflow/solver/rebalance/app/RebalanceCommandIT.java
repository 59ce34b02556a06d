package io.sigmaflow.solver.rebalance.app;

import static io.sigmaflow.solver.rebalance.testing.ClusterFixtures.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.connectors.testing.KafkaTestClient;
import io.sigmaflow.connectors.testing.SharedKafka;
import io.sigmaflow.connectors.topics.Topic;
import io.sigmaflow.connectors.topics.Topics;
import io.sigmaflow.schema.Migration;
import io.sigmaflow.schema.NodeState;
import io.sigmaflow.schema.PodAllocation;
import io.sigmaflow.placement.synthetic.BadlySpreadCluster;
import io.sigmaflow.solver.rebalance.domain.NodeEligibility;
import io.sigmaflow.solver.rebalance.plan.PlanChecker;
import io.sigmaflow.solver.rebalance.plan.PlanLimits;
import io.sigmaflow.solver.rebalance.score.ClusterMetrics;
import io.sigmaflow.solver.rebalance.score.RebalanceWeights;
import io.sigmaflow.solver.rebalance.snapshot.ClusterSnapshot;
import io.sigmaflow.solver.rebalance.testing.TestTopics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/**
 * The rebalancer against the real broker: a deliberately badly spread cluster is written as
 * {@code NodeState} records to the node-state topic; {@code ./sigma rebalance --once} reads the
 * snapshot and emits a plan; the test reads the plan back from the migrations topic and replays
 * it on the snapshot, step by step.
 */
class RebalanceCommandIT {
    private static final int MAX_MOVES = 25;
    private static final int MAX_MOVES_PER_APP = 4;

    /**
     * A generated 120-node cluster packed first-fit (the first nodes full, the last ones empty),
     * plus one pod seen on two empty nodes (a move in flight in the job).
     */
    private static List<NodeState> badlySpread() {
        List<NodeState> nodes = new ArrayList<>(BadlySpreadCluster.generate(120, 4, 5, 0.4, 3));
        PodAllocation inFlight = pod("in-flight-0", "in-flight").cpu(500).memory(512).build();
        for (int i : new int[] {110, 111}) {
            NodeState n = nodes.get(i);
            List<PodAllocation> pods = new ArrayList<>(n.getPods());
            pods.add(inFlight);
            nodes.set(i, NodeState.newBuilder(n).setPods(pods).build());
        }
        return nodes;
    }

    private static Topics topics(String test) {
        return TestTopics.create(test, 4);
    }

    /** Runs the command; returns the exit code, stdout in {@code out[0]} and stderr in {@code out[1]}. */
    private static int rebalance(String[] out, String... args) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(stdout, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(stderr, true, StandardCharsets.UTF_8);
        RebalanceCommand command = RebalanceCommand.parse(args, o, e);
        int code = command == null ? 2 : command.run();
        out[0] = stdout.toString(StandardCharsets.UTF_8);
        out[1] = stderr.toString(StandardCharsets.UTF_8);
        return code;
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines[lines.length - 1];
    }

    @Test
    void aBadlySpreadClusterIsRebalancedThroughTheBroker() {
        Topics topics = topics("rebalance-once");
        List<NodeState> cluster = badlySpread();
        TestTopics.produce(topics.nodeState(), cluster);

        String[] output = new String[2];
        int code = rebalance(output, "--once", "--bootstrap", SharedKafka.bootstrapServers(), "--prefix", topics.prefix(),
                "--seconds", "5", "--max-moves", String.valueOf(MAX_MOVES), "--max-moves-per-app", String.valueOf(MAX_MOVES_PER_APP));
        assertEquals(0, code, output[1]);
        String json = lastLine(output[0]);
        assertTrue(json.contains("\"nodes\":120,") && json.contains("\"emitted\":true}"), json);

        List<Migration> plan;
        try (KafkaTestClient kafka = new KafkaTestClient(SharedKafka.bootstrapServers())) {
            plan = kafka.consumeUntil(topics.migrations(),
                    got -> !got.isEmpty() && got.size() >= got.get(0).getPlanSize(), Duration.ofSeconds(30));
        }
        assertFalse(plan.isEmpty(), "a plan was emitted");
        // Keyed by app, so records of one plan come back grouped by partition: replay in step order.
        plan = new ArrayList<>(plan);
        plan.sort(java.util.Comparator.comparingInt(Migration::getStep));
        assertEquals(plan.get(0).getPlanSize(), plan.size());
        assertTrue(json.contains("\"migrations\":" + plan.size() + ","), json);

        ClusterSnapshot snapshot = ClusterSnapshot.of(cluster);
        RebalanceConfig config = RebalanceConfig.defaults();
        PlanChecker.Result replay = PlanChecker.check(snapshot, plan,
                new PlanLimits(MAX_MOVES, MAX_MOVES_PER_APP, config.settings().maxWaves(), config::maxUnavailable),
                NodeEligibility.chain(config.filters()));
        assertEquals(List.of(), replay.violations(), "no node overcommitted at any step, budgets and max-unavailable kept");
        assertTrue(plan.size() <= MAX_MOVES);
        Map<String, Integer> perApp = new HashMap<>();
        plan.forEach(m -> perApp.merge(m.getAppId(), 1, Integer::sum));
        assertTrue(perApp.values().stream().allMatch(n -> n <= MAX_MOVES_PER_APP), perApp.toString());
        assertTrue(plan.stream().noneMatch(m -> m.getPodId().equals("in-flight-0")), "a pod in flight is not ours to move");

        ClusterMetrics before = ClusterMetrics.of(cluster);
        ClusterMetrics after = ClusterMetrics.of(replay.finalNodes());
        assertTrue(after.weightedDispersion(RebalanceWeights.DEFAULT) < before.weightedDispersion(RebalanceWeights.DEFAULT),
                "dispersion improves: " + before + " -> " + after);
        assertTrue(after.host().colocation() < before.host().colocation(), before.host() + " -> " + after.host());
        assertEquals(before.pods(), after.pods());
    }

    @Test
    void aDryRunPrintsThePlanAndEmitsNothing() {
        Topics topics = topics("rebalance-dry");
        TestTopics.produce(topics.nodeState(), badlySpread());
        String[] output = new String[2];
        int code = rebalance(output, "--dry-run", "--bootstrap", SharedKafka.bootstrapServers(), "--prefix", topics.prefix(),
                "--seconds", "2");
        assertEquals(0, code, output[1]);
        assertTrue(output[0].contains("co-location, host"), output[0]);
        assertTrue(output[0].contains("  wave 0: "), output[0]);
        String json = lastLine(output[0]);
        assertTrue(json.startsWith("{\"mode\":\"dry-run\"") && json.contains("\"emitted\":false}"), json);
        assertFalse(json.contains("\"migrations\":0,"), json);
        assertEquals(0, endOffsetSum(topics.migrations()), "nothing written to " + topics.migrations().name());
    }

    @Test
    void everyPeriodRunsAgainUntilStopped() throws Exception {
        Topics topics = topics("rebalance-every");
        TestTopics.produce(topics.nodeState(), badlySpread());
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        RebalanceCommand command = RebalanceCommand.parse(new String[] {"--every", "2s", "--bootstrap",
            SharedKafka.bootstrapServers(), "--prefix", topics.prefix(), "--seconds", "1", "--max-moves", "3"},
                new PrintStream(stdout, true, StandardCharsets.UTF_8), quiet);
        int[] code = {-1};
        Thread service = new Thread(() -> code[0] = command.run(), "rebalance-every");
        service.start();
        List<Migration> records;
        try (KafkaTestClient kafka = new KafkaTestClient(SharedKafka.bootstrapServers())) {
            // Nothing applies the plans here, so each run plans the same moves again under a new plan id.
            records = kafka.consumeUntil(topics.migrations(),
                    got -> got.stream().map(Migration::getPlanId).distinct().count() >= 2, Duration.ofSeconds(60));
        }
        command.requestStop();
        service.join(30_000);
        assertFalse(service.isAlive(), "the schedule stops when asked");
        assertEquals(0, code[0]);
        assertTrue(records.stream().map(Migration::getPlanId).distinct().count() >= 2, records.toString());
        assertTrue(stdout.toString(StandardCharsets.UTF_8).contains("\"mode\":\"every PT2S\""));
    }

    @Test
    void withoutTopicsTheRunFailsWithWhatToDo() {
        String[] output = new String[2];
        int code = rebalance(output, "--once", "--bootstrap", SharedKafka.bootstrapServers(), "--prefix",
                SharedKafka.uniquePrefix("no-topics"), "--seconds", "1");
        assertEquals(1, code);
        assertTrue(output[1].contains("does not exist: create the topics"), output[1]);
    }

    @Test
    void badArgumentsExitTwoNamingEachField() {
        String[] output = new String[2];
        assertEquals(2, rebalance(output, "--once", "--every", "5m", "--max-moves", "-2"));
        assertTrue(output[1].contains("rebalance: --once, --every: choose one of --once, --every, --dry-run"), output[1]);
        assertTrue(output[1].contains("rebalance: --max-moves: -2 must not be negative"), output[1]);
        assertTrue(output[1].contains("rebalance: --bootstrap: required"), output[1]);
        assertTrue(output[1].contains("Usage: ./sigma rebalance"), output[1]);
        assertEquals(2, rebalance(output, "--once", "--every", "5x"));
        assertTrue(output[1].contains("rebalance: Invalid value for option '--every': '5x' is not a duration"), output[1]);
        assertNull(RebalanceCommand.parse(new String[] {"--once"}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream())));
        assertNotNull(RebalanceCommand.parse(new String[] {"--once", "--bootstrap", "h:1"},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream())));
    }

    private static long endOffsetSum(Topic<?> topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(topic.name())) {
                partitions.add(new TopicPartition(p.topic(), p.partition()));
            }
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
