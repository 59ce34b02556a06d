package io.sigmaflow.placement.plugins.gpu;

import io.sigmaflow.placement.framework.ClusterView;
import io.sigmaflow.placement.framework.GpuChooser;
import io.sigmaflow.placement.framework.InvalidConfigException;
import io.sigmaflow.placement.framework.NodeView;
import io.sigmaflow.placement.framework.PluginArgs;
import io.sigmaflow.placement.framework.ScorePlugin;
import io.sigmaflow.placement.model.GpuRequest;
import io.sigmaflow.placement.model.Pod;
import java.util.HashMap;
import java.util.Map;

/**
 * Score: how much the pod would grow the node's GPU fragmentation (fragmentation gradient descent,
 * Weng et al., ATC'23): the expected GPU milli that the workload's typical pods could not use
 * ({@link GpuWorkload#fragmentation}) after the placement minus before; the smaller the growth the
 * better. Raw score = minus the growth in milli; normalized as the paper's simulator does,
 * {@code 100 * sigmoid(-growth / 1000)}, except that equal raw scores for every candidate (no GPUs
 * anywhere) normalize to 0 so that clusters without GPUs place exactly as without this score.
 * For a share it also picks the GPU: the one whose use grows fragmentation least ({@link GpuChooser}).
 *
 * <p>Arguments: {@code workload} = {@code observed} (default: the typical shapes of the GPU pods this
 * score has been asked about, refreshed every 64 of them), {@code popularity} (default 0.6: the
 * share of those pods the typical shapes cover), {@code measure} = {@code both} (default),
 * {@code fill} or {@code one-pod} (the paper's; see {@link GpuWorkload.Measure}).
 */
public final class GpuFragmentationScore implements ScorePlugin<Pod>, GpuChooser {
    public static final String NAME = "GpuFragmentation";

    private static final int REFRESH_EVERY = 64;
    private static final int MEMO_LIMIT = 1 << 20;
    private static final int MAX_MEMO_GPUS = 12;

    private final boolean observe;
    private final double popularity;
    private final GpuWorkload.Measure measure;
    private GpuWorkload workload;
    /** Lookup and counting only, never iterated in a decision (GpuWorkload sorts what it reads). */
    private final Map<GpuWorkload.Key, GpuWorkload.Tally> observed = new HashMap<>();
    private long observedSinceRefresh;
    /** Fragmentation by node state (cpu free, sorted GPU free, model): many nodes look alike. */
    private final HashMap<StateKey, Double> memo = new HashMap<>();
    private int[] scratch = new int[8];
    private int[] sorted = new int[8];

    private record StateKey(long cpuFree, long memoryFree, long low, long high, int gpus, String model) {}

    /** A score measured against a fixed workload (a benchmark that knows its trace, as the paper's simulator). */
    public GpuFragmentationScore(GpuWorkload workload) {
        this.observe = false;
        this.popularity = GpuWorkload.DEFAULT_POPULARITY;
        this.measure = workload.measure();
        this.workload = workload;
    }

    private GpuFragmentationScore(double popularity, GpuWorkload.Measure measure) {
        this.observe = true;
        this.popularity = popularity;
        this.measure = measure;
        this.workload = GpuWorkload.EMPTY;
    }

    public static GpuFragmentationScore create(PluginArgs args) {
        args.choice("workload", "observed", "observed");
        double popularity = args.positiveDouble("popularity", GpuWorkload.DEFAULT_POPULARITY);
        if (popularity > 1) {
            throw new InvalidConfigException(args.key("popularity"), "expected a share in (0, 1], got " + popularity);
        }
        String measure = args.choice("measure", "both", "both", "fill", "one-pod");
        return new GpuFragmentationScore(popularity, GpuWorkload.Measure.valueOf(
                measure.toUpperCase(java.util.Locale.ROOT).replace('-', '_')));
    }

    @Override
    public String name() {
        return NAME;
    }

    public GpuWorkload workload() {
        return workload;
    }

    /** Learns the pod's shape when the workload is observed. */
    @Override
    public Pod prepare(Pod pod, ClusterView cluster) {
        if (observe && !pod.gpu().isNone()) {
            observed.computeIfAbsent(GpuWorkload.Key.of(pod), k -> new GpuWorkload.Tally())
                    .add(1, pod.requests().memoryMb());
            if (workload.isEmpty() || ++observedSinceRefresh >= REFRESH_EVERY) {
                workload = GpuWorkload.fromCounts(observed, popularity).measured(measure);
                observedSinceRefresh = 0;
                memo.clear();
            }
        }
        return pod;
    }

