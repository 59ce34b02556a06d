package io.sigmaflow.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.connectors.admin.TopicAdmin;
import io.sigmaflow.connectors.testing.KafkaTestClient;
import io.sigmaflow.connectors.testing.SharedKafka;
import io.sigmaflow.connectors.topics.Topic;
import io.sigmaflow.connectors.topics.Topics;
import io.sigmaflow.executor.cgroup.CpuPriorityUpdater;
import io.sigmaflow.executor.emergency.RunDelayProbe;
import io.sigmaflow.executor.local.SimulatedHosts;
import io.sigmaflow.executor.testing.AfterStart;
import io.sigmaflow.executor.testing.Leaks;
import io.sigmaflow.executor.testing.Pods;
import io.sigmaflow.executor.testing.TestConfig;
import io.sigmaflow.schema.DeadLetter;
import io.sigmaflow.schema.NodeEvent;
import io.sigmaflow.schema.NodeEventType;
import io.sigmaflow.schema.NodeInventory;
import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.PodState;
import io.sigmaflow.schema.PodStatus;
import io.sigmaflow.schema.PriorityChange;
import io.sigmaflow.schema.QosClass;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * Executors against the real broker (SharedKafka), with real processes in a simulated cgroup
 * tree (the kernel's part is RealKernelCpuPriorityTest's). Executors run in this JVM, or in a
 * child JVM where a real kill or SIGTERM is the point.
 */
class NodeExecutorIT {
    private static final String NODE = "node-1";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private Topics topics;
    private KafkaTestClient kafka;
    /** A unique sleep argument per test: finds this test's payloads among all processes. */
    private String marker;
    private final List<Process> children = new ArrayList<>();

    @BeforeEach
    void setUp(TestInfo info) {
        topics = Topics.of(SharedKafka.uniquePrefix(info.getDisplayName()), 4);
        try (TopicAdmin admin = new TopicAdmin(SharedKafka.bootstrapServers())) {
            admin.ensure(topics.all());
        }
        kafka = new KafkaTestClient(SharedKafka.bootstrapServers());
        marker = String.valueOf(7000 + (int) (Math.random() * 2000));
    }

    @AfterEach
    void tearDown() {
        children.forEach(Process::destroyForcibly);
        kafka.close();
        markedPayloads().forEach(ProcessHandle::destroyForcibly);
        Leaks.killChildren();
    }

    private TestConfig config() {
        return TestConfig.in(dir).node(NODE).bootstrap(SharedKafka.bootstrapServers())
                .set("kafka.topic-prefix", topics.prefix())
                .set("payload.stop-grace-ms", "500");
    }

    private Placement bind(String pod) {
        return Pods.bind(pod).on(NODE).runs(Pods.SLEEP, marker).build();
    }

    /** Payload processes of this test, wherever they were reparented. */
    private List<ProcessHandle> markedPayloads() {
        return ProcessHandle.allProcesses()
                .filter(h -> h.info().command().orElse("").equals(Pods.SLEEP)
                        && List.of(h.info().arguments().orElse(new String[0])).equals(List.of(marker)))
                .toList();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (java.io.IOException e) {
            return "unreadable: " + e;
        }
    }

    /** Exactly {@code n} payload processes of this test exist (allowing a few ms for their last exec). */
    private void assertPayloads(int n, String why) {
        Leaks.eventually(5_000, () -> markedPayloads().size() == n);
        assertEquals(n, markedPayloads().size(), why + ": " + markedPayloads());
    }

    /** A node id whose records share node-1's partition: the executor reads them and must skip them. */
    private String neighbourInSamePartition() {
        int mine = Topic.partitionOf(NODE, 4);
        for (int i = 0; ; i++) {
            if (Topic.partitionOf("node-x" + i, 4) == mine) {
                return "node-x" + i;
            }
        }
    }

    private List<PodStatus> statusesUntil(java.util.function.Predicate<List<PodStatus>> done) {
        return kafka.consumeUntil(topics.podStatus(), done, WAIT);
    }

    private static long count(List<PodStatus> statuses, String pod, PodState state) {
        return statuses.stream().filter(s -> s.getPodId().equals(pod) && s.getState() == state).count();
    }

