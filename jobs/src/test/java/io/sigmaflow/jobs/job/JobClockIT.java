package io.sigmaflow.jobs.job;

import static io.sigmaflow.jobs.testing.JobRecords.publish;
import static io.sigmaflow.jobs.testing.JobRecords.template;
import static io.sigmaflow.jobs.testing.JobRecords.topology;
import static io.sigmaflow.jobs.testing.Migrations.migration;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.connectors.serde.AvroCodec;
import io.sigmaflow.connectors.testing.SharedKafka;
import io.sigmaflow.jobs.testing.RunningJob;
import io.sigmaflow.schema.DeadLetter;
import io.sigmaflow.schema.NodeInventory;
import io.sigmaflow.schema.OutcomeStatus;
import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.PlacementAction;
import io.sigmaflow.schema.PodState;
import io.sigmaflow.schema.PodStatus;
import io.sigmaflow.schema.RequestOutcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * The job's clock is its own (issue 10, item 3 and 4), on a mini cluster (parallelism 2, RocksDB)
 * against the real broker: a host record stamped 50 minutes ahead (undecodable or valid) evicts
 * nobody; all hosts silent longer than the timeout, then back, unbinds nothing; the job stopped
 * (its checkpoint kept) and restarted after more than the timeout keeps every pod where it was; a
 * migration plan created at the end of time is refused and a real plan after it applies. Each run
 * ends with one node falling silent for real: it alone is evicted (the guards do not stop liveness,
 * and anything wrongly evicted before would show by then).
 */
class JobClockIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final long TIMEOUT_MS = 3_000;
    private static final Map<String, String> KEYS = Map.of(PlacementJobConfig.SILENCE_TIMEOUT, TIMEOUT_MS + "ms",
            PlacementJobConfig.REPORT_GRACE, "3s", PlacementJobConfig.INVENTORY_GRACE, "10min");
    private static final List<String> NODES = List.of("s0-c0-h0", "s0-c0-h1", "s1-c0-h0", "s1-c0-h1");

    /** Hosts sending their (empty) inventories every 300 ms, stamped with the wall clock, as executors do. */
    static final class Hosts implements AutoCloseable {
        final List<String> reporting = new CopyOnWriteArrayList<>(NODES);
        final AtomicBoolean paused = new AtomicBoolean();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread pump;

        Hosts(RunningJob job) {
            pump = Thread.ofVirtual().start(() -> {
                while (running.get()) {
                    if (!paused.get()) {
                        for (String node : reporting) {
                            job.kafka.produce(job.topics.inventory(),
                                    new NodeInventory(node, List.of(), System.currentTimeMillis()));
                        }
                    }
                    try {
                        Thread.sleep(300);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            pump.join();
        }
    }

    @Test
    void hostileClocksAndASilentClusterEvictNobodyAndAFuturePlanBlocksNothing() throws Exception {
        try (RunningJob job = RunningJob.prepare("job-clock", KEYS).start(2); Hosts hosts = new Hosts(job)) {
            Map<String, String> before = placeApp(job);

            // (a) 50 minutes ahead: 64 undecodable bytes, and a valid pod status
            long ahead = System.currentTimeMillis() + 50 * 60_000;
            byte[] junk = new byte[64];
            new Random(10).nextBytes(junk);
            String node = before.get("web-0");
            try (KafkaProducer<byte[], byte[]> raw = rawProducer()) {
                raw.send(new ProducerRecord<>(job.topics.podStatus().name(), null, ahead, bytes(node), junk)).get();
                raw.send(new ProducerRecord<>(job.topics.podStatus().name(), null, ahead, bytes(node),
                        AvroCodec.of(PodStatus.class).encode(new PodStatus(node, "web-0", "web", 1L, PodState.RUNNING, 0,
                                null, ahead)))).get();
            }
            // Only the pod-status ones: the host pump below may report a node before its REGISTER is
            // applied (an "unknown node" dead letter for that inventory), which is not what this checks.
            String podStatusTopic = job.topics.podStatus().name();
            List<DeadLetter> dead = job.kafka.consumeUntil(job.topics.deadLetters(),
                    l -> l.stream().filter(d -> podStatusTopic.equals(d.getSourceTopic())).count() >= 2, WAIT)
                    .stream().filter(d -> podStatusTopic.equals(d.getSourceTopic())).toList();
            assertEquals(2, dead.size(), dead.toString());
            assertTrue(dead.stream().anyMatch(d -> d.getReason().startsWith("PodStatus " + node + "/web-0: timestamp "
                    + ahead + " is ") && d.getReason().contains("ahead of the job's clock")), dead.toString());

            // (b) every host silent for more than the timeout, the job running; then back
            hosts.paused.set(true);
            Thread.sleep(TIMEOUT_MS + 2_000);
            hosts.paused.set(false);

            // (d) a plan from the end of time, then a real one
            String from = before.get("web-1");
            String to = NODES.stream().filter(n -> !before.containsValue(n)).findFirst().orElse(
                    NODES.stream().filter(n -> !n.equals(from)).findFirst().orElseThrow());
            job.kafka.produce(job.topics.migrations(),
                    migration("forever", Long.MAX_VALUE, 0, 1000, "web", "web-1", from, to));
            job.kafka.produce(job.topics.migrations(),
                    migration("real", System.currentTimeMillis(), 0, 1, "web", "web-1", from, to));
            List<RequestOutcome> outcomes = job.kafka.consumeUntil(job.topics.outcomes(),
                    l -> last(l, "migration/real/web-1") == OutcomeStatus.COMPLETED, WAIT);
            assertEquals(OutcomeStatus.COMPLETED, last(outcomes, "migration/real/web-1"), outcomes.toString());
            RequestOutcome forever = outcomes.stream().filter(o -> o.getRequestId().equals("migration/forever/web-1"))
                    .findFirst().orElseThrow();
            assertEquals(OutcomeStatus.REJECTED, forever.getStatus());
            assertTrue(forever.getMessage().startsWith("createdAtMs: " + Long.MAX_VALUE + " is more than 30000 ms ahead"
                    + " of the job's clock"), forever.getMessage());
            Map<String, String> expected = new HashMap<>(before);
            expected.put("web-1", to);

            oneNodeFallsSilentAndOnlyItIsEvicted(job, hosts, expected, Map.of("web-1", 3, "web-2", 1));
        }
    }

    @Test
    void aRestartAfterTheSilenceTimeoutKeepsEveryPodWhereItWas() throws Exception {
        Path checkpoints = Files.createTempDirectory("sigmaflow-clock-");
        try (RunningJob job = RunningJob.prepare("job-clock-restart", KEYS); Hosts hosts = new Hosts(job)) {
            Configuration conf = RunningJob.flinkConfig(checkpoints, 0);
            conf.setString("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
            JobClient first = start(job, conf);
            Map<String, String> before;
            try {
                before = placeApp(job); // visible once committed: the checkpoint holding them completed
            } finally {
                hosts.paused.set(true); // Ctrl-C: the whole stack stops, executors too
                cancel(first);
            }
            Path checkpoint = latestCheckpoint(checkpoints.resolve(first.getJobID().toString()));
            Thread.sleep(TIMEOUT_MS + 2_000); // down for longer than the silence timeout

            conf.setString("execution.state-recovery.path", checkpoint.toUri().toString());
            JobClient second = start(job, conf);
            try {
                hosts.paused.set(false); // ./sigma up: the executors come back with the job
                oneNodeFallsSilentAndOnlyItIsEvicted(job, hosts, before, Map.of("web-1", 1, "web-2", 1));
            } finally {
                cancel(second);
            }
        } finally {
            try (var paths = Files.walk(checkpoints)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Four nodes registered, reporting; app web with 3 pods placed: pod -> node. */
    private static Map<String, String> placeApp(RunningJob job) {
        job.kafka.produce(job.topics.nodeEvents(), topology(2, 1, 2, 4000, 8192));
        job.kafka.consumeUntil(job.topics.nodeState(), l -> l.size() >= 4, WAIT);
        job.kafka.produce(job.topics.requests(), publish("w1", "web", 3, template(1000, 1024)));
        List<RequestOutcome> outcomes = job.kafka.consumeUntil(job.topics.outcomes(),
                l -> last(l, "w1") == OutcomeStatus.PLACED, WAIT);
        assertEquals(OutcomeStatus.PLACED, last(outcomes, "w1"), outcomes.toString());
        Map<String, String> bound = RunningJob.bound(job.placements(l -> RunningJob.bound(l).size() == 3, WAIT));
        assertEquals(3, bound.size(), bound.toString());
        return bound;
    }

    /**
     * The node of web-0 stops reporting: its pod is unbound as silent and placed again; every other
     * pod is where {@code expected} says with exactly {@code records} placements (BIND, UNBIND) in all
     * (a job that forgot its state and placed them again would show), and no other UNBIND ever named
     * a silence.
     */
    private static void oneNodeFallsSilentAndOnlyItIsEvicted(RunningJob job, Hosts hosts, Map<String, String> expected,
                                                             Map<String, Integer> records) {
        String silent = expected.get("web-0");
        hosts.reporting.remove(silent);
        List<Placement> placements = job.placements(l -> {
            Map<String, String> b = RunningJob.bound(l);
            return b.size() == 3 && b.containsKey("web-0") && !silent.equals(b.get("web-0"));
        }, WAIT);
        Map<String, String> now = RunningJob.bound(placements);
        assertTrue(now.containsKey("web-0") && !silent.equals(now.get("web-0")), "web-0 moved off " + silent + ": " + now);
        Map<String, String> others = new HashMap<>(now);
        others.remove("web-0");
        Map<String, String> expectedOthers = new HashMap<>(expected);
        expectedOthers.remove("web-0");
        assertEquals(expectedOthers, others, "every other pod stayed where it was");
        List<Placement> silenced = placements.stream().filter(p -> p.getAction() == PlacementAction.UNBIND
                && p.getReason() != null && p.getReason().contains("silent")).toList();
        assertTrue(silenced.stream().allMatch(p -> p.getNodeId().equals(silent)), "only " + silent + " evicted: " + silenced);
        records.forEach((pod, n) -> assertEquals(n.longValue(), placements.stream().filter(p -> p.getPodId().equals(pod)).count(),
                pod + ": " + placements));
    }

    private static JobClient start(RunningJob job, Configuration conf) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, conf);
        PlacementJob.onKafka(job.config).build(env);
        return env.executeAsync("job clock test");
    }

    /** Cancels the job; its local mini cluster shuts down with it (then it cannot be asked any more). */
    private static void cancel(JobClient client) throws Exception {
        client.cancel().get();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try {
            while (!client.getJobStatus().get().isGloballyTerminalState() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        } catch (IllegalStateException | java.util.concurrent.ExecutionException e) {
            // the mini cluster is gone: the job is over
        }
    }

    /** The newest completed checkpoint (a chk-N folder with its metadata). */
    private static Path latestCheckpoint(Path jobDir) throws Exception {
        try (var dirs = Files.list(jobDir)) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("chk-") && Files.exists(d.resolve("_metadata")))
                    .max(java.util.Comparator.comparingLong(d -> Long.parseLong(d.getFileName().toString().substring(4))))
                    .orElseThrow(() -> new AssertionError("no retained checkpoint in " + jobDir));
        }
    }

    private static OutcomeStatus last(List<RequestOutcome> outcomes, String requestId) {
        OutcomeStatus last = null;
        for (RequestOutcome o : outcomes) {
            if (o.getRequestId().equals(requestId)) {
                last = o.getStatus();
            }
        }
        return last;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static KafkaProducer<byte[], byte[]> rawProducer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
