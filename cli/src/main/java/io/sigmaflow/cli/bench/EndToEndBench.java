package io.sigmaflow.cli.bench;

import io.sigmaflow.connectors.serde.AvroCodec;
import io.sigmaflow.connectors.topics.Topics;
import io.sigmaflow.placement.model.Node;
import io.sigmaflow.placement.model.Pod;
import io.sigmaflow.placement.synthetic.SyntheticCluster;
import io.sigmaflow.placement.synthetic.SyntheticWorkload;
import io.sigmaflow.schema.NodeState;
import io.sigmaflow.schema.Placement;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * End to end: the generated nodes and one PUBLISH per app go through Kafka into the placement job
 * on a {@link BenchTarget}: a broker and mini cluster in this process ({@link EmbeddedTarget}) or
 * the multi-process cluster {@code ./sigma cluster up} started ({@link ClusterTarget}, {@code
 * --cluster}). Placements are read back {@code read_committed}, as executors read them: a pod's
 * latency is from its request being produced to its BIND being readable. The recount replays the
 * committed BINDs in generation order (each partition's commit order, causally ordered across
 * partitions; see NodePartition). With {@code --kill-taskmanager-at F} the busiest TaskManager is
 * killed -9 once a fraction F of the pods is placed.
 */
public final class EndToEndBench {
    /** Registering 20,000 nodes took 40-55 s on this shared machine: 3 min, and 1 more per 10,000 nodes. */
    static Duration nodesTimeout(int nodes) {
        return Duration.ofMinutes(3 + nodes / 10_000);
    }

    /** 20 min, and 1 more per 50,000 pods (1,000,000 pods: 40 min). */
    static Duration runTimeout(int pods) {
        return Duration.ofMinutes(20 + pods / 50_000);
    }

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

    public EndToEndBench(BenchOptions options, PrintStream log) {
        this.options = options;
        this.log = log;
    }

    /** One app of the generated stream: its pods in order, published with one request. */
    record App(String id, List<Pod> pods) {}

    public Result run() throws Exception {
        List<Node> nodes = SyntheticCluster.generate(options.nodes(), options.hostsPerChassis(),
                options.chassisPerSwitch(), options.seed());
        SyntheticWorkload.Stream stream = SyntheticWorkload.generate(options.pods(), options.seed());
        List<App> apps = apps(stream.pods());
        log.printf("generated %d nodes, %d pods from %d apps (seed %d); load average %s%n", nodes.size(),
                stream.pods().size(), apps.size(), options.seed(), loadAverage());
        try (BenchTarget target = options.cluster() ? ClusterTarget.open(options, log) : EmbeddedTarget.start(options, log)) {
            Result result = measure(target, nodes, apps);
            try {
                target.cleanUp(apps.stream().map(App::id).toList(), nodes.stream().map(Node::id).toList(), log);
            } catch (IllegalStateException e) {
                // The run's result stands; only the next run on this cluster is affected (it refuses).
                log.println("clean-up incomplete: " + e.getMessage());
            }
            return result;
        }
    }

