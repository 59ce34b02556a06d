package io.sigmaflow.cli.bench;

import io.sigmaflow.connectors.admin.TopicAdmin;
import io.sigmaflow.connectors.local.LocalKafkaBroker;
import io.sigmaflow.connectors.serde.AvroCodec;
import io.sigmaflow.connectors.topics.Topics;
import io.sigmaflow.jobs.job.FlinkConfigFiles;
import io.sigmaflow.jobs.job.PlacementJob;
import io.sigmaflow.jobs.job.PlacementJobConfig;
import io.sigmaflow.placement.model.Node;
import io.sigmaflow.placement.model.Pod;
import io.sigmaflow.placement.synthetic.SyntheticCluster;
import io.sigmaflow.placement.synthetic.SyntheticWorkload;
import io.sigmaflow.schema.NodeState;
import io.sigmaflow.schema.OutcomeStatus;
import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.PlacementAction;
import io.sigmaflow.schema.RequestOutcome;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * End to end: the generated nodes and one PUBLISH per app go through a real KRaft broker (in this
 * process) into the placement job on a local Flink mini cluster (this process too: the whole system
 * shares this machine's cores) with RocksDB, incremental checkpoints and exactly-once sinks, on the
 * production configuration (flink-conf/config.yaml) unless told otherwise. Placements are read
 * back {@code read_committed}, as executors read them: a pod's latency is from its request being
 * produced to its BIND being readable. The recount replays the committed BINDs in generation order
 * (each partition's commit order, causally ordered across partitions; see NodePartition).
 */
public final class EndToEndBench {
    private static final Duration NODES_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(20);

    /**
     * The order in which the job committed: there is no single clock across its partitions, but
     * with event-time order every partition applies commands in one global order (event time, then
     * app id) and an app's pods in the order the router sent them (pod numbers). Sorting BINDs by
     * (decidedAtMs = event time, app id, pod number) gives an order that agrees with every
     * partition's own commit order and with every app's routing order: the "moment" of the recount.
     */
    static final java.util.Comparator<Placement> JOB_ORDER = java.util.Comparator
            .comparingLong(Placement::getDecidedAtMs)
            .thenComparing(Placement::getAppId)
            .thenComparingLong(p -> podNumber(p.getPodId()))
            .thenComparing(Placement::getPodId);

    private final BenchOptions options;
    private final PrintStream log;
    /** Feasible nodes the job's placer scores per pod (the job's configuration). */
    private int maxCandidates;

    public EndToEndBench(BenchOptions options, PrintStream log) {
        this.options = options;
        this.log = log;
    }

    /** One app of the generated stream: its pods in order, published with one request. */
    private record App(String id, List<Pod> pods) {}

    public Result run() throws Exception {
        List<Node> nodes = SyntheticCluster.generate(options.nodes(), options.hostsPerChassis(),
                options.chassisPerSwitch(), options.seed());
        SyntheticWorkload.Stream stream = SyntheticWorkload.generate(options.pods(), options.seed());
        List<App> apps = apps(stream.pods());
        Path work = Files.createTempDirectory("sigmaflow-bench-");
        log.printf("generated %d nodes, %d pods from %d apps (seed %d); load average %s%n", nodes.size(),
                stream.pods().size(), apps.size(), options.seed(), loadAverage());
        try (LocalKafkaBroker broker = LocalKafkaBroker.startEphemeral()) {
            Configuration flink = flinkConfig(work);
            PlacementJobConfig jobConfig = jobConfig(flink, broker.bootstrapServers());
            maxCandidates = jobConfig.placement().profile().maxCandidates();
            try (TopicAdmin admin = new TopicAdmin(broker.bootstrapServers())) {
                admin.ensure(jobConfig.topics().all());
            }
            int parallelism = options.parallelism() > 0 ? options.parallelism()
                    : flink.getOptional(org.apache.flink.configuration.CoreOptions.DEFAULT_PARALLELISM).orElse(2);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, flink);
            PlacementJob.onKafka(jobConfig).build(env);
            JobClient job = env.executeAsync("SigmaFlow placement (benchmark)");
            long interval = flink.get(org.apache.flink.configuration.CheckpointingOptions.CHECKPOINTING_INTERVAL).toMillis();
            log.printf("job running: parallelism %d, checkpoints every %d ms, %s order%n", parallelism, interval,
                    jobConfig.eventTimeOrder() ? "event-time" : "arrival");
            try {
                return measure(broker.bootstrapServers(), jobConfig.topics(), nodes, apps, parallelism, interval);
            } finally {
                job.cancel().get();
            }
        } finally {
            deleteQuietly(work);
        }
    }

    private Result measure(String bootstrap, Topics topics, List<Node> nodes, List<App> apps, int parallelism,
                           long interval) throws Exception {
        BenchClients clients = new BenchClients(bootstrap);
        try (KafkaProducer<byte[], byte[]> producer = clients.producer()) {
            long t0 = System.nanoTime();
            clients.produce(producer, topics.nodeEvents(), nodes.stream().map(BenchRecords::register).toList());
            awaitNodes(clients, topics, nodes.size());
            log.printf("%d nodes registered in %.1f s (node-state readable)%n", nodes.size(), (System.nanoTime() - t0) / 1e9);

            Collector collector = new Collector(clients.consumer(), topics, apps);
            Thread reader = new Thread(collector, "bench-reader");
            reader.start();
            HeapSampler heap = new HeapSampler();
            heap.start();
            long cpuStart = processCpuNanos();
            long start = System.nanoTime();
            long offered = 0;
            for (int i = 0; i < apps.size(); i++) {
                App app = apps.get(i);
                if (options.rate() > 0) {
                    long due = start + (long) (offered * 1e9 / options.rate());
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
                collector.sent(i, System.nanoTime());
                producer.send(clients.record(topics.requests(), BenchRecords.publish(app.id(), app.pods())));
                offered += app.pods().size();
            }
            producer.flush();
            log.printf("offered %d pods in %d requests in %.1f s%n", offered, apps.size(), (System.nanoTime() - start) / 1e9);
            boolean done = collector.await(RUN_TIMEOUT);
            heap.stopSampling();
            reader.interrupt();
            reader.join(10_000);
            if (!done) {
                log.printf("timed out after %s: %d placed, %d apps without a final outcome%n", RUN_TIMEOUT,
                        collector.placedCount(), collector.appsWaiting());
            }
            return collector.result(start, cpuStart, heap.peakMb(), parallelism, interval);
        }
    }

    private void awaitNodes(BenchClients clients, Topics topics, int count) throws InterruptedException {
        AvroCodec<NodeState> codec = AvroCodec.of(NodeState.class);
        Set<String> seen = new HashSet<>();
        long deadline = System.nanoTime() + NODES_TIMEOUT.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = clients.consumer()) {
            consumer.subscribe(List.of(topics.nodeState().name()));
            while (seen.size() < count) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("only " + seen.size() + " of " + count + " nodes reached the job in "
                            + NODES_TIMEOUT);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(codec.decode(r.value()).getNodeId());
                }
            }
        }
    }

    /** The job's settings of config.yaml, on this run's broker and topics, without preemption. */
    private PlacementJobConfig jobConfig(Configuration flink, String bootstrap) {
        Map<String, String> keys = new HashMap<>(flink.toMap());
        keys.put(PlacementJobConfig.BOOTSTRAP, bootstrap);
        keys.put(PlacementJobConfig.TOPIC_PREFIX, "bench-");
        keys.put(PlacementJobConfig.GROUP_ID, "sigmaflow-bench");
        keys.put(PlacementJobConfig.PLACEMENT_PREFIX + "preemption", "false");
        if (options.maxCandidates() >= 0) {
            keys.put(PlacementJobConfig.PLACEMENT_PREFIX + "maxCandidates", String.valueOf(options.maxCandidates()));
        }
        if (options.order() != null) {
            keys.put(PlacementJobConfig.ORDER, options.order());
        }
        return PlacementJobConfig.from(keys);
    }

    /** flink-conf/config.yaml (production settings) when found, with this run's directories and options. */
    private Configuration flinkConfig(Path work) {
        Map<String, String> overrides = new HashMap<>();
        if (options.checkpointIntervalMs() > 0) {
            overrides.put("execution.checkpointing.interval", options.checkpointIntervalMs() + "ms");
        }
        overrides.putAll(options.flink());
        if (FlinkConfigFiles.findDefault() == null) {
            log.println("flink-conf/config.yaml not found (run from the repository root): RocksDB with defaults");
        }
        return FlinkConfigFiles.forRun(work, overrides);
    }

    private static List<App> apps(List<Pod> pods) {
        Map<String, List<Pod>> byApp = new LinkedHashMap<>();
        for (Pod pod : pods) {
            byApp.computeIfAbsent(pod.appId(), a -> new ArrayList<>()).add(pod);
        }
        List<App> apps = new ArrayList<>();
        byApp.forEach((id, list) -> apps.add(new App(id, list)));
        return apps;
    }

    /** What the benchmark saw, and its summary. */
    public record Result(BenchResult summary, Map<String, Object> extra, List<NodeRow> nodes,
                         List<PlacementRow> placements) {}

    /** Reads committed placements and outcomes as they become visible. */
    private final class Collector implements Runnable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final Topics topics;
        private final List<App> apps;
        private final Map<String, Integer> appIndex = new HashMap<>();
        private final long[] sentAt;
        private final Map<String, Placement> binds = new LinkedHashMap<>();
        private final Map<String, Long> visibleAt = new HashMap<>();
        private final Map<String, RequestOutcome> settled = new HashMap<>();
        private final AtomicLong lastBind = new AtomicLong();
        /** Process cpu time when the last BIND was read: the cpu of the same window as the wall time. */
        private final AtomicLong lastBindCpu = new AtomicLong();
        private final int podCount;
        private volatile boolean complete;
        private int duplicateBinds;

        Collector(KafkaConsumer<byte[], byte[]> consumer, Topics topics, List<App> apps) {
            this.consumer = consumer;
            this.topics = topics;
            this.apps = apps;
            this.sentAt = new long[apps.size()];
            for (int i = 0; i < apps.size(); i++) {
                appIndex.put(apps.get(i).id(), i);
            }
            this.podCount = apps.stream().mapToInt(a -> a.pods().size()).sum();
        }

        synchronized void sent(int app, long nanos) {
            sentAt[app] = nanos;
        }

        @Override
        public void run() {
            AvroCodec<Placement> placements = AvroCodec.of(Placement.class);
            AvroCodec<RequestOutcome> outcomes = AvroCodec.of(RequestOutcome.class);
            consumer.subscribe(List.of(topics.placements().name(), topics.outcomes().name()));
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    var records = consumer.poll(Duration.ofMillis(50));
                    long now = System.nanoTime();
                    synchronized (this) {
                        for (ConsumerRecord<byte[], byte[]> r : records) {
                            if (r.topic().equals(topics.placements().name())) {
                                Placement p = placements.decode(r.value());
                                if (p.getAction() == PlacementAction.BIND) {
                                    if (binds.putIfAbsent(p.getPodId(), p) != null) {
                                        duplicateBinds++;
                                    } else {
                                        visibleAt.put(p.getPodId(), now);
                                        lastBind.set(now);
                                    }
                                }
                            } else {
                                RequestOutcome o = outcomes.decode(r.value());
                                if (o.getStatus() != OutcomeStatus.ACCEPTED) {
                                    settled.put(o.getAppId(), o);
                                }
                            }
                        }
                        if (lastBind.get() == now) {
                            lastBindCpu.set(processCpuNanos());
                        }
                        if (settled.size() == apps.size() && binds.size() >= settledPlaced()) {
                            complete = true;
                            notifyAll();
                        }
                    }
                }
            } catch (org.apache.kafka.common.errors.InterruptException e) {
                Thread.currentThread().interrupt();
            } finally {
                consumer.close(Duration.ofSeconds(2));
            }
        }

        private int settledPlaced() {
            return settled.values().stream().mapToInt(RequestOutcome::getPlaced).sum();
        }

        synchronized boolean await(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!complete && System.nanoTime() < deadline) {
                wait(1000);
            }
            return complete;
        }

        synchronized int placedCount() {
            return binds.size();
        }

        synchronized int appsWaiting() {
            return apps.size() - settled.size();
        }

        synchronized Result result(long start, long cpuStart, long heapPeakMb, int parallelism, long interval) {
            long end = lastBind.get();
            long cpuNanos = lastBindCpu.get() - cpuStart;
            double seconds = Math.max(1e-9, (end - start) / 1e9);
            long[] latencies = new long[binds.size()];
            int i = 0;
            for (Placement p : binds.values()) {
                latencies[i++] = visibleAt.get(p.getPodId()) - sentAt[appIndex.get(p.getAppId())];
            }
            Arrays.sort(latencies);
            List<Placement> inOrder = new ArrayList<>(binds.values());
            inOrder.sort(JOB_ORDER);
            List<PlacementRow> rows = new ArrayList<>(binds.size());
            for (Placement p : inOrder) {
                rows.add(new PlacementRow(p.getPodId(), p.getAppId(), p.getNodeId(), p.getResources().getCpuMillis(),
                        p.getResources().getMemoryMb(), rows.size() + 1));
            }
            int pending = settled.values().stream().mapToInt(RequestOutcome::getPending).sum();
            List<Node> nodes = SyntheticCluster.generate(options.nodes(), options.hostsPerChassis(),
                    options.chassisPerSwitch(), options.seed());
            List<NodeRow> nodeRows = CoreOnlyBench.nodeRows(nodes);
            RecountChecker.Recount recount = RecountChecker.check(nodeRows, rows);
            log.printf("recount (job order): %d overcommitted nodes, %d avoidable co-locations (switch %d,"
                            + " chassis %d, host %d), %d duplicate binds%n", recount.overcommittedNodes(),
                    recount.avoidableColocations(), recount.avoidableByLevel()[0], recount.avoidableByLevel()[1],
                    recount.avoidableByLevel()[2], duplicateBinds + recount.duplicatePods());
            BenchResult summary = new BenchResult("end-to-end", options.nodes(), podCount, apps.size(), binds.size(),
                    pending, seconds, cpuNanos / 1e9, percentileMs(latencies, 0.50), percentileMs(latencies, 0.99),
                    recount.overcommittedNodes(), recount.avoidableColocations(), options.seed(), 0,
                    maxCandidates, CoreOnlyBench.usedPct(rows, nodes, true),
                    CoreOnlyBench.usedPct(rows, nodes, false), CoreOnlyBench.cpuStddevPct(rows, nodes));
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("parallelism", parallelism);
            extra.put("checkpoint_interval_ms", interval);
            extra.put("rate", options.rate());
            extra.put("p90_ms", percentileMs(latencies, 0.90));
            extra.put("max_ms", latencies.length == 0 ? 0 : latencies[latencies.length - 1] / 1e6);
            extra.put("duplicate_binds", duplicateBinds + recount.duplicatePods());
            extra.put("heap_peak_mb", heapPeakMb);
            extra.put("load_average", loadAverage());
            return new Result(summary, extra, nodeRows, rows);
        }
    }

    static long podNumber(String podId) {
        int dash = podId.lastIndexOf('-');
        try {
            return dash < 0 ? -1 : Long.parseLong(podId.substring(dash + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static double percentileMs(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
        return sorted[Math.max(0, i)] / 1e6;
    }

    /** Peak used heap of this process (broker, job and bench clients together), sampled every 100 ms. */
    private static final class HeapSampler extends Thread {
        private volatile boolean running = true;
        private long peak;

        HeapSampler() {
            super("bench-heap-sampler");
            setDaemon(true);
        }

        @Override
        public void run() {
            while (running) {
                peak = Math.max(peak, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void stopSampling() {
            running = false;
        }

        long peakMb() {
            return peak / (1024 * 1024);
        }
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }
}
