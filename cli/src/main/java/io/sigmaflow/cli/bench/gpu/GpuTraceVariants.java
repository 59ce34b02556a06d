package io.sigmaflow.cli.bench.gpu;

import io.sigmaflow.cli.bench.gpu.GpuTraceFiles.TraceNode;
import io.sigmaflow.cli.bench.gpu.GpuTraceFiles.TracePod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The paper's other workloads (Weng et al., ATC'23, section 6.3), derived from the default pod list
 * because only that one is copied here: {@code cpuN} (CPU-only pods at N % of their default count),
 * {@code gpushareN} and {@code multigpuN} (GPU pods redrawn so that sharing pods, or pods of 2+
 * GPUs, ask N % of the GPUs requested; as many GPU pods as before), {@code gpuspecN} (N % of the
 * GPU pods restricted to one GPU model, drawn in proportion to the cluster's GPUs of the models
 * whose nodes can hold them). Draws use a fixed seed (2023): the same input gives the same variant.
 * These follow the published variants' names and intent, not their exact files.
 */
final class GpuTraceVariants {
    static final String HELP = "cpuN (e.g. cpu200), gpushareN (gpushare80), gpuspecN (gpuspec33), multigpuN (multigpu50)";
    private static final Pattern FORM = Pattern.compile("(cpu|gpushare|gpuspec|multigpu)(\\d{1,3})");
    private static final long SEED = 2023;

    private GpuTraceVariants() {}

    static boolean known(String name) {
        Matcher m = FORM.matcher(name);
        if (!m.matches()) {
            return false;
        }
        int n = Integer.parseInt(m.group(2));
        return m.group(1).equals("cpu") ? n <= 500 : n <= 100;
    }

    static List<TracePod> derive(String name, List<TracePod> pods, List<TraceNode> nodes) {
        Matcher m = FORM.matcher(name);
        if (!m.matches() || !known(name)) {
            throw new IllegalArgumentException("unknown variant '" + name + "'; known: " + HELP);
        }
        double pct = Integer.parseInt(m.group(2)) / 100.0;
        Random random = new Random(SEED);
        return switch (m.group(1)) {
            case "cpu" -> cpuOnly(pods, pct, random);
            case "gpushare" -> redrawGpuPods(pods, p -> p.gpu().isShare(), pct, random);
            case "multigpu" -> redrawGpuPods(pods, p -> p.gpu().wholeGpus() >= 2, pct, random);
            default -> restrictModels(pods, nodes, pct, random);
        };
    }

    private static List<TracePod> cpuOnly(List<TracePod> pods, double pct, Random random) {
        List<TracePod> cpu = pods.stream().filter(p -> p.gpu().isNone()).toList();
        List<TracePod> out = new ArrayList<>(pods.stream().filter(p -> !p.gpu().isNone()).toList());
        long target = Math.round(cpu.size() * pct);
        for (int i = 0; i < target; i++) {
            TracePod p = i < cpu.size() && pct >= 1 ? cpu.get(i) : cpu.get(random.nextInt(cpu.size()));
            out.add(i < cpu.size() && pct >= 1 ? p : copy(p, i));
        }
        return out;
    }

    /** As many GPU pods as before, each from {@code pool} with the probability that makes it ask {@code pct} of the GPUs. */
    private static List<TracePod> redrawGpuPods(List<TracePod> pods, Predicate<TracePod> pool, double pct, Random random) {
        List<TracePod> in = pods.stream().filter(p -> !p.gpu().isNone() && pool.test(p)).toList();
        List<TracePod> rest = pods.stream().filter(p -> !p.gpu().isNone() && !pool.test(p)).toList();
        double meanIn = in.stream().mapToLong(p -> p.gpu().totalMilli()).average().orElse(0);
        double meanRest = rest.stream().mapToLong(p -> p.gpu().totalMilli()).average().orElse(0);
        double p = in.isEmpty() ? 0 : rest.isEmpty() ? 1 : pct * meanRest / (pct * meanRest + (1 - pct) * meanIn);
        List<TracePod> out = new ArrayList<>(pods.stream().filter(q -> q.gpu().isNone()).toList());
        long gpuPods = in.size() + rest.size();
        for (int i = 0; i < gpuPods; i++) {
            List<TracePod> from = random.nextDouble() < p ? in : rest;
            out.add(copy(from.get(random.nextInt(from.size())), i));
        }
        return out;
    }

    private static List<TracePod> restrictModels(List<TracePod> pods, List<TraceNode> nodes, double pct, Random random) {
        Map<String, Integer> gpusByModel = new TreeMap<>();
        Map<String, Integer> largestNode = new TreeMap<>();
        for (TraceNode n : nodes) {
            if (!n.gpus().isNone()) {
                gpusByModel.merge(n.gpus().model(), n.gpus().count(), Integer::sum);
                largestNode.merge(n.gpus().model(), n.gpus().count(), Math::max);
            }
        }
        List<TracePod> out = new ArrayList<>(pods.size());
        for (TracePod p : pods) {
            if (p.gpu().isNone() || random.nextDouble() >= pct) {
                out.add(p);
                continue;
            }
            int total = 0;
            for (Map.Entry<String, Integer> e : gpusByModel.entrySet()) {
                total += largestNode.get(e.getKey()) >= p.gpu().gpuCount() ? e.getValue() : 0;
            }
            int pick = random.nextInt(total);
            for (Map.Entry<String, Integer> e : gpusByModel.entrySet()) {
                if (largestNode.get(e.getKey()) < p.gpu().gpuCount()) {
                    continue;
                }
                pick -= e.getValue();
                if (pick < 0) {
                    out.add(new TracePod(p.name(), p.cpuMillis(), p.memoryMb(), p.gpu().onModels(Set.of(e.getKey()))));
                    break;
                }
            }
        }
        return out;
    }

    private static TracePod copy(TracePod p, int i) {
        return new TracePod(p.name() + "~" + i, p.cpuMillis(), p.memoryMb(), p.gpu());
    }
}
