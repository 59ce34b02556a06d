package io.sigmaflow.jobs.whatif;

import io.sigmaflow.connectors.admin.TopicAdmin;
import io.sigmaflow.connectors.local.LocalKafkaBroker;
import io.sigmaflow.connectors.serde.AvroCodec;
import io.sigmaflow.connectors.topics.Topic;
import io.sigmaflow.connectors.topics.Topics;
import io.sigmaflow.jobs.job.FlinkConfigFiles;
import io.sigmaflow.jobs.job.PlacementJob;
import io.sigmaflow.jobs.job.PlacementJobConfig;
import io.sigmaflow.schema.NodeEvent;
import io.sigmaflow.schema.PlacementRequest;
import java.io.IOException;
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
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.function.ToLongFunction;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * One what-if: the real placement job (RocksDB, checkpoints, exactly-once sinks, its loop through
 * Kafka) on topics of its own, fed a cluster and a workload as a bounded replay, stopped once it
 * has settled ({@link Quiescence}). Kafka is a broker started in this process for the run
 * (deleted after it) unless {@link Settings#bootstrap()} names one, where the run's topics get a
 * fresh prefix.
 *
 * <p>Everything is in Kafka before the job starts and the job reads it {@code BOUNDED} in event
 * time: the same input at the same parallelism gives the same placements (DESIGN.md, invariant 6).
 * A record's event time (its Kafka timestamp) is its own {@code eventTimeMs} / {@code
 * submittedAtMs} when set (a replayed trace keeps its times), else the run's start plus its
 * position: nodes first, then requests, in file order.
 */
public final class WhatIfRun {
    /** How to run: parallelism (0: the configuration's), limits, Kafka, extra Flink/job keys. */
    public record Settings(int parallelism, Duration timeout, Duration settle, String bootstrap,
                           Map<String, String> overrides) {}

    /** What the run saw. {@code settled} false: {@code problem} says why. */
    public record Outcome(boolean settled, String problem, WhatIfReport report, double secondsToSettle,
                          int parallelism) {}

    private final Settings settings;
    private final PrintStream log;

    public WhatIfRun(Settings settings, PrintStream log) {
        this.settings = settings;
        this.log = log;
    }

