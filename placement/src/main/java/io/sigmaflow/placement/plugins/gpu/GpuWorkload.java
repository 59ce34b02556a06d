package io.sigmaflow.placement.plugins.gpu;

import io.sigmaflow.placement.model.GpuRequest;
import io.sigmaflow.placement.model.Pod;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The typical GPU pods of a workload and how often each arrives: what fragmentation is measured
 * against (Weng et al., ATC'23, section 3: a GPU is fragmented for a pod when that pod cannot use
 * it). As in the paper's simulator, only pods that ask for GPUs count, a shape is (cpu, GPUs or
 * share, models), and the most frequent shapes are kept, in steps of ten, until they cover
 * {@code popularity} of the pods, then their frequencies are renormalized.
 */
public final class GpuWorkload {
    /** One typical pod shape (its memory: the mean of its pods') and its probability among the typical ones. */
    public record Shape(long cpuMillis, long memoryMb, GpuRequest gpu, double probability) {}

    /** How often a shape was seen (weighted) and the memory its pods asked in all. */
    public static final class Tally {
        double weight;
        double memoryMb;

        public void add(double w, long memory) {
            weight += w;
            memoryMb += w * memory;
        }
    }

    /** The shape of a pod, without its probability. */
    public record Key(long cpuMillis, GpuRequest gpu) {
        public static Key of(Pod pod) {
            return new Key(pod.requests().cpuMillis(), pod.gpu());
        }
    }

    public static final double DEFAULT_POPULARITY = 0.6;
    private static final int STEP = 10;
    public static final GpuWorkload EMPTY = new GpuWorkload(List.of());

    private final List<Shape> shapes;
    /** How stranded GPU capacity is counted for a shape (see {@link #fragmentation}). */
    public enum Measure {
        /** The paper's: what one more pod of the shape could not use. */
        ONE_POD,
        /** What pods of the shape could not use if they kept coming until the node is full for them. */
        FILL,
        /** The sum of both: SigmaFlow's default. */
        BOTH
    }

    private final Measure measure;

    private GpuWorkload(List<Shape> shapes) {
        this(shapes, Measure.ONE_POD);
    }

    private GpuWorkload(List<Shape> shapes, Measure measure) {
        this.shapes = List.copyOf(shapes);
        this.measure = measure;
    }

    /** The same shapes, measured another way. */
    public GpuWorkload measured(Measure how) {
        return new GpuWorkload(shapes, how);
    }

    public Measure measure() {
        return measure;
    }

    public List<Shape> shapes() {
        return shapes;
    }

    public boolean isEmpty() {
        return shapes.isEmpty();
    }

    /** The typical shapes of {@code pods} (pods without GPUs are left out). */
    public static GpuWorkload of(List<Pod> pods, double popularity) {
        return of(pods, popularity, 0);
    }

    /**
     * The typical shapes of {@code pods}, a pod of whole GPUs counting {@code 1 + gpus * gpuWeight}
     * times (the simulator's {@code GpuResWeight}: 0 counts pods, larger values favour the shapes
     * that hold more GPUs).
     */
    public static GpuWorkload of(List<Pod> pods, double popularity, double gpuWeight) {
        Map<Key, Tally> counts = new HashMap<>();
        for (Pod pod : pods) {
            if (!pod.gpu().isNone()) {
                double weight = pod.gpu().isShare() ? 1 : 1 + pod.gpu().wholeGpus() * gpuWeight;
                counts.computeIfAbsent(Key.of(pod), k -> new Tally()).add(weight, pod.requests().memoryMb());
            }
        }
        return fromCounts(counts, popularity);
    }

