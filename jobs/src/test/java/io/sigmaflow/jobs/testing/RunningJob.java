package io.sigmaflow.jobs.testing;

import io.sigmaflow.connectors.admin.TopicAdmin;
import io.sigmaflow.connectors.testing.FlinkTestConfig;
import io.sigmaflow.connectors.testing.KafkaTestClient;
import io.sigmaflow.connectors.testing.SharedKafka;
import io.sigmaflow.connectors.topics.Topics;
import io.sigmaflow.jobs.job.PlacementJob;
import io.sigmaflow.jobs.job.PlacementJobConfig;
import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.PlacementAction;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The placement job running on a local mini cluster against the shared test broker, on topics of
 * its own (a unique prefix): RocksDB, incremental checkpoints, exactly-once sinks.
 */
public final class RunningJob implements AutoCloseable {
    public static final Duration CHECKPOINTS = Duration.ofMillis(200);

    public final Topics topics;
    public final KafkaTestClient kafka;
    public final PlacementJobConfig config;
    private JobClient client;
    /** Checkpoints live here, not in a JUnit temp dir: a cancelled job may still be deleting files when the test ends. */
    private Path checkpoints;

    private RunningJob(Topics topics, PlacementJobConfig config) {
        this.topics = topics;
        this.config = config;
        this.kafka = new KafkaTestClient(SharedKafka.bootstrapServers());
    }

    /** Topics created, nothing running yet. */
    public static RunningJob prepare(String testName, Map<String, String> jobKeys) {
        String prefix = SharedKafka.uniquePrefix(testName);
        Map<String, String> keys = new HashMap<>(jobKeys);
        keys.put(PlacementJobConfig.BOOTSTRAP, SharedKafka.bootstrapServers());
        keys.put(PlacementJobConfig.TOPIC_PREFIX, prefix);
        keys.putIfAbsent(PlacementJobConfig.PARTITIONS, "2");
        keys.put(PlacementJobConfig.GROUP_ID, prefix + "job");
        keys.putIfAbsent(PlacementJobConfig.WATERMARK_IDLENESS, "300ms");
        PlacementJobConfig config = PlacementJobConfig.from(keys);
        try (TopicAdmin admin = new TopicAdmin(SharedKafka.bootstrapServers())) {
            admin.ensure(config.topics().all());
        }
        return new RunningJob(config.topics(), config);
    }

    /** Flink settings of these tests: RocksDB, checkpoints every 200 ms, {@code restarts} restarts. */
    public static Configuration flinkConfig(Path checkpoints, int restarts) {
        Configuration conf = FlinkTestConfig.rocksDbWithCheckpoints(checkpoints, CHECKPOINTS);
        conf.setString("pipeline.auto-watermark-interval", "50ms");
        conf.setString("pipeline.object-reuse", "true");
        // Every record type has a real serializer: a fallback to Kryo fails the job.
        conf.setString("pipeline.generic-types", "false");
        if (restarts > 0) {
            conf.setString("restart-strategy.type", "fixed-delay");
            conf.setString("restart-strategy.fixed-delay.attempts", String.valueOf(restarts));
            conf.setString("restart-strategy.fixed-delay.delay", "200ms");
        }
        return conf;
    }

    /** Starts the job with the production Kafka wiring (or a decorated one). */
    public RunningJob start(int parallelism, int restarts, Function<PlacementJobConfig, PlacementJob> job)
            throws Exception {
        return start(parallelism, restarts, Map.of(), job);
    }

    /** As {@link #start(int, int, Function)}, with {@code flink} over these tests' Flink settings. */
    public RunningJob start(int parallelism, int restarts, Map<String, String> flink,
                            Function<PlacementJobConfig, PlacementJob> job) throws Exception {
        checkpoints = java.nio.file.Files.createTempDirectory("sigmaflow-it-");
        Configuration conf = flinkConfig(checkpoints, restarts);
        flink.forEach(conf::setString);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
        job.apply(config).build(env);
        client = env.executeAsync("placement job test");
        return this;
    }

    public RunningJob start(int parallelism) throws Exception {
        return start(parallelism, 0, PlacementJob::onKafka);
    }

    public JobClient client() {
        return client;
    }

    /**
     * Waits until the job completed a checkpoint (Flink triggers one only once every task, the
     * sources included, is running): from then on its readers are at their topics.
     */
    public void awaitFirstCheckpoint(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(checkpoints)) {
                if (files.anyMatch(f -> f.getFileName().toString().equals("_metadata"))) {
                    return;
                }
            } catch (java.io.IOException | java.io.UncheckedIOException e) {
                // a checkpoint subsumed while we walked: look again
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no checkpoint completed within " + timeout);
    }

    /** Committed placements read from the start until {@code done} holds. */
    public List<Placement> placements(Predicate<List<Placement>> done, Duration timeout) {
        return kafka.consumeUntil(topics.placements(), done, timeout);
    }

    /**
     * Pod -> node after replaying {@code placements} in generation order (a pod's generations only
     * grow; the topic is keyed by node, so a consumer sees a migration's source and target
     * partitions interleaved in any order). An UNBIND removes the pod from its node only: a
     * migration binds the pod on its target before it unbinds it from its source.
     */
    public static Map<String, String> bound(List<Placement> placements) {
        Map<String, String> bound = new TreeMap<>();
        List<Placement> ordered = new java.util.ArrayList<>(placements);
        ordered.sort(java.util.Comparator.comparingLong(Placement::getGeneration));
        for (Placement p : ordered) {
            if (p.getAction() == PlacementAction.BIND) {
                bound.put(p.getPodId(), p.getNodeId());
            } else {
                bound.remove(p.getPodId(), p.getNodeId());
            }
        }
        return bound;
    }

    @Override
    public void close() throws Exception {
        try {
            if (client != null) {
                client.cancel().get();
                long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
                while (!client.getJobStatus().get().isGloballyTerminalState() && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
            }
        } catch (Exception e) {
            // already finished or failed: nothing to cancel
        } finally {
            kafka.close();
            deleteQuietly(checkpoints);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var paths = java.nio.file.Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            // a leftover temp dir is harmless
        }
    }
}
