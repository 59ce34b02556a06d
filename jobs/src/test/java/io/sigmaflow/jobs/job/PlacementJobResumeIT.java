package io.sigmaflow.jobs.job;

import static io.sigmaflow.jobs.testing.JobRecords.publish;
import static io.sigmaflow.jobs.testing.JobRecords.scale;
import static io.sigmaflow.jobs.testing.JobRecords.template;
import static io.sigmaflow.jobs.testing.JobRecords.topology;
import static io.sigmaflow.jobs.testing.Outcomes.settled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.connectors.admin.TopicAdmin;
import io.sigmaflow.connectors.testing.KafkaTestClient;
import io.sigmaflow.connectors.testing.SharedKafka;
import io.sigmaflow.connectors.topics.Topics;
import io.sigmaflow.jobs.testing.RunningJob;
import io.sigmaflow.schema.OutcomeStatus;
import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.PlacementAction;
import io.sigmaflow.schema.RequestOutcome;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * {@code ./sigma placement-job} stopped abruptly and started again, through the same code path as
 * its main ({@link PlacementJobMain#start}, {@link PlacementJobMain#run}) on the repository's
 * config.yaml (RocksDB, incremental checkpoints, exactly-once) against the shared test broker: the
 * second start resumes the first one's newest retained checkpoint and knows its apps; with the
 * checkpoints gone it refuses to start empty; a second process on the same directory exits 4.
 */
class PlacementJobResumeIT {
    private static final Duration WAIT = Duration.ofSeconds(180); // generous: the machine is shared

    /** The command line of a job on {@code prefix}'s topics with checkpoints in {@code checkpoints}. */
    private static List<String> args(String prefix, Path checkpoints, String... extra) {
        List<String> args = new ArrayList<>(List.of("--config-dir", FlinkConfigTest.DIR.toString()));
        for (String kv : List.of(PlacementJobConfig.BOOTSTRAP + "=" + SharedKafka.bootstrapServers(),
                PlacementJobConfig.TOPIC_PREFIX + "=" + prefix, PlacementJobConfig.GROUP_ID + "=" + prefix + "job",
                PlacementJobConfig.PARTITIONS + "=2", PlacementJobConfig.WATERMARK_IDLENESS + "=300ms",
                "execution.checkpointing.dir=" + checkpoints.toUri(), "execution.checkpointing.interval=200ms",
                "parallelism.default=2", "restart-strategy.type=none", "rest.port=0", "rest.bind-port=0")) {
            args.add("--set");
            args.add(kv);
        }
        args.addAll(List.of(extra));
        return args;
    }

    private static Topics topics(String prefix) {
        return PlacementJobConfig.from(Map.of(PlacementJobConfig.TOPIC_PREFIX, prefix, PlacementJobConfig.PARTITIONS, "2"))
                .topics();
    }


    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }

    /** Cancels without a savepoint (only the retained checkpoint is left) and waits for the end. */
    private static void stopAbruptly(JobClient client) throws Exception {
        client.cancel().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        try {
            // The per-job mini cluster shuts down with its job: its result is the only thing to wait on.
            client.getJobExecutionResult().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException cancelled) {
            // the expected end
        }
    }

    /** Stops with a canonical savepoint in {@code dir}; its path. */
    private static String stopWithSavepoint(JobClient client, Path dir) throws Exception {
        String savepoint = client.stopWithSavepoint(false, dir.toUri().toString(), SavepointFormatType.CANONICAL)
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        client.getJobExecutionResult().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        return savepoint;
    }

    /** How a first run ends, given its job: the savepoint it leaves, or null. */
    @FunctionalInterface
    private interface Ending {
        String end(JobClient client) throws Exception;
    }

    /** What a first run leaves: web's 6 pods by node, and the savepoint it ended with (null: none). */
    private record FirstRun(Map<String, String> bound, String savepoint) {}

    /**
     * A first start on nothing: 12 nodes, then web's 6 pods placed and their BINDs readable (a
     * completed checkpoint holds the app), then {@code ending}.
     */
    private static FirstRun placeWebAndEnd(KafkaTestClient kafka, Topics topics, List<String> args, Ending ending)
            throws Exception {
        try (PlacementJobMain.Started first = PlacementJobMain.start(args, quiet())) {
            assertTrue(first.restoredFrom().isEmpty(), "nothing to resume on the first start");
            kafka.produce(topics.nodeEvents(), topology(3, 2, 2, 8000, 16384));
            kafka.consumeUntil(topics.nodeState(), l -> l.size() >= 12, WAIT);
            kafka.produce(topics.requests(), publish("p1", "web", 6, template(1000, 1024)));
            assertEquals(OutcomeStatus.PLACED, settled(kafka.consumeUntil(topics.outcomes(),
                    l -> settled(l, "p1") != null, WAIT), "p1").getStatus());
            Map<String, String> bound = RunningJob.bound(kafka.consumeUntil(topics.placements(),
                    l -> RunningJob.bound(l).size() == 6, WAIT));
            return new FirstRun(bound, ending.end(first.client()));
        }
    }

    private static final Ending ABRUPTLY = client -> {
        stopAbruptly(client);
        return null;
    };

    /**
     * On a resumed job: request {@code id} scales web to {@code pods}, which it can only do knowing
     * web (PLACED, that many pods), and every pod bound {@code before} stays on its node.
     */
    private static void scaleWeb(KafkaTestClient kafka, Topics topics, String id, int pods, Map<String, String> before)
            throws Exception {
        kafka.produce(topics.requests(), scale(id, "web", pods));
        RequestOutcome scaled = settled(kafka.consumeUntil(topics.outcomes(), l -> settled(l, id) != null, WAIT), id);
        assertEquals(OutcomeStatus.PLACED, scaled.getStatus(), "the resumed job knows web: " + scaled);
        assertEquals(pods, scaled.getPlaced());
        Map<String, String> after = RunningJob.bound(kafka.consumeUntil(topics.placements(),
                l -> RunningJob.bound(l).size() == pods, WAIT));
        before.forEach((pod, node) -> assertEquals(node, after.get(pod), pod + " stays where it was"));
    }

    @Test
    void aRestartResumesTheNewestCheckpointAndASecondInstanceExits() throws Exception {
        String prefix = SharedKafka.uniquePrefix("resume");
        Topics topics = topics(prefix);
        Path checkpoints = Files.createTempDirectory("sigmaflow-resume-");
        try (KafkaTestClient kafka = new KafkaTestClient(SharedKafka.bootstrapServers())) {
            Map<String, String> before = placeWebAndEnd(kafka, topics, args(prefix, checkpoints), ABRUPTLY).bound();
            String retained = RetainedCheckpoints.latest(checkpoints.toUri().toString()).orElseThrow().dir().toString();

            // The checkpoints lost (another directory): Kafka shows the earlier run, so no empty start.
            Path elsewhere = Files.createTempDirectory("sigmaflow-resume-lost-");
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = PlacementJobMain.run(args(prefix, elsewhere), quiet(), new PrintStream(err, true, StandardCharsets.UTF_8));
            String refusal = err.toString(StandardCharsets.UTF_8);
            assertEquals(LaunchRefusedException.EARLIER_WORK, code, refusal);
            assertTrue(refusal.contains("no checkpoint to resume in " + elsewhere.toUri()), refusal);
            assertTrue(refusal.contains("consumer group '" + prefix + "job' has committed offsets"), refusal);
            assertTrue(refusal.contains(topics.nodeState().name() + " holds committed node states"), refusal);
            assertTrue(refusal.contains(topics.outcomes().name() + " holds committed request outcomes"), refusal);
            assertTrue(refusal.contains(topics.placements().name() + " holds committed placements"), refusal);
            assertTrue(refusal.contains("--from-savepoint PATH") && refusal.contains("--start-empty"), refusal);

            try (PlacementJobMain.Started second = PlacementJobMain.start(args(prefix, checkpoints), quiet())) {
                assertEquals(retained, second.restoredFrom().orElse("none"), "resumed from the newest checkpoint");

                // A second instance on the same directory, as its own process, exits at once with the reason.
                Process other = secondInstance(args(prefix, checkpoints));
                assertTrue(other.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "the second instance exited");
                String said = new String(other.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertEquals(LaunchRefusedException.ALREADY_RUNNING, other.exitValue(), said);
                assertTrue(said.contains("another placement job is running on " + checkpoints), said);

                kafka.produce(topics.requests(), scale("s1", "web", 9));
                RequestOutcome scaled = settled(kafka.consumeUntil(topics.outcomes(), l -> settled(l, "s1") != null, WAIT), "s1");
                assertEquals(OutcomeStatus.PLACED, scaled.getStatus(), "the resumed job knows web: " + scaled);
                assertEquals(9, scaled.getPlaced());
                List<Placement> placements = kafka.consumeUntil(topics.placements(), l -> RunningJob.bound(l).size() == 9, WAIT);
                Map<String, String> after = RunningJob.bound(placements);
                assertEquals(9, after.size());
                before.forEach((pod, node) -> assertEquals(node, after.get(pod), pod + " stays where it was"));
                Map<String, Integer> binds = new HashMap<>();
                placements.stream().filter(p -> p.getAction() == PlacementAction.BIND)
                        .forEach(p -> binds.merge(p.getPodId(), 1, Integer::sum));
                assertEquals(9, binds.size());
                binds.forEach((pod, n) -> assertEquals(1, n, pod + " bound once"));
                stopAbruptly(second.client());
            }
        }
    }

    /** The latency profile as shipped: the changelog state backend, restores in CLAIM mode. */
    private static final String[] LATENCY_WITH_CHANGELOG = {"--profile", "latency"};

    /**
     * The latency profile with the changelog state backend and checkpoints claimed on restore: a
     * restart resumes the newest checkpoint, completes checkpoints again (the resumed job's
     * placements become readable) and knows its apps. Flink's default, NO_CLAIM, failed the first
     * checkpoint after such a restore (FLINK-38307).
     */
    @Test
    void theLatencyProfileWithTheChangelogResumesItsNewestCheckpoint() throws Exception {
        String prefix = SharedKafka.uniquePrefix("resume-latency");
        Topics topics = topics(prefix);
        Path checkpoints = Files.createTempDirectory("sigmaflow-resume-latency-");
        try (KafkaTestClient kafka = new KafkaTestClient(SharedKafka.bootstrapServers())) {
            Map<String, String> before = placeWebAndEnd(kafka, topics, args(prefix, checkpoints, LATENCY_WITH_CHANGELOG), ABRUPTLY).bound();
            assertTrue(Files.isDirectory(checkpoints.resolve("changelog")), "the changelog beside the checkpoints");
            String retained = RetainedCheckpoints.latest(checkpoints.toUri().toString()).orElseThrow().dir().toString();
            try (PlacementJobMain.Started second = PlacementJobMain.start(args(prefix, checkpoints, LATENCY_WITH_CHANGELOG), quiet())) {
                // A retained checkpoint shares files with its job's others: claimed where it is, not copied.
                assertEquals(retained, second.restoredFrom().orElse("none"), "resumed from the newest checkpoint");
                scaleWeb(kafka, topics, "s1", 9, before);
                stopAbruptly(second.client());
            }
        }
    }

    /** Every file under {@code dir} by its path relative to it, with its size. */
    private static Map<String, Long> files(Path dir) throws Exception {
        Map<String, Long> files = new java.util.TreeMap<>();
        try (var all = Files.walk(dir)) {
            for (Path f : all.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(f).toString(), Files.size(f));
            }
        }
        return files;
    }

    /**
     * The latency profile with the changelog restores a savepoint in CLAIM mode from a copy
     * ({@link ClaimedRestore}): the resumed job knows its apps, Flink deletes files of the copy as
     * newer checkpoints subsume it, and the savepoint itself is untouched and restores again (the
     * way back an upgrade keeps).
     */
    @Test
    void theLatencyProfileWithTheChangelogRestoresACopyOfASavepointAndKeepsTheSavepoint() throws Exception {
        String prefix = SharedKafka.uniquePrefix("resume-claim");
        Topics topics = topics(prefix);
        Path checkpoints = Files.createTempDirectory("sigmaflow-resume-claim-");
        Path savepoints = Files.createTempDirectory("sigmaflow-resume-claim-savepoints-");
        try (KafkaTestClient kafka = new KafkaTestClient(SharedKafka.bootstrapServers())) {
            FirstRun first = placeWebAndEnd(kafka, topics, args(prefix, checkpoints, LATENCY_WITH_CHANGELOG),
                    client -> stopWithSavepoint(client, savepoints));
            Path savepoint = SingleInstance.localPath(first.savepoint());
            Map<String, Long> taken = files(savepoint);
            assertTrue(taken.containsKey(RetainedCheckpoints.METADATA), "a savepoint: " + taken);

            List<String> fromSavepoint = args(prefix, checkpoints, LATENCY_WITH_CHANGELOG);
            fromSavepoint.addAll(List.of("--from-savepoint", savepoint.toString()));
            ByteArrayOutputStream said = new ByteArrayOutputStream();
            Path copy;
            // The restored state is the base of every checkpoint until the changelog's first
            // materialization (10 min by default): only after it can Flink dispose of the copy.
            List<String> materializing = new ArrayList<>(fromSavepoint);
            materializing.addAll(List.of("--set", "state.changelog.periodic-materialize.interval=1s"));
            try (PlacementJobMain.Started second = PlacementJobMain.start(materializing, new PrintStream(said, true, StandardCharsets.UTF_8))) {
                copy = SingleInstance.localPath(second.restoredFrom().orElseThrow());
                assertEquals(savepoint.getParent(), copy.getParent(), "the copy beside the savepoint");
                assertTrue(copy.getFileName().toString().startsWith(savepoint.getFileName() + ClaimedRestore.SUFFIX), copy.toString());
                String message = said.toString(StandardCharsets.UTF_8);
                assertTrue(message.contains("restoring from a copy of") && message.contains(savepoint.getFileName() + " stays yours"),
                        message);
                scaleWeb(kafka, topics, "s1", 9, first.bound());
                // The copy is the job's: as newer checkpoints subsume it and the changelog materializes past
                // it, Flink deletes its state files, which it would have deleted from the savepoint itself.
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (files(copy).size() >= taken.size() && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                assertTrue(files(copy).size() < taken.size(), "Flink deleted files of the claimed copy: " + files(copy).keySet());
                stopAbruptly(second.client());
            }
            assertEquals(taken, files(savepoint), "the savepoint is untouched");

            try (PlacementJobMain.Started third = PlacementJobMain.start(fromSavepoint, quiet())) {
                Path again = SingleInstance.localPath(third.restoredFrom().orElseThrow());
                assertTrue(!again.equals(copy) && again.getFileName().toString().contains(ClaimedRestore.SUFFIX),
                        "a new copy: " + again);
                // The savepoint's web (6 pods) restored again: it replays s1 after the savepoint, then s2.
                scaleWeb(kafka, topics, "s2", 10, first.bound());
                stopAbruptly(third.client());
            }
            assertEquals(taken, files(savepoint), "the savepoint is untouched after a second restore");
        }
    }

    private static Process secondInstance(List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), PlacementJobMain.class.getName()));
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    @Test
    void withoutACheckpointCommittedOffsetsRefuseAnEmptyStartUnlessTheOperatorSaysSo() throws Exception {
        String prefix = SharedKafka.uniquePrefix("refuse");
        Topics topics = topics(prefix);
        Path checkpoints = Files.createTempDirectory("sigmaflow-refuse-");
        try (TopicAdmin admin = new TopicAdmin(SharedKafka.bootstrapServers())) {
            admin.ensure(topics.all());
        }
        try (KafkaTestClient kafka = new KafkaTestClient(SharedKafka.bootstrapServers())) {
            // What an earlier run leaves: a request consumed and its offset committed by the group.
            kafka.produce(topics.requests(), publish("p1", "web", 2, template(1000, 1024)));
            Properties p = new Properties();
            p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
            try (Admin admin = Admin.create(p)) {
                Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
                for (int partition = 0; partition < 2; partition++) {
                    ends.put(new TopicPartition(topics.requests().name(), partition), OffsetSpec.latest());
                }
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                admin.listOffsets(ends).all().get(60, TimeUnit.SECONDS).forEach((tp, end) -> {
                    if (end.offset() > 0) {
                        offsets.put(tp, new OffsetAndMetadata(end.offset()));
                    }
                });
                assertEquals(1, offsets.size(), "the request is on one partition");
                admin.alterConsumerGroupOffsets(prefix + "job", offsets).all().get(60, TimeUnit.SECONDS);
            }
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = PlacementJobMain.run(args(prefix, checkpoints), quiet(), new PrintStream(err, true, StandardCharsets.UTF_8));
            String refusal = err.toString(StandardCharsets.UTF_8);
            assertEquals(LaunchRefusedException.EARLIER_WORK, code, refusal);
            assertTrue(refusal.contains("consumer group '" + prefix + "job' has committed offsets on 1 partition (e.g. "), refusal);
            assertTrue(!refusal.contains("holds committed node states"), "node-state is empty: " + refusal);

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (PlacementJobMain.Started empty = PlacementJobMain.start(args(prefix, checkpoints, "--start-empty"),
                    new PrintStream(out, true, StandardCharsets.UTF_8))) {
                assertTrue(empty.restoredFrom().isEmpty());
                assertTrue(out.toString(StandardCharsets.UTF_8).contains("started EMPTY (--start-empty)"), out.toString());
                stopAbruptly(empty.client());
            }
        }
    }
}
