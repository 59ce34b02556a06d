package io.sigmaflow.cli.bench;

import io.sigmaflow.connectors.serde.AvroCodec;
import io.sigmaflow.connectors.topics.Topics;
import io.sigmaflow.placement.model.Node;
import io.sigmaflow.placement.synthetic.SyntheticCluster;
import io.sigmaflow.schema.OutcomeStatus;
import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.PlacementAction;
import io.sigmaflow.schema.RequestOutcome;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Reads committed placements and outcomes as they become visible, keeps this run's only (on a
 * shared cluster the topics also hold earlier runs'), under the generator's names, and turns them
 * into the benchmark's result and the recount's rows.
 */
final class PlacementCollector implements Runnable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Topics topics;
    private final List<EndToEndBench.App> apps;
    private final RunIds ids;
    /** Cpu time of the whole deployment (every process that serves the run) so far, in nanoseconds. */
    private final LongSupplier cpu;
    private final Map<String, Integer> appIndex = new HashMap<>();
    private final long[] sentAt;
    private final Map<String, Placement> binds = new LinkedHashMap<>();
    private final Map<String, Long> visibleAt = new HashMap<>();
    private final Map<String, RequestOutcome> settled = new HashMap<>();
    /** Pods placed by the settled outcomes: kept as outcomes arrive, not summed again at every poll. */
    private long settledPlaced;
    /** When each app's final outcome (not ACCEPTED) became readable, by app index. */
    private final long[] settledAt;
    private final AtomicLong lastBind = new AtomicLong();
    /** Deployment cpu time when the last BIND was read: the cpu of the same window as the wall time. */
    private final AtomicLong lastBindCpu = new AtomicLong();
    private final int podCount;
    /** Wall-clock ms minus monotonic ms: the BINDs' times set beside the job's checkpoint times (TailSplit). */
    private final double wallMinusNanoMs = System.currentTimeMillis() - System.nanoTime() / 1e6;
    private volatile boolean complete;
    private volatile boolean running = true;
    /**
     * Encoded value bytes of this run's BINDs, and of their explanations alone (what a compact BIND
     * would cut): the explanation measured on every {@value #EXPLANATION_SAMPLE}th BIND (its size
     * barely varies; decoding every one was 40 % of this reader's cpu), the value on every BIND.
     */
    static final int EXPLANATION_SAMPLE = 32;
    private long bindValueBytes;
    private long explanationBytes;
    private long explanationsMeasured;
    private long bindsRead;
    private final org.apache.avro.specific.SpecificDatumWriter<io.sigmaflow.schema.PlacementExplanation> explanationWriter =
            new org.apache.avro.specific.SpecificDatumWriter<>(io.sigmaflow.schema.PlacementExplanation.class);
    private final org.apache.avro.specific.SpecificDatumWriter<io.sigmaflow.schema.CompactExplanation> compactWriter =
            new org.apache.avro.specific.SpecificDatumWriter<>(io.sigmaflow.schema.CompactExplanation.class);
    private final java.io.ByteArrayOutputStream explanationOut = new java.io.ByteArrayOutputStream(256);
    private org.apache.avro.io.BinaryEncoder explanationEncoder;
    private int duplicateBinds;
    private int unbinds;
    private long failureAt;
    private long firstBindAfterFailure;

    PlacementCollector(KafkaConsumer<byte[], byte[]> consumer, Topics topics, List<EndToEndBench.App> apps, RunIds ids,
                       LongSupplier cpu) {
        this.consumer = consumer;
        this.topics = topics;
        this.apps = apps;
        this.ids = ids;
        this.cpu = cpu;
        this.sentAt = new long[apps.size()];
        this.settledAt = new long[apps.size()];
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
        BindReader placements = new BindReader();
        AvroCodec<RequestOutcome> outcomes = AvroCodec.of(RequestOutcome.class);
        consumer.subscribe(List.of(topics.placements().name(), topics.outcomes().name()));
        try {
            while (running) {
                var records = consumer.poll(Duration.ofMillis(50));
                long now = System.nanoTime();
                synchronized (this) {
                    for (ConsumerRecord<byte[], byte[]> r : records) {
                        if (r.topic().equals(topics.placements().name())) {
                            // every BIND is read (counted, checked for duplicates); a sample of them in full
                            boolean sample = bindsRead++ % EXPLANATION_SAMPLE == 0;
                            accept(sample ? placements.readFully(r.value()) : placements.read(r.value()),
                                    r.value().length, now, sample);
                        } else {
                            RequestOutcome o = outcomes.decode(r.value());
                            if (ids.owns(o.getAppId()) && o.getStatus() != OutcomeStatus.ACCEPTED) {
                                o.setAppId(ids.plain(o.getAppId()));
                                RequestOutcome before = settled.put(o.getAppId(), o);
                                settledPlaced += o.getPlaced() - (before == null ? 0 : before.getPlaced());
                                Integer app = appIndex.get(o.getAppId());
                                if (app != null && settledAt[app] == 0) {
                                    settledAt[app] = now;
                                }
                            }
                        }
                    }
                    if (lastBind.get() == now) {
                        lastBindCpu.set(cpu.getAsLong());
                    }
                    if (settled.size() == apps.size() && binds.size() >= settledPlaced) {
                        complete = true;
                    }
                    notifyAll();
                }
            }
        } catch (org.apache.kafka.common.errors.WakeupException e) {
            // stopped
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void accept(Placement p, int valueBytes, long now, boolean measureExplanation) {
        if (!ids.owns(p.getAppId())) {
            return; // an earlier run's, or its clean-up's
        }
        if (p.getAction() != PlacementAction.BIND) {
            unbinds++;
            return;
        }
        p.setAppId(ids.plain(p.getAppId()));
        p.setPodId(ids.plain(p.getPodId()));
        // A node of another run or of a real host stays as it is: the recount reports it unknown.
        p.setNodeId(ids.owns(p.getNodeId()) ? ids.plain(p.getNodeId()) : p.getNodeId());
        if (binds.putIfAbsent(p.getPodId(), p) != null) {
            duplicateBinds++;
            return;
        }
        visibleAt.put(p.getPodId(), now);
        bindValueBytes += valueBytes;
        if (measureExplanation) {
            // Either wire form (a BIND carries one): the compact one since Placement v3, the maps before.
            explanationBytes += encodedSize(explanationWriter, p.getExplanation()) + encodedSize(compactWriter, p.getCompactExplanation());
            explanationsMeasured++;
        }
        // Kept for the recount and the job order only (ids, node, resources, decision time): the
        // explanation and the payload would be most of a kept BIND's heap, a million times over
        // in the 100,000-node run.
        p.setExplanation(null);
        p.setCompactExplanation(null);
        p.setPayload(null);
        p.setRequestId(null);
        lastBind.set(now);
        if (failureAt != 0 && firstBindAfterFailure == 0 && now > failureAt) {
            firstBindAfterFailure = now;
        }
    }

    /** Every BIND read: its request sent and itself read, in wall-clock milliseconds. */
    synchronized List<TailSplit.Bind> bindTimes() {
        List<TailSplit.Bind> out = new ArrayList<>(binds.size());
        for (Placement p : binds.values()) {
            long sent = sentAt[appIndex.get(p.getAppId())];
            out.add(new TailSplit.Bind(Math.round(sent / 1e6 + wallMinusNanoMs),
                    Math.round(visibleAt.get(p.getPodId()) / 1e6 + wallMinusNanoMs)));
        }
        return out;
    }

    /** Per app, from its request being sent to its final outcome being readable (apps with none left out). */
    private long[] outcomeLatencies() {
        long[] out = new long[apps.size()];
        int n = 0;
        for (int i = 0; i < apps.size(); i++) {
            if (settledAt[i] != 0 && sentAt[i] != 0) {
                out[n++] = settledAt[i] - sentAt[i];
            }
        }
        out = Arrays.copyOf(out, n);
        Arrays.sort(out);
        return out;
    }

    private <E> int encodedSize(org.apache.avro.specific.SpecificDatumWriter<E> writer, E explanation) {
        if (explanation == null) {
            return 0;
        }
        try {
            explanationOut.reset();
            explanationEncoder = org.apache.avro.io.EncoderFactory.get().binaryEncoder(explanationOut, explanationEncoder);
            writer.write(explanation, explanationEncoder);
            explanationEncoder.flush();
            return explanationOut.size();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Stops reading (the run is over); the reader thread closes its consumer. */
    void stop() {
        running = false;
        consumer.wakeup();
    }

    synchronized boolean await(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!complete && System.nanoTime() < deadline) {
            wait(1000);
        }
        return complete;
    }

    /** A process of the deployment was killed now: the result says how long placements stopped. */
    synchronized void failed(long nanos) {
        failureAt = nanos;
    }

    /** Seconds from the failure to the next readable BIND (-1: no failure, or none after it). */
    synchronized double secondsToFirstBindAfterFailure() {
        return failureAt == 0 || firstBindAfterFailure == 0 ? -1 : (firstBindAfterFailure - failureAt) / 1e9;
    }

    synchronized int placedCount() {
        return binds.size();
    }

    synchronized int appsWaiting() {
        return apps.size() - settled.size();
    }

    synchronized EndToEndBench.Result result(BenchOptions options, PrintStream log, long start, long cpuStart,
                                             long heapPeakMb, int maxCandidates) {
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
        inOrder.sort(EndToEndBench.JOB_ORDER);
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
                        + " chassis %d, host %d), %d duplicate binds, %d on unknown nodes%n", recount.overcommittedNodes(),
                recount.avoidableColocations(), recount.avoidableByLevel()[0], recount.avoidableByLevel()[1],
                recount.avoidableByLevel()[2], duplicateBinds + recount.duplicatePods(), recount.unknownNodes());
        BenchResult summary = new BenchResult("end-to-end", options.nodes(), podCount, apps.size(), binds.size(),
                pending, seconds, cpuNanos / 1e9, EndToEndBench.percentileMs(latencies, 0.50),
                EndToEndBench.percentileMs(latencies, 0.99), recount.overcommittedNodes(),
                recount.avoidableColocations(), options.seed(), 0, maxCandidates, CoreOnlyBench.usedPct(rows, nodes, true),
                CoreOnlyBench.usedPct(rows, nodes, false), CoreOnlyBench.cpuStddevPct(rows, nodes));
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("rate", options.rate());
        extra.put("p90_ms", EndToEndBench.percentileMs(latencies, 0.90));
        long[] outcomeLatencies = outcomeLatencies();
        extra.put("outcome_p50_ms", EndToEndBench.percentileMs(outcomeLatencies, 0.50));
        extra.put("outcome_p99_ms", EndToEndBench.percentileMs(outcomeLatencies, 0.99));
        extra.put("max_ms", latencies.length == 0 ? 0 : latencies[latencies.length - 1] / 1e6);
        extra.put("duplicate_binds", duplicateBinds + recount.duplicatePods());
        extra.put("unknown_nodes", recount.unknownNodes());
        extra.put("unbinds", unbinds);
        extra.put("bind_value_bytes", binds.isEmpty() ? 0 : Math.round(10.0 * bindValueBytes / binds.size()) / 10.0);
        extra.put("explanation_bytes_per_bind", explanationsMeasured == 0 ? 0
                : Math.round(10.0 * explanationBytes / explanationsMeasured) / 10.0);
        extra.put("heap_peak_mb", heapPeakMb);
        return new EndToEndBench.Result(summary, extra, nodeRows, rows);
    }
}