    private long committedOffset(String groupId) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            Map<TopicPartition, OffsetAndMetadata> offsets =
                    admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            OffsetAndMetadata o = offsets.get(new TopicPartition(topics.placements().name(), Topic.partitionOf(NODE, 4)));
            return o == null ? -1 : o.offset();
        }
    }

    private Set<String> runningPods(NodeExecutor executor) {
        return executor.host().view().all().stream().map(p -> p.podId()).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void appliesOnlyItsOwnPlacementsSkipsDuplicatesAndReportsRefusals() throws Exception {
        Set<String> threadsBefore = Leaks.executorThreads();
        String neighbour = neighbourInSamePartition();
        long sent = System.currentTimeMillis();
        kafka.produce(topics.placements(),
                bind("a-1"),
                Pods.bind("b-1").on(neighbour).runs(Pods.SLEEP, marker).build(),
                bind("a-2"),
                bind("a-1"),
                Pods.bind("evil").on(NODE).runs("/usr/bin/curl", "http://attacker").build());
        kafka.produceRaw(topics.placements().name(), NODE, "not avro".getBytes(StandardCharsets.UTF_8));
        NodeExecutor executor = NodeExecutor.start(config().build());
        long a1Pid;
        long a2Pid;
        try {
            List<PodStatus> statuses = statusesUntil(l -> count(l, "a-2", PodState.RUNNING) == 1 && count(l, "evil", PodState.REFUSED) == 1);
            assertEquals(1, count(statuses, "a-1", PodState.RUNNING), "the duplicate BIND reported nothing: " + statuses);
            assertTrue(statuses.stream().noneMatch(s -> s.getPodId().equals("b-1")), "another node's placement is not ours");
            assertEquals(1, executor.consumer().ignored(), "it was read (same partition) and skipped");
            PodStatus refused = statuses.stream().filter(s -> s.getPodId().equals("evil")).findFirst().orElseThrow();
            assertTrue(refused.getMessage().contains("'/usr/bin/curl' is not on this node's allowlist"), refused.getMessage());
            assertEquals(Set.of("a-1", "a-2"), runningPods(executor));
            assertPayloads(2, "one process per pod, nothing for b-1 or evil");
            long latency = statuses.stream().filter(s -> s.getPodId().equals("a-1")).findFirst().orElseThrow().getObservedAtMs() - sent;
            System.out.printf("node-executor IT: BIND produced -> RUNNING reported in %d ms (includes executor start)%n", latency);

            List<DeadLetter> letters = kafka.consume(topics.deadLetters(), 1, WAIT);
            assertEquals("NOT_SINGLE_OBJECT", letters.get(0).getErrorType());
            assertEquals("node-executor " + NODE, letters.get(0).getStage());
            List<NodeEvent> events = kafka.consume(topics.nodeEvents(), 1, WAIT);
            assertEquals(NodeEventType.REGISTER, events.get(0).getType());
            assertEquals(4000, events.get(0).getCapacity().getCpuMillis());
            List<NodeInventory> inv = kafka.consumeUntil(topics.inventory(), l -> l.stream().anyMatch(i -> i.getPods().size() == 2), WAIT);
            assertTrue(inv.stream().anyMatch(i -> i.getPods().size() == 2), "a full inventory lists both pods: " + inv);

            // More records after a steady state: one more BIND, a duplicate UNBIND.
            long before = System.currentTimeMillis();
            kafka.produce(topics.placements(), bind("a-3"));
            PodStatus a3 = statusesUntil(l -> count(l, "a-3", PodState.RUNNING) == 1).stream()
                    .filter(s -> s.getPodId().equals("a-3")).findFirst().orElseThrow();
            System.out.printf("node-executor IT: BIND produced -> RUNNING reported in %d ms (steady state)%n",
                    a3.getObservedAtMs() - before);
            kafka.produce(topics.placements(), Pods.unbind("a-3").on(NODE).gen(2).build(), Pods.unbind("a-3").on(NODE).gen(2).build());
            List<PodStatus> after = statusesUntil(l -> count(l, "a-3", PodState.STOPPED) == 1);
            assertEquals(1, count(after, "a-3", PodState.STOPPED));
            // Priority changes arrive the same way; an invalid setting is dead-lettered, the valid one applied.
            kafka.produce(topics.priorityChanges(), PriorityChange.newBuilder().setNodeId(NODE).setGeneration(1).setSettings(List.of(
                    Pods.cpu("a-1", QosClass.LS, 500, -1, false), Pods.cpu("a-2", QosClass.LS, 0, -1, false))).build());
            // Dead letters are keyed by source topic: across partitions, so found by type, not position.
            DeadLetter invalid = kafka.consumeUntil(topics.deadLetters(), l -> l.size() >= 2, WAIT).stream()
                    .filter(d -> d.getErrorType().equals("INVALID")).findFirst().orElseThrow();
            assertTrue(invalid.getReason().contains("pod a-2: cpuWeight 0 is outside 1..10000"), invalid.getReason());
            assertEquals(topics.priorityChanges().name(), invalid.getSourceTopic());
            Path a1Shares = executor.host().supervisor().tree().podDir("a-1").resolve("cpu.shares");
            assertTrue(Leaks.eventually(10_000, () -> read(a1Shares).equals(String.valueOf(CpuPriorityUpdater.sharesFromWeight(500)))),
                    read(a1Shares));
            a1Pid = executor.host().view().get("a-1").orElseThrow().process().pid();
            a2Pid = executor.host().view().get("a-2").orElseThrow().process().pid();
        } finally {
            executor.close();
        }
        assertEquals(9, committedOffset("sigma-node-executor-" + NODE), "every record of the partition is committed, ours or not");
        assertTrue(Leaks.eventually(5_000, () -> Leaks.executorThreads().equals(threadsBefore)),
                "threads left after close: " + Leaks.executorThreads());
        assertPayloads(2, "pods outlive the executor");

        // A restarted executor adopts them: same processes, nothing re-applied.
        NodeExecutor again = NodeExecutor.start(config().build());
        try {
            assertEquals(2, again.reconciled().adopted());
            assertEquals(a1Pid, again.host().view().get("a-1").orElseThrow().process().pid());
            assertEquals(a2Pid, again.host().view().get("a-2").orElseThrow().process().pid());
            kafka.produce(topics.placements(), Pods.unbind("a-1").on(NODE).gen(2).build(), Pods.unbind("a-2").on(NODE).gen(2).build());
            statusesUntil(l -> count(l, "a-1", PodState.STOPPED) == 1 && count(l, "a-2", PodState.STOPPED) == 1);
            assertTrue(Leaks.eventually(5_000, () -> markedPayloads().isEmpty()));
        } finally {
            again.close();
        }
        assertTrue(Leaks.eventually(5_000, () -> Leaks.executorThreads().equals(threadsBefore)), Leaks.executorThreads().toString());
        assertTrue(Leaks.childProcesses().isEmpty(), "no process leaked: " + Leaks.childProcesses());
    }

    @Test
    void killedMidApplyAndRestartedConvergesToTheCommittedPlacements() throws Exception {
        List<Placement> committed = List.of(bind("p1"), bind("p2"), bind("p3"),
                Pods.unbind("p2").on(NODE).gen(2).build(), bind("p4"), bind("p5"));
        kafka.produce(topics.placements(), committed);

        Process crashing = childJvm(CrashingExecutorMain.class, List.of("3"), config().properties(), dir.resolve("crash.log"));
        assertTrue(crashing.waitFor(60, TimeUnit.SECONDS), "the crashing executor ran to its crash");
        assertEquals(CrashingExecutorMain.KILLED, crashing.exitValue(), Files.readString(dir.resolve("crash.log")));
        assertEquals(-1, committedOffset("sigma-node-executor-" + NODE), "it died before committing anything");
        assertPayloads(3, "the three payloads it started outlive it");

        NodeExecutor restarted = NodeExecutor.start(config().build());
        try {
            // Exactly the final state of the committed placements: p2 was unbound, the rest run.
            assertTrue(Leaks.eventually(30_000, () -> runningPods(restarted).equals(Set.of("p1", "p3", "p4", "p5"))),
                    "running: " + runningPods(restarted));
            assertTrue(Leaks.eventually(10_000, () -> markedPayloads().size() == 4), "one process per pod: " + markedPayloads());
            for (String pod : List.of("p1", "p3", "p4", "p5")) {
                long pid = restarted.host().view().get(pod).orElseThrow().process().pid();
                assertEquals(Set.of(pid), restarted.host().supervisor().tree().pids(pod), pod);
            }
            assertTrue(restarted.reconciled().adopted() >= 3, "what the crashed executor started was adopted: " + restarted.reconciled());
            assertTrue(Leaks.eventually(10_000, () -> {
                try {
                    return committedOffset("sigma-node-executor-" + NODE) == committed.size();
                } catch (Exception e) {
                    return false;
                }
            }));
            List<PodStatus> statuses = statusesUntil(l -> count(l, "p5", PodState.RUNNING) >= 1);
            assertEquals(1, count(statuses, "p5", PodState.RUNNING), "p5 started once: " + statuses);
        } finally {
            restarted.close();
        }
    }

    @Test
    void closeDuringAStepFinishesItCommitsAndLeavesPodsRunning() throws Exception {
        CountDownLatch inStep = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        NodeExecutor executor = NodeExecutor.start(config().build(), new NodeExecutor.Options(real -> AfterStart.wrap(real, (launch, pod) -> {
            if (launch.podId().equals("slow")) {
                inStep.countDown();
                release.await();
            }
        }), null, RunDelayProbe.schedstat()));
        kafka.produce(topics.placements(), bind("fast"), bind("slow"), bind("after"));
        assertTrue(inStep.await(30, TimeUnit.SECONDS));
        Thread closer = new Thread(executor::close);
        closer.start(); // what the SIGTERM hook does
        Thread.sleep(300);
        assertTrue(closer.isAlive(), "close waits for the step in flight");
        release.countDown();
        closer.join(30_000);
        assertFalse(closer.isAlive());
        assertEquals(Set.of("fast", "slow"), runningPods(executor), "the step in flight finished; the next record was not started");
        assertEquals(2, committedOffset("sigma-node-executor-" + NODE), "committed up to and including the finished step");
        assertPayloads(2, "pods keep running after the executor stopped");
    }

    @Test
    void sigtermStopsTheRealMainAndLeavesPodsRunning() throws Exception {
        kafka.produce(topics.placements(), bind("s1"), bind("s2"));
        List<String> args = List.of("--node-id", NODE, "--bootstrap", SharedKafka.bootstrapServers());
        Process main = childJvm(NodeExecutorMain.class, args, config().properties(), dir.resolve("main.log"));
        statusesUntil(l -> count(l, "s2", PodState.RUNNING) == 1);
        assertTrue(Leaks.eventually(10_000, () -> {
            try {
                return committedOffset("sigma-node-executor-" + NODE) == 2;
            } catch (Exception e) {
                return false;
            }
        }));
        main.destroy(); // SIGTERM
        assertTrue(main.waitFor(30, TimeUnit.SECONDS), "stopped on SIGTERM");
        String log = Files.readString(dir.resolve("main.log"));
        assertEquals(143, main.exitValue(), "128 + SIGTERM, after the shutdown hook: " + log);
        assertTrue(log.contains("node-executor: stopped on signal, 2 pods left running"), log);
        assertPayloads(2, "pods belong to the host, not to the agent");
    }

    @Test
    void simulatedHostsEachApplyOnlyTheirPodsInTheirOwnSubtree() throws Exception {
        Properties common = new Properties();
        common.setProperty("payload.stop-grace-ms", "200");
        common.setProperty("emergency.enabled", "false");
        Path base = dir.resolve("hosts");
        SimulatedHosts hosts = SimulatedHosts.start(SharedKafka.bootstrapServers(), topics.prefix(), base,
                SimulatedHosts.Layout.of(3), false, common);
        try {
            kafka.produce(topics.placements(), Pods.bind("h1").on("host-1").runs(Pods.SLEEP, marker).build(),
                    Pods.bind("h3").on("host-3").runs(Pods.SLEEP, marker).build());
            statusesUntil(l -> count(l, "h1", PodState.RUNNING) == 1 && count(l, "h3", PodState.RUNNING) == 1);
            List<Set<String>> perHost = hosts.executors().stream().map(this::runningPods).toList();
            assertEquals(List.of(Set.of("h1"), Set.of(), Set.of("h3")), perHost);
            assertTrue(Files.isDirectory(base.resolve("cgroup/sigmaflow-local/host-1/pod-h1")));
            assertTrue(Files.isDirectory(base.resolve("cgroup/sigmaflow-local/host-3/pod-h3")));
            List<NodeEvent> events = kafka.consume(topics.nodeEvents(), 3, WAIT);
            Map<String, String> chassis = events.stream().collect(Collectors.toMap(NodeEvent::getNodeId, e -> e.getTopology().getChassis()));
            assertEquals(Map.of("host-1", "ch-1", "host-2", "ch-1", "host-3", "ch-2"), chassis);
        } finally {
            hosts.close();
            hosts.killPods();
        }
        assertTrue(markedPayloads().isEmpty(), "the local stack leaves no pod behind: " + markedPayloads());
    }

    /**
     * What a host runs: this module's classes and target/lib (the runtime jars, no broker, no
     * Flink), plus the test classes for CrashingExecutorMain. Starts in about half the time of
     * the full test classpath on 2 cores. Falls back to the test classpath outside a Maven build.
     */
    private static String executorClasspath() throws Exception {
        Path testClasses = Path.of(NodeExecutorIT.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path target = testClasses.getParent();
        if (!Files.isDirectory(target.resolve("lib"))) {
            return System.getProperty("java.class.path");
        }
        return String.join(java.io.File.pathSeparator, testClasses.toString(), target.resolve("classes").toString(),
                target.resolve("lib").resolve("*").toString());
    }

    /** Starts {@code main} in a child JVM with this JVM's classpath and the config as --set arguments. */
    private Process childJvm(Class<?> main, List<String> firstArgs, Properties settings, Path log) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.sigmaflow.schema",
                "-cp", executorClasspath(), main.getName()));
        cmd.addAll(firstArgs);
        if (main == CrashingExecutorMain.class) {
            cmd.addAll(List.of("--node-id", NODE, "--bootstrap", SharedKafka.bootstrapServers()));
        }
        for (String key : settings.stringPropertyNames()) {
            cmd.addAll(List.of("--set", key + "=" + settings.getProperty(key)));
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        children.add(p);
        return p;
    }
}