    public Outcome run(WhatIfInput input) throws Exception {
        long start = System.nanoTime();
        Path work = Files.createTempDirectory("sigmaflow-whatif-");
        LocalKafkaBroker broker = settings.bootstrap() == null ? LocalKafkaBroker.startEphemeral() : null;
        try {
            String bootstrap = broker != null ? broker.bootstrapServers() : settings.bootstrap();
            Configuration flink = flinkConfig(work);
            int parallelism = settings.parallelism() > 0 ? settings.parallelism()
                    : flink.getOptional(CoreOptions.DEFAULT_PARALLELISM).orElse(2);
            PlacementJobConfig config = jobConfig(flink, bootstrap, parallelism);
            try (TopicAdmin admin = new TopicAdmin(bootstrap)) {
                admin.ensure(config.topics().all());
            }
            log.printf("whatif: kafka %s%s, topics %s*, %d nodes, %d requests%n", bootstrap,
                    broker != null ? " (in this process, for this run)" : "", config.topics().prefix(),
                    input.nodes().size(), input.requests().size());
            feed(bootstrap, config.topics(), input);

            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, flink);
            PlacementJob.onKafka(config).build(env);
            JobClient job = env.executeAsync("SigmaFlow what-if");
            log.printf("whatif: job running (parallelism %d, checkpoints every %d ms); waiting until it settles"
                    + " (quiet for %d ms, at most %d s)%n", parallelism,
                    flink.get(org.apache.flink.configuration.CheckpointingOptions.CHECKPOINTING_INTERVAL).toMillis(),
                    settings.settle().toMillis(), settings.timeout().toSeconds());
            Quiescence.Verdict verdict;
            double settledAt;
            Quiescence watch = new Quiescence(bootstrap, config.topics(), config.groupId(), settings.settle(),
                    input.requests().stream().map(PlacementRequest::getRequestId).collect(Collectors.toSet()),
                    input.nodes().stream().map(NodeEvent::getNodeId).collect(Collectors.toSet()));
            try {
                verdict = watch.await(settings.timeout(), () -> ended(job), log);
                settledAt = (System.nanoTime() - start) / 1e9;
            } finally {
                watch.close();
                stop(job);
            }
            WhatIfReport report = WhatIfReport.of(input, watch.outcomes, watch.nodeStates, watch.placements,
                    watch.deadLetters);
            return new Outcome(verdict.settled(), verdict.problem(), report, settledAt, parallelism);
        } finally {
            if (broker != null) {
                broker.close();
            }
            deleteQuietly(work);
        }
    }

    /** Sends the input, nodes first; returns once the broker has every record. */
    private void feed(String bootstrap, Topics topics, WhatIfInput input) throws Exception {
        long t0 = System.currentTimeMillis();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        // One request in flight, not idempotent, every send checked: an idempotent producer on a
        // fresh topic lost every record under load here once (see the test producers).
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            send(producer, topics.nodeEvents(), input.nodes(), NodeEvent::getEventTimeMs, t0, sent);
            send(producer, topics.requests(), input.requests(), PlacementRequest::getSubmittedAtMs,
                    t0 + input.nodes().size(), sent);
            producer.flush();
            for (Future<RecordMetadata> f : sent) {
                f.get(60, TimeUnit.SECONDS);
            }
        }
    }

    private static <T extends SpecificRecord> void send(KafkaProducer<byte[], byte[]> producer, Topic<T> topic,
            List<T> records, ToLongFunction<T> ownTime, long base, List<Future<RecordMetadata>> sent) {
        AvroCodec<T> codec = AvroCodec.of(topic.recordType());
        for (int i = 0; i < records.size(); i++) {
            T r = records.get(i);
            long time = ownTime.applyAsLong(r) > 0 ? ownTime.applyAsLong(r) : base + i;
            sent.add(producer.send(new ProducerRecord<>(topic.name(), null, time,
                    topic.keyOf(r).getBytes(StandardCharsets.UTF_8), codec.encode(r))));
        }
    }

    /** Null while the job runs, else its final status (and why it failed). */
    private static String ended(JobClient job) {
        try {
            var status = job.getJobStatus().get(30, TimeUnit.SECONDS);
            if (!status.isGloballyTerminalState()) {
                return null;
            }
            try {
                job.getJobExecutionResult().get(30, TimeUnit.SECONDS);
                return status.name();
            } catch (Exception e) {
                Throwable root = e;
                while (root.getCause() != null) {
                    root = root.getCause();
                }
                return status.name() + ": " + root;
            }
        } catch (Exception e) {
            return "unreachable: " + e;
        }
    }

    private static void stop(JobClient job) {
        try {
            job.cancel().get(60, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!job.getJobStatus().get().isGloballyTerminalState() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        } catch (Exception e) {
            // already ended (failed): nothing to cancel
        }
    }

    /** The job's settings of config.yaml, on this run's Kafka and fresh topics, reading BOUNDED. */
    private PlacementJobConfig jobConfig(Configuration flink, String bootstrap, int parallelism) {
        String prefix = "whatif-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        Map<String, String> keys = new HashMap<>(flink.toMap());
        keys.put(PlacementJobConfig.BOOTSTRAP, bootstrap);
        keys.put(PlacementJobConfig.TOPIC_PREFIX, prefix);
        keys.put(PlacementJobConfig.GROUP_ID, prefix + "job");
        keys.put(PlacementJobConfig.TRANSACTIONAL_ID_PREFIX, prefix + "job");
        keys.put(PlacementJobConfig.READ_MODE, "BOUNDED");
        // One partition per subtask: more only adds splits with nothing in them.
        keys.putIfAbsent(PlacementJobConfig.PARTITIONS, String.valueOf(parallelism));
        settings.overrides().forEach((k, v) -> {
            if (k.startsWith(PlacementJobConfig.PREFIX)) {
                keys.put(k, v);
            }
        });
        return PlacementJobConfig.from(keys);
    }

    /** flink-conf/config.yaml when run from the repository root, else RocksDB defaults; this run's directories. */
    private Configuration flinkConfig(Path work) {
        Map<String, String> overrides = new HashMap<>();
        overrides.put("execution.checkpointing.dir", work.resolve("checkpoints").toUri().toString());
        overrides.put("execution.checkpointing.savepoint-dir", work.resolve("savepoints").toUri().toString());
        // A failure must end the run and say so, not restart behind the report.
        overrides.put("restart-strategy.type", "none");
        settings.overrides().forEach((k, v) -> {
            if (!k.startsWith(PlacementJobConfig.PREFIX)) {
                overrides.put(k, v);
            }
        });
        Path dir = FlinkConfigFiles.findDefault();
        if (dir == null) {
            overrides.putIfAbsent("state.backend.type", "rocksdb");
            overrides.putIfAbsent("execution.checkpointing.incremental", "true");
            overrides.putIfAbsent("execution.checkpointing.interval", "1s");
            overrides.putIfAbsent("pipeline.auto-watermark-interval", "50ms");
            return Configuration.fromMap(overrides);
        }
        return FlinkConfigFiles.load(dir, overrides);
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | java.io.UncheckedIOException ignored) {
            // a temp dir left behind is harmless
        }
    }
}
