package io.sigmaflow.cli.bench.gpu;

import io.sigmaflow.cli.bench.BenchClients;
import io.sigmaflow.cli.bench.gpu.GpuTraceFiles.TracePod;
import io.sigmaflow.connectors.admin.TopicAdmin;
import io.sigmaflow.connectors.local.LocalKafkaBroker;
import io.sigmaflow.connectors.serde.AvroCodec;
import io.sigmaflow.connectors.topics.Topics;
import io.sigmaflow.jobs.job.FlinkConfigFiles;
import io.sigmaflow.jobs.job.PlacementJob;
import io.sigmaflow.jobs.job.PlacementJobConfig;
import io.sigmaflow.placement.model.AvroMapping;
import io.sigmaflow.placement.model.Node;
import io.sigmaflow.schema.NodeEvent;
import io.sigmaflow.schema.NodeEventType;
import io.sigmaflow.schema.NodeState;
import io.sigmaflow.schema.OutcomeStatus;
import io.sigmaflow.schema.Payload;
import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.PlacementAction;
import io.sigmaflow.schema.PlacementRequest;
import io.sigmaflow.schema.PodTemplate;
import io.sigmaflow.schema.QosClass;
import io.sigmaflow.schema.RequestOutcome;
import io.sigmaflow.schema.RequestType;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * {@code gpu-trace --end-to-end}: one seed's arrival order placed through the real placement job
 * (a KRaft broker and a Flink mini cluster in this process, RocksDB, exactly-once sinks,
 * parallelism 1) with the SigmaFlow GPU policy as the job's profile, then compared pod by pod with
 * the decision core's run of the same order.
 *
 * <p>Why the job keeps the order without waiting for each pod: every trace pod is its own app (one
 * PUBLISH of one replica, app ids numbered in arrival order) on a one-partition requests topic, the
 * nodes are one core switch (one node partition), and the job applies commands in event-time order
 * (record time, then app id): the partition's placer sees the pods in arrival order, exactly as the
 * core's does. A pod that fits nowhere is refused by the one partition and stays pending; nothing
 * leaves, so no capacity epoch moves and it is never retried (which would feed its shape to the
 * learning score a second time).
 */
final class GpuTraceEndToEnd {
    static final Duration NODES_TIMEOUT = Duration.ofMinutes(3);
    static final Duration RUN_TIMEOUT = Duration.ofMinutes(30);
    private static final String APP_PREFIX = "gt";

    /** The job's outcome for the order: per arrival index, its placement (node null when pending). */
    record Result(List<GpuTraceRun.Placement> placements, double seconds, int pending) {}

    private GpuTraceEndToEnd() {}

    /** The job's keys: this run's broker and topics, the SigmaFlow GPU policy as the profile. */
    static PlacementJobConfig jobConfig(Configuration flink, String bootstrap) {
        Map<String, String> keys = new HashMap<>();
        // config.yaml's profile (filters, scores, their arguments) is replaced as a whole by the policy's.
        flink.toMap().forEach((k, v) -> {
            if (!k.startsWith(PlacementJobConfig.PLACEMENT_PREFIX) || k.endsWith("topology.levels")) {
                keys.put(k, v);
            }
        });
        GpuPolicies.SIGMAFLOW.forEach((k, v) -> keys.put(PlacementJobConfig.PLACEMENT_PREFIX + k, v));
        keys.put(PlacementJobConfig.BOOTSTRAP, bootstrap);
        keys.put(PlacementJobConfig.TOPIC_PREFIX, "gpu-trace-");
        keys.put(PlacementJobConfig.GROUP_ID, "sigmaflow-gpu-trace");
        keys.put(PlacementJobConfig.PARTITIONS, "1");
        keys.put(PlacementJobConfig.ORDER, "event-time");
        return PlacementJobConfig.from(keys);
    }

