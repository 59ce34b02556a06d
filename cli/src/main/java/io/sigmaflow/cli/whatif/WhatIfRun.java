package io.sigmaflow.cli.whatif;

import io.sigmaflow.connectors.security.KafkaClientConfig;
import io.sigmaflow.connectors.admin.TopicAdmin;
import io.sigmaflow.connectors.local.LocalKafkaBroker;
import io.sigmaflow.connectors.topics.Topics;
import io.sigmaflow.jobs.job.FlinkConfigFiles;
import io.sigmaflow.jobs.job.PlacementJob;
import io.sigmaflow.jobs.job.PlacementJobConfig;
import io.sigmaflow.cli.local.StackClient;
import io.sigmaflow.schema.NodeEvent;
import io.sigmaflow.schema.PlacementRequest;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * One what-if: the real placement job (RocksDB, checkpoints, exactly-once sinks, its loop through
 * Kafka) on topics of its own, fed a cluster and a workload as a bounded replay, stopped once it
 * has settled ({@link Quiescence}). Kafka is a broker started in this process for the run
 * (deleted after it) unless {@link Settings#bootstrap()} names one, where the run's topics get a
 * fresh prefix.
 *
 * <p>Everything is in Kafka before the job starts and the job reads it {@code BOUNDED} in event
 * time: the same input at the same parallelism gives the same placements (docs/design.md, invariant 6).
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
    private final PrintStream progress;
    private final boolean terminal;

    public WhatIfRun(Settings settings, PrintStream log) {
        this(settings, log, log, false);
    }

    /** {@code progress}: where the progress display goes (stderr), one updating line when {@code terminal}. */
    public WhatIfRun(Settings settings, PrintStream log, PrintStream progress, boolean terminal) {
        this.settings = settings;
        this.log = log;
        this.progress = progress;
        this.terminal = terminal;
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
            // The quiet period must span two checkpoints: what the job processed is committed by the next one.
            Duration interval = flink.get(org.apache.flink.configuration.CheckpointingOptions.CHECKPOINTING_INTERVAL);
            Duration settle = settings.settle().compareTo(interval.multipliedBy(2)) >= 0 ? settings.settle()
                    : interval.multipliedBy(2);
            Quiescence.Verdict verdict;
            double settledAt;
            Quiescence watch = new Quiescence(bootstrap, config.topics(), config.groupId(), settle,
                    input.requests().stream().map(PlacementRequest::getRequestId).collect(Collectors.toSet()),
                    input.nodes().stream().map(NodeEvent::getNodeId).collect(Collectors.toSet()));
            try {
                WhatIfProgress shown = new WhatIfProgress(progress, terminal, input.requests().size(),
                        WhatIfProgress.publishedPods(input.requests()));
                try {
                    verdict = watch.await(settings.timeout(), () -> ended(job), log, shown);
                } finally {
                    shown.done();
                }
                settledAt = (System.nanoTime() - start) / 1e9;
            } finally {
                watch.close();
                stop(job);
                if (broker == null) {
                    deleteTopics(bootstrap, config.topics());
                }
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

    /** On a Kafka the run does not own, it leaves nothing behind (the report has been read). */
    private void deleteTopics(String bootstrap, Topics topics) {
        try (Admin admin = Admin.create(KafkaClientConfig.clientProperties(bootstrap))) {
            admin.deleteTopics(topics.all().stream().map(t -> t.name()).toList()).all().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.println("whatif: could not delete the run's topics " + topics.prefix() + "*: " + e);
        }
    }

    /** Sends the input, nodes first; returns once the broker has every record. */
    private static void feed(String bootstrap, Topics topics, WhatIfInput input) {
        long t0 = System.currentTimeMillis();
        // Nodes without a time come before the first timed request (a replayed trace keeps its own, older, times).
        long firstRequest = input.requests().stream().mapToLong(PlacementRequest::getSubmittedAtMs).filter(t -> t > 0)
                .min().orElse(Long.MAX_VALUE);
        t0 = Math.min(t0, firstRequest - input.nodes().size() - 1);
        List<Long> nodeTimes = new ArrayList<>();
        for (NodeEvent n : input.nodes()) {
            nodeTimes.add(n.getEventTimeMs() > 0 ? n.getEventTimeMs() : t0 + nodeTimes.size());
        }
        List<Long> requestTimes = new ArrayList<>();
        for (PlacementRequest r : input.requests()) {
            requestTimes.add(r.getSubmittedAtMs() > 0 ? r.getSubmittedAtMs() : t0 + nodeTimes.size() + requestTimes.size());
        }
        try (StackClient kafka = new StackClient(bootstrap, topics, Duration.ofSeconds(60))) {
            kafka.send(topics.nodeEvents(), input.nodes(), nodeTimes);
            kafka.send(topics.requests(), input.requests(), requestTimes);
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

    /** {@link FlinkConfigFiles#forRun} with this run's Flink settings (the sigmaflow.* ones go to the job's). */
    private Configuration flinkConfig(Path work) {
        Map<String, String> overrides = new HashMap<>();
        settings.overrides().forEach((k, v) -> {
            if (!k.startsWith(PlacementJobConfig.PREFIX)) {
                overrides.put(k, v);
            }
        });
        return FlinkConfigFiles.forRun(work, overrides);
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | java.io.UncheckedIOException ignored) {
            // a temp dir left behind is harmless
        }
    }
}
