package io.sigmaflow.placement.model;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a pod asks of GPUs: whole GPUs ({@code 1..8}, each used alone), or a share of one GPU in
 * thousandths ({@code 1..999}, other pods may share the rest of that GPU), or nothing. It may be
 * restricted to a set of GPU models (empty = any model).
 *
 * @param wholeGpus whole GPUs, 0..{@value #MAX_WHOLE}
 * @param milliShare share of one GPU in milli, 0..999; only when {@code wholeGpus == 0}
 * @param models GPU models the pod accepts, sorted; empty for any
 */
public record GpuRequest(int wholeGpus, int milliShare, Set<String> models) {
    public static final int MAX_WHOLE = 8;
    /** One whole GPU in the unit of {@link #milliShare}. */
    public static final int MILLI_PER_GPU = 1000;
    public static final GpuRequest NONE = new GpuRequest(0, 0, Set.of());

    public GpuRequest {
        if (wholeGpus < 0 || wholeGpus > MAX_WHOLE) {
            throw new IllegalArgumentException("whole GPUs must be 0.." + MAX_WHOLE + ", got " + wholeGpus);
        }
        if (milliShare < 0 || milliShare >= MILLI_PER_GPU) {
            throw new IllegalArgumentException("a GPU share must be 1..999 milli (1000 is a whole GPU), got " + milliShare);
        }
        if (wholeGpus > 0 && milliShare > 0) {
            throw new IllegalArgumentException("a pod asks either whole GPUs or a share of one, not both");
        }
        models = models == null || models.isEmpty() ? Set.of() : Collections.unmodifiableSet(new TreeSet<>(models));
    }

    public static GpuRequest whole(int gpus) {
        return new GpuRequest(gpus, 0, Set.of());
    }

    public static GpuRequest share(int milli) {
        return new GpuRequest(0, milli, Set.of());
    }

    /**
     * From the trace's columns: {@code numGpu} GPUs of {@code milliPerGpu} each; 1000 per GPU (or
     * more than one GPU) reads as whole GPUs, one GPU below 1000 as a share.
     */
    public static GpuRequest of(int numGpu, int milliPerGpu) {
        if (numGpu == 0) {
            return NONE;
        }
        if (numGpu == 1 && milliPerGpu > 0 && milliPerGpu < MILLI_PER_GPU) {
            return share(milliPerGpu);
        }
        if (milliPerGpu != MILLI_PER_GPU) {
            throw new IllegalArgumentException("only one GPU can be shared: " + numGpu + " GPUs of " + milliPerGpu + " milli");
        }
        return whole(numGpu);
    }

    public GpuRequest onModels(Set<String> accepted) {
        return new GpuRequest(wholeGpus, milliShare, accepted);
    }

    public boolean isNone() {
        return wholeGpus == 0 && milliShare == 0;
    }

    public boolean isShare() {
        return milliShare > 0;
    }

    /** GPUs the pod occupies at least part of: the whole GPUs, or 1 for a share. */
    public int gpuCount() {
        return isShare() ? 1 : wholeGpus;
    }

    /** What the pod takes of each of its GPUs, in milli. */
    public int milliPerGpu() {
        return isShare() ? milliShare : (wholeGpus > 0 ? MILLI_PER_GPU : 0);
    }

    /** The whole request in milli-GPUs (2 GPUs = 2000). */
    public long totalMilli() {
        return (long) gpuCount() * milliPerGpu();
    }

    /** True when a GPU of {@code model} is acceptable. */
    public boolean accepts(String model) {
        return models.isEmpty() || models.contains(model);
    }

    @Override
    public String toString() {
        String what = isNone() ? "no gpu" : isShare() ? milliShare + "m of 1 gpu" : wholeGpus + " gpu";
        return models.isEmpty() ? what : what + " on " + String.join("|", models);
    }
}