    static Result run(List<Node> cluster, List<TracePod> order, PrintWriter log) throws Exception {
        Path work = Files.createTempDirectory("sigmaflow-gpu-trace-");
        try (LocalKafkaBroker broker = LocalKafkaBroker.startEphemeral()) {
            Configuration flink = FlinkConfigFiles.forRun(work, Map.of("parallelism.default", "1",
                    "execution.checkpointing.interval", "200ms"));
            PlacementJobConfig config = jobConfig(flink, broker.bootstrapServers());
            try (TopicAdmin admin = new TopicAdmin(broker.bootstrapServers())) {
                admin.ensure(config.topics().all());
            }
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, flink);
            PlacementJob.onKafka(config).build(env);
            JobClient job = env.executeAsync("SigmaFlow placement (gpu-trace end to end)");
            try {
                return feed(new BenchClients(broker.bootstrapServers()), config.topics(), cluster, order, log);
            } finally {
                job.cancel().get();
            }
        } finally {
            deleteQuietly(work);
        }
    }

    private static Result feed(BenchClients clients, Topics topics, List<Node> cluster, List<TracePod> order,
                               PrintWriter log) throws InterruptedException {
        try (KafkaProducer<byte[], byte[]> producer = clients.producer()) {
            long t0 = System.nanoTime();
            clients.produce(producer, topics.nodeEvents(), cluster.stream().map(GpuTraceEndToEnd::register).toList());
            awaitNodes(clients, topics, cluster.size());
            log.printf("  end to end: %d nodes registered in %.1f s%n", cluster.size(), (System.nanoTime() - t0) / 1e9);
            log.flush();
            long start = System.nanoTime();
            List<PlacementRequest> requests = new ArrayList<>(order.size());
            for (int i = 0; i < order.size(); i++) {
                requests.add(publish(appId(i), order.get(i)));
            }
            clients.produce(producer, topics.requests(), requests);
            return collect(clients, topics, order, start, log);
        }
    }

    /** Reads BINDs and outcomes until every pod is bound or pending. */
    private static Result collect(BenchClients clients, Topics topics, List<TracePod> order, long start,
                                  PrintWriter log) {
        AvroCodec<Placement> placementCodec = AvroCodec.of(Placement.class);
        AvroCodec<RequestOutcome> outcomeCodec = AvroCodec.of(RequestOutcome.class);
        GpuTraceRun.Placement[] byIndex = new GpuTraceRun.Placement[order.size()];
        boolean[] pending = new boolean[order.size()];
        int settled = 0;
        int pendingCount = 0;
        long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
        long nextLog = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = clients.consumer()) {
            consumer.subscribe(List.of(topics.placements().name(), topics.outcomes().name()));
            while (settled < order.size()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("end to end: only " + settled + " of " + order.size()
                            + " pods settled in " + RUN_TIMEOUT);
                }
                if (System.nanoTime() > nextLog) {
                    log.printf("  end to end: %d of %d pods settled%n", settled, order.size());
                    log.flush();
                    nextLog = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.topic().equals(topics.placements().name())) {
                        Placement p = placementCodec.decode(r.value());
                        int i = index(p.getAppId());
                        if (p.getAction() != PlacementAction.BIND || i < 0) {
                            continue; // nothing moves in this run: an UNBIND would show as a difference
                        }
                        if (byIndex[i] == null && !pending[i]) {
                            settled++;
                        }
                        int[] gpus = p.getGpus() == null ? null : AvroMapping.gpuIndexes(p.getGpus());
                        byIndex[i] = new GpuTraceRun.Placement(order.get(i).name(),
                                GpuTraceRun.traceName(p.getNodeId()), gpus == null ? new int[0] : gpus);
                    } else {
                        RequestOutcome o = outcomeCodec.decode(r.value());
                        int i = index(o.getAppId());
                        if (i >= 0 && o.getStatus() == OutcomeStatus.PENDING && byIndex[i] == null && !pending[i]) {
                            pending[i] = true;
                            pendingCount++;
                            settled++;
                        }
                    }
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<GpuTraceRun.Placement> placements = new ArrayList<>(order.size());
        for (int i = 0; i < order.size(); i++) {
            placements.add(byIndex[i] != null ? byIndex[i]
                    : new GpuTraceRun.Placement(order.get(i).name(), null, new int[0]));
        }
        return new Result(placements, seconds, pendingCount);
    }

    /**
     * Pods whose placements differ (node, or the set of GPU indexes), as "index pod: core ... job ..."
     * lines; empty when the job placed every pod exactly as the core did.
     */
    static List<String> differences(List<GpuTraceRun.Placement> core, List<GpuTraceRun.Placement> job) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < core.size(); i++) {
            GpuTraceRun.Placement c = core.get(i);
            GpuTraceRun.Placement j = i < job.size() ? job.get(i) : null;
            if (j == null || !java.util.Objects.equals(c.node(), j.node()) || !sameGpus(c.gpus(), j.gpus())) {
                out.add(i + " " + c.pod() + ": core " + describe(c) + ", job " + (j == null ? "nothing" : describe(j)));
            }
        }
        return out;
    }

    private static boolean sameGpus(int[] a, int[] b) {
        int[] x = a == null ? new int[0] : a.clone(); // the core's decision names no GPUs for a pod without any
        int[] y = b == null ? new int[0] : b.clone();
        Arrays.sort(x);
        Arrays.sort(y);
        return Arrays.equals(x, y);
    }

    private static String describe(GpuTraceRun.Placement p) {
        return p.node() == null ? "dropped" : p.node() + " gpus " + Arrays.toString(p.gpus());
    }

    static NodeEvent register(Node node) {
        return NodeEvent.newBuilder()
                .setNodeId(node.id())
                .setType(NodeEventType.REGISTER)
                .setCapacity(AvroMapping.resources(node.allocatable()))
                .setTopology(AvroMapping.topology(node.location()))
                .setGpus(AvroMapping.gpus(node.gpus()))
                .build();
    }

    /** One PUBLISH of one replica: the trace pod's cpu, memory and GPU request, no dispersion (as the core run). */
    static PlacementRequest publish(String appId, TracePod pod) {
        PodTemplate template = PodTemplate.newBuilder()
                .setResources(AvroMapping.resources(new io.sigmaflow.placement.model.ResourceVector(pod.cpuMillis(),
                        pod.memoryMb(), 0)))
                .setPriority(0)
                .setQos(QosClass.LS)
                .setDispersion(List.of())
                .setGpu(AvroMapping.gpuRequest(pod.gpu()))
                .setPayload(new Payload("/usr/bin/sleep", List.of("infinity"), Map.of()))
                .build();
        return PlacementRequest.newBuilder()
                .setRequestId("gpu-trace-" + appId)
                .setAppId(appId)
                .setType(RequestType.PUBLISH)
                .setReplicas(1)
                .setTemplate(template)
                .setSubmitter("gpu-trace")
                .build();
    }

    /** App ids sort as the arrival order: the job's event-time order breaks equal times by app id. */
    static String appId(int index) {
        return String.format("%s%07d", APP_PREFIX, index);
    }

    static int index(String appId) {
        if (appId == null || !appId.startsWith(APP_PREFIX)) {
            return -1;
        }
        try {
            return Integer.parseInt(appId.substring(APP_PREFIX.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void awaitNodes(BenchClients clients, Topics topics, int count) {
        AvroCodec<NodeState> codec = AvroCodec.of(NodeState.class);
        Set<String> seen = new HashSet<>();
        long deadline = System.nanoTime() + NODES_TIMEOUT.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = clients.consumer()) {
            consumer.subscribe(List.of(topics.nodeState().name()));
            while (seen.size() < count) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("end to end: only " + seen.size() + " of " + count
                            + " nodes reached the job in " + NODES_TIMEOUT);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    NodeState n = codec.decode(r.value());
                    if (!n.getRemoved()) {
                        seen.add(n.getNodeId());
                    }
                }
            }
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | java.io.UncheckedIOException ignored) {
            // a temp dir left behind is harmless
        }
    }
}