    /** Minus the growth of the node's fragmentation, in GPU milli (best GPU for a share). */
    @Override
    public double score(Pod pod, Pod ignored, NodeView node) {
        if (node.gpuCount() == 0 || workload.isEmpty()) {
            return 0;
        }
        return -growth(pod, node, null);
    }

    @Override
    public void normalize(Pod pod, Pod ignored, double[] scores, int count) {
        boolean allEqual = true;
        for (int k = 1; k < count && allEqual; k++) {
            allEqual = scores[k] == scores[0];
        }
        for (int k = 0; k < count; k++) {
            scores[k] = allEqual ? 0 : MAX_SCORE / (1 + Math.exp(-scores[k] / GpuRequest.MILLI_PER_GPU));
        }
    }

    @Override
    public int[] chooseGpus(Pod pod, NodeView node) {
        if (!pod.gpu().isShare() || workload.isEmpty()) {
            return null;
        }
        int[] best = new int[1];
        best[0] = -1;
        growth(pod, node, best);
        return best[0] < 0 ? null : best;
    }

    /**
     * Fragmentation after placing the pod minus before. For a share, the smallest over the GPUs it
     * fits on (the lowest index among equals), written to {@code bestGpu[0]} when given.
     */
    double growth(Pod pod, NodeView node, int[] bestGpu) {
        int n = node.gpuCount();
        if (scratch.length < n) {
            scratch = new int[n];
            sorted = new int[n];
        }
        for (int i = 0; i < n; i++) {
            scratch[i] = node.gpuFreeMilli(i);
        }
        long cpu = node.freeCpu();
        long memory = node.freeMemory();
        String model = node.gpuModel();
        double before = fragmentation(cpu, memory, scratch, n, model);
        long cpuAfter = cpu - pod.requests().cpuMillis();
        long memoryAfter = memory - pod.requests().memoryMb();
        GpuRequest r = pod.gpu();
        if (!r.isShare()) {
            for (int i = 0, taken = 0; i < n && taken < r.wholeGpus(); i++) {
                if (scratch[i] == GpuRequest.MILLI_PER_GPU) {
                    scratch[i] = 0;
                    taken++;
                }
            }
            return fragmentation(cpuAfter, memoryAfter, scratch, n, model) - before;
        }
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            int free = scratch[i];
            if (free < r.milliShare() || seenBefore(scratch, i)) {
                continue;
            }
            scratch[i] = free - r.milliShare();
            double growth = fragmentation(cpuAfter, memoryAfter, scratch, n, model) - before;
            scratch[i] = free;
            if (growth < best) {
                best = growth;
                if (bestGpu != null) {
                    bestGpu[0] = i;
                }
            }
        }
        return best == Double.POSITIVE_INFINITY ? 0 : best;
    }

    /** True when a GPU before {@code i} has the same free amount (choosing it again changes nothing). */
    private static boolean seenBefore(int[] free, int i) {
        for (int j = 0; j < i; j++) {
            if (free[j] == free[i]) {
                return true;
            }
        }
        return false;
    }

    private double fragmentation(long cpuFree, long memoryFree, int[] gpuFree, int n, String model) {
        if (n > MAX_MEMO_GPUS) {
            return workload.fragmentation(cpuFree, memoryFree, gpuFree, n, model);
        }
        System.arraycopy(gpuFree, 0, sorted, 0, n);
        java.util.Arrays.sort(sorted, 0, n);
        long low = 0;
        long high = 0;
        for (int i = 0; i < n; i++) {
            if (i < 6) {
                low = (low << 11) | sorted[i];
            } else {
                high = (high << 11) | sorted[i];
            }
        }
        StateKey key = new StateKey(cpuFree, memoryFree, low, high, n, model);
        Double known = memo.get(key);
        if (known != null) {
            return known;
        }
        if (memo.size() >= MEMO_LIMIT) {
            memo.clear();
        }
        double frag = workload.fragmentation(cpuFree, memoryFree, gpuFree, n, model);
        memo.put(key, frag);
        return frag;
    }
}