    /** The typical shapes from counts per shape (deterministic: ties in count by cpu, then GPUs, then share). */
    public static GpuWorkload fromCounts(Map<Key, Tally> counts, double popularity) {
        List<Map.Entry<Key, Tally>> sorted = new ArrayList<>(counts.entrySet());
        sorted.removeIf(e -> e.getKey().gpu().isNone() || e.getValue().weight <= 0);
        sorted.sort(Comparator.<Map.Entry<Key, Tally>>comparingDouble(e -> e.getValue().weight).reversed()
                .thenComparingLong(e -> e.getKey().cpuMillis())
                .thenComparingInt(e -> e.getKey().gpu().wholeGpus())
                .thenComparingInt(e -> e.getKey().gpu().milliShare())
                .thenComparing(e -> String.join("|", e.getKey().gpu().models())));
        double total = sorted.stream().mapToDouble(e -> e.getValue().weight).sum();
        if (total == 0) {
            return EMPTY;
        }
        double covered = 0;
        int taken = 0;
        while (taken < sorted.size() && covered < popularity * total) {
            for (int k = 0; k < STEP && taken < sorted.size(); k++) {
                covered += sorted.get(taken++).getValue().weight;
            }
        }
        List<Shape> shapes = new ArrayList<>(taken);
        for (int i = 0; i < taken; i++) {
            Key key = sorted.get(i).getKey();
            Tally tally = sorted.get(i).getValue();
            shapes.add(new Shape(key.cpuMillis(), Math.round(tally.memoryMb / tally.weight), key.gpu(),
                    tally.weight / covered));
        }
        return new GpuWorkload(shapes);
    }

    /**
     * Expected GPU milli stranded on one node: for each typical shape, the free GPU capacity that
     * shape could not use, weighted by its probability. {@link Measure#ONE_POD} is the paper's
     * F_n(M): a shape that fits the node (cpu and GPUs) cannot use the GPUs with less free than it
     * takes per GPU; a shape that does not fit, or whose model this is not, cannot use any of them.
     * {@link Measure#FILL} also sees what one pod does not: cpu for fewer pods than the free GPUs
     * could take, shares that leave a remainder on every GPU. Memory is not part of either (as in
     * the paper: measured with it, the benchmark got worse, 4.71 against 4.59 %).
     *
     * @param gpuFree free milli per GPU, {@code gpuFree[0..gpus)}
     */
    public double fragmentation(long cpuFree, long memoryFree, int[] gpuFree, int gpus, String model) {
        long totalFree = 0;
        for (int i = 0; i < gpus; i++) {
            totalFree += gpuFree[i];
        }
        if (totalFree == 0) {
            return 0;
        }
        double filled = measure == Measure.ONE_POD ? 0 : filledFragmentation(cpuFree, gpuFree, gpus, model, totalFree);
        if (measure == Measure.FILL) {
            return filled;
        }
        double frag = 0;
        for (Shape shape : shapes) {
            GpuRequest r = shape.gpu();
            int need = r.milliPerGpu();
            int usable = 0;
            long stranded = 0;
            for (int i = 0; i < gpus; i++) {
                if (gpuFree[i] >= need) {
                    usable++;
                } else {
                    stranded += gpuFree[i];
                }
            }
            boolean fits = r.accepts(model) && cpuFree >= shape.cpuMillis() && usable >= r.gpuCount();
            frag += shape.probability() * (fits ? stranded : totalFree);
        }
        return frag + filled;
    }

    /**
     * GPU milli that pods of each shape could not use if they kept arriving until the node is full
     * for them: per shape, as many pods as the node's GPUs (whole ones, or shares per GPU) and cpu
     * allow, and what they leave is stranded for that shape.
     */
    private double filledFragmentation(long cpuFree, int[] gpuFree, int gpus, String model, long totalFree) {
        double frag = 0;
        for (Shape shape : shapes) {
            GpuRequest r = shape.gpu();
            if (!r.accepts(model)) {
                frag += shape.probability() * totalFree;
                continue;
            }
            int need = r.milliPerGpu();
            long slots = 0;
            for (int i = 0; i < gpus; i++) {
                slots += r.isShare() ? gpuFree[i] / need : (gpuFree[i] == GpuRequest.MILLI_PER_GPU ? 1 : 0);
            }
            long pods = r.isShare() ? slots : slots / r.wholeGpus();
            if (shape.cpuMillis() > 0) {
                pods = Math.min(pods, Math.max(0, cpuFree) / shape.cpuMillis());
            }
            frag += shape.probability() * (totalFree - pods * r.totalMilli());
        }
        return frag;
    }
}