    private Result measure(BenchTarget target, List<Node> nodes, List<App> apps) throws Exception {
        BenchClients clients = new BenchClients(target.bootstrap());
        Topics topics = target.topics();
        RunIds ids = target.ids();
        try (KafkaProducer<byte[], byte[]> producer = clients.producer()) {
            long t0 = System.nanoTime();
            clients.produce(producer, topics.nodeEvents(), nodes.stream().map(n -> BenchRecords.register(n, ids)).toList());
            awaitNodes(clients, topics, ids, nodes.size());
            log.printf("%d nodes registered in %.1f s (node-state readable)%n", nodes.size(), (System.nanoTime() - t0) / 1e9);

            HostReaders hosts = null;
            if (options.hostReaders()) {
                hosts = new HostReaders(target.bootstrap(), topics.placements(),
                        nodes.stream().map(n -> ids.id(n.id())).toList());
                long t1 = System.nanoTime();
                boolean ready = hosts.start(Duration.ofMinutes(2));
                log.printf("%d host readers on %d partitions of %s: %s in %.1f s%n", nodes.size(), hosts.partitions(),
                        topics.placements().name(), ready ? "all fetching" : "NOT all fetching", (System.nanoTime() - t1) / 1e9);
            }
            PlacementCollector collector = new PlacementCollector(clients.consumer(), topics, apps, ids, target::cpuNanos);
            Thread reader = new Thread(collector, "bench-reader");
            reader.start();
            FailureInjector injector = null;
            Thread killer = null;
            if (options.killTaskManagerAt() > 0) {
                injector = new FailureInjector(clients.consumer(false), topics, ids, options.killTaskManagerAt(),
                        apps.stream().mapToInt(a -> a.pods().size()).sum(), target, collector, log);
                killer = new Thread(injector, "bench-failure-injector");
                killer.start();
            }
            HeapSampler heap = new HeapSampler();
            heap.start();
            TopicTraffic traffic = new TopicTraffic(target.bootstrap(),
                    topics.all().stream().map(t -> t.name()).toList());
            traffic.start();
            WriteProgress progress = new WriteProgress(clients.consumer(false), topics.placements().name(),
                    apps.stream().mapToInt(a -> a.pods().size()).sum(), target::markCpuNanos, target::nativeCpuNanos);
            Thread progressReader = new Thread(progress, "bench-progress");
            // One reading starts cpu_seconds and its parts by role (two drifted apart under load).
            long cpuStart = target.timingStarts();
            progressReader.start();
            long start = System.nanoTime();
            long startMillis = System.currentTimeMillis();
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
                producer.send(clients.record(topics.requests(), BenchRecords.publish(ids.id(app.id()), app.pods())));
                offered += app.pods().size();
            }
            producer.flush();
            log.printf("offered %d pods in %d requests in %.1f s%n", offered, apps.size(), (System.nanoTime() - start) / 1e9);
            boolean done = collector.await(runTimeout(options.pods()));
            heap.stopSampling();
            progress.stop();
            progressReader.join(10_000);
            collector.stop();
            reader.join(10_000);
            if (killer != null) {
                injector.stop();
                killer.join(10_000);
            }
            if (!done) {
                log.printf("timed out after %s: %d placed, %d apps without a final outcome%n", runTimeout(options.pods()),
                        collector.placedCount(), collector.appsWaiting());
            }
            Result r = collector.result(options, log, start, cpuStart, heap.peakMb(), target.maxCandidates());
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("deployment", target.deployment());
            extra.put("parallelism", target.parallelism());
            extra.put("checkpoint_interval_ms", target.checkpointIntervalMs());
            extra.putAll(r.extra());
            if (options.killTaskManagerAt() > 0) {
                extra.put("kill_taskmanager_at", options.killTaskManagerAt());
                extra.put("seconds_to_first_bind_after_kill", collector.secondsToFirstBindAfterFailure());
            }
            Map<String, Object> roles = target.extra();
            extra.putAll(roles);
            extra.putAll(TailSplit.of(collector.bindTimes(), target.completedCheckpoints(), log));
            extra.putAll(cpuPerPlacement(roles, r.summary().placed()));
            Map<String, Object> steady = progress.steadyState();
            log.println("steady state (from a quarter to three quarters of the pods' BINDs written): " + steady);
            extra.putAll(steady);
            if (RunTimeline.enabled()) {
                RunTimeline.print(log, RunTimeline.slots(startMillis, 500, progress.readings(), collector.bindTimes(),
                        target.completedCheckpoints()));
            }
            if (hosts != null) {
                // every host has its own BINDs once the hosts kept as many records as were placed
                boolean read = hosts.awaitOwn(r.summary().placed(), Duration.ofSeconds(60));
                hosts.stop();
                Map<String, Object> fleet = hosts.perPlacement(r.summary().placed());
                fleet.put("host_readers_got_every_bind", read);
                log.println("host readers: " + fleet);
                extra.putAll(fleet);
                hosts.close();
            }
            Map<String, Object> bytes = traffic.perPlacement(r.summary().placed());
            log.println("per placement, written to each topic (bytes, records): " + bytes);
            extra.putAll(bytes);
            extra.put("profile", options.cluster() ? "cluster" : options.profile());
            extra.put("load_average", loadAverage());
            extra.put("aot_cache", options.cluster() ? "none" : AotCacheUse.ofThisJvm());
            return new Result(r.summary(), extra, r.nodes(), r.placements());
        }
    }

    /**
     * Microseconds of cpu per placement of the job alone and of the broker(s) alone, from the
     * deployment's cpu by role: embedded, by thread ({@code cpu_s_job}, {@code cpu_s_brokers});
     * on the cluster, by process (TaskManagers and JobManager for the job).
     */
    static Map<String, Object> cpuPerPlacement(Map<String, Object> roles, int placed) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (placed == 0) {
            return out;
        }
        double job = seconds(roles, "cpu_s_job") + seconds(roles, "cpu_s_taskmanagers") + seconds(roles, "cpu_s_jobmanager");
        out.put("job_cpu_us_per_placement", Math.round(job * 1e7 / placed) / 10.0);
        out.put("broker_cpu_us_per_placement", Math.round(seconds(roles, "cpu_s_brokers") * 1e7 / placed) / 10.0);
        return out;
    }

    private static double seconds(Map<String, Object> roles, String key) {
        return roles.get(key) instanceof Number n ? n.doubleValue() : 0;
    }

    private void awaitNodes(BenchClients clients, Topics topics, RunIds ids, int count) throws InterruptedException {
        AvroCodec<NodeState> codec = AvroCodec.of(NodeState.class);
        Set<String> seen = new HashSet<>();
        Duration timeout = nodesTimeout(count);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = clients.consumer()) {
            consumer.subscribe(List.of(topics.nodeState().name()));
            while (seen.size() < count) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("only " + seen.size() + " of " + count + " nodes reached the job in "
                            + timeout);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    NodeState n = codec.decode(r.value());
                    if (ids.owns(n.getNodeId()) && !n.getRemoved()) {
                        seen.add(n.getNodeId());
                    }
                }
            }
        }
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

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
