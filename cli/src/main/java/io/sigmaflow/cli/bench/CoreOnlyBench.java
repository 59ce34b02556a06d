package io.sigmaflow.cli.bench;

import io.sigmaflow.placement.framework.Profile;
import io.sigmaflow.placement.model.Node;
import io.sigmaflow.placement.model.Pod;
import io.sigmaflow.placement.model.TopologyLevels;
import io.sigmaflow.placement.placer.PlacementConfig;
import io.sigmaflow.placement.placer.PlacementDecision;
import io.sigmaflow.placement.placer.Placer;
import io.sigmaflow.placement.synthetic.SyntheticCluster;
import io.sigmaflow.placement.synthetic.SyntheticWorkload;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code --core-only}: the placement decision core in this process, one thread, no Kafka or Flink,
 * on the generated input. Untimed warm-up first (a separate placer on the same cluster, so the JIT
 * has compiled the hot path), then every pod is placed and committed in stream order and timed one
 * by one. Preemption is off: a pod that fits nowhere stays pending and is counted. The result is
 * recounted by {@link RecountChecker} from the same rows the CSV files hold.
 */
public final class CoreOnlyBench {
    static final int MAX_WARMUP_PODS = 50_000;

    private final BenchOptions options;
    private final PrintStream log;

    public CoreOnlyBench(BenchOptions options, PrintStream log) {
        this.options = options;
        this.log = log;
    }

    /** The profile the benchmark runs: the defaults, preemption off, candidates as asked. */
    Profile profile() {
        Profile defaults = PlacementConfig.parse(Map.of(PlacementConfig.PREEMPTION, "false")).profile();
        int candidates = options.maxCandidates() >= 0 ? options.maxCandidates() : defaults.maxCandidates();
        return new Profile(defaults.filters(), defaults.scores(), candidates, false);
    }

    public BenchResult run() throws IOException {
        List<Node> nodes = SyntheticCluster.generate(options.nodes(), options.hostsPerChassis(),
                options.chassisPerSwitch(), options.seed());
        SyntheticWorkload.Stream stream = SyntheticWorkload.generate(options.pods(), options.seed());
        Profile profile = profile();
        log.printf("generated %d nodes, %d pods from %d apps (seed %d); scoring up to %s candidates per pod%n",
                nodes.size(), stream.pods().size(), stream.apps(), options.seed(),
                profile.maxCandidates() == 0 ? "all" : String.valueOf(profile.maxCandidates()));

        int warmup = Math.min(MAX_WARMUP_PODS, stream.pods().size());
        Placer warm = placer(profile, nodes);
        for (Pod pod : stream.pods().subList(0, warmup)) {
            warm.place(pod);
        }
        warm = null;
        System.gc();

        Placer placer = placer(profile, nodes);
        List<Pod> pods = stream.pods();
        long[] latencies = new long[pods.size()];
        List<PlacementRow> placements = new ArrayList<>(pods.size());
        int pending = 0;
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        for (int i = 0; i < pods.size(); i++) {
            Pod pod = pods.get(i);
            long t0 = System.nanoTime();
            PlacementDecision decision = placer.place(pod);
            latencies[i] = System.nanoTime() - t0;
            if (decision.status() == PlacementDecision.Status.BOUND) {
                placements.add(new PlacementRow(pod.id(), pod.appId(), decision.nodeId(), pod.requests().cpuMillis(),
                        pod.requests().memoryMb(), placements.size() + 1));
            } else {
                pending++;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        log.printf("placed %d, pending %d in %.3f s (%.3f s of cpu on the placing thread)%n", placements.size(),
                pending, seconds, cpuSeconds);

        List<NodeRow> nodeRows = nodeRows(nodes);
        if (options.out() != null) {
            BenchCsv.write(options.out(), nodeRows, placements);
            log.printf("wrote %s and %s in %s%n", BenchCsv.NODES_FILE, BenchCsv.PLACEMENTS_FILE, options.out());
        }
        RecountChecker.Recount recount = RecountChecker.check(nodeRows, placements);
        log.printf("recount: %d overcommitted nodes, %d avoidable co-locations (switch %d, chassis %d, host %d)%n",
                recount.overcommittedNodes(), recount.avoidableColocations(), recount.avoidableByLevel()[0],
                recount.avoidableByLevel()[1], recount.avoidableByLevel()[2]);

        Arrays.sort(latencies);
        return new BenchResult("core-only", nodes.size(), pods.size(), stream.apps(), placements.size(), pending,
                seconds, cpuSeconds, percentileMs(latencies, 0.50), percentileMs(latencies, 0.99), recount.overcommittedNodes(),
                recount.avoidableColocations(), options.seed(), warmup, profile.maxCandidates(),
                usedPct(placements, nodes, true), usedPct(placements, nodes, false), cpuStddevPct(placements, nodes));
    }

    static double cpuStddevPct(List<PlacementRow> placements, List<Node> nodes) {
        java.util.Map<String, Long> used = new java.util.HashMap<>();
        for (PlacementRow p : placements) {
            used.merge(p.node(), p.cpuMillis(), Long::sum);
        }
        double sum = 0;
        double sumSq = 0;
        for (Node n : nodes) {
            double pct = 100.0 * used.getOrDefault(n.id(), 0L) / n.allocatable().cpuMillis();
            sum += pct;
            sumSq += pct * pct;
        }
        double mean = sum / nodes.size();
        return Math.sqrt(Math.max(0, sumSq / nodes.size() - mean * mean));
    }

    private static Placer placer(Profile profile, List<Node> nodes) {
        Placer placer = new Placer(profile, TopologyLevels.DEFAULT);
        for (Node node : nodes) {
            placer.upsertNode(node);
        }
        return placer;
    }

    static List<NodeRow> nodeRows(List<Node> nodes) {
        List<NodeRow> rows = new ArrayList<>(nodes.size());
        for (Node n : nodes) {
            rows.add(new NodeRow(n.id(), n.location().coreSwitch(), n.location().chassis(),
                    n.allocatable().cpuMillis(), n.allocatable().memoryMb()));
        }
        return rows;
    }

    private static double percentileMs(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
        return sorted[Math.max(0, i)] / 1e6;
    }

    static double usedPct(List<PlacementRow> placements, List<Node> nodes, boolean cpu) {
        double used = 0;
        double total = 0;
        for (PlacementRow p : placements) {
            used += cpu ? p.cpuMillis() : p.memoryMb();
        }
        for (Node n : nodes) {
            total += cpu ? n.allocatable().cpuMillis() : n.allocatable().memoryMb();
        }
        return total == 0 ? 0 : 100 * used / total;
    }
}
