package io.sigmaflow.placement.index;

import io.sigmaflow.placement.model.GpuRequest;
import java.util.Arrays;
import java.util.HashMap;

/**
 * What is allocated on each GPU of one node, in milli (1000 = the whole GPU), and which GPUs each
 * pod holds. A whole-GPU pod takes GPUs nobody uses; a share takes part of one GPU. Nothing here
 * lets a GPU exceed 1000 on a checked add: the index calls {@link #fits}/{@link #canTake} first.
 */
public final class GpuAllocation {
    private int[] used;
    /** GPUs the node declares; {@code used} is longer only while pods hold GPUs a shrunk node no longer has. */
    private int declared;
    /** Lookup only, never iterated. */
    private final HashMap<String, int[]> gpusOfPod = new HashMap<>();

    GpuAllocation(int count) {
        this.used = new int[count];
        this.declared = count;
    }

    /** GPUs the node declares. */
    public int count() {
        return declared;
    }

    /** Milli allocated on GPU {@code i}. */
    public int used(int i) {
        return used[i];
    }

    /** Milli still free on GPU {@code i} (never below 0 for the caller). */
    public int free(int i) {
        return i >= declared ? 0 : Math.max(0, GpuRequest.MILLI_PER_GPU - used[i]);
    }

    /** GPUs nobody uses. */
    public int freeWhole() {
        int n = 0;
        for (int i = 0; i < declared; i++) {
            if (used[i] == 0) {
                n++;
            }
        }
        return n;
    }

    /** The largest free part of any one GPU, in milli. */
    public int maxFreeShare() {
        int best = 0;
        for (int i = 0; i < declared; i++) {
            best = Math.max(best, free(i));
        }
        return best;
    }

    public long usedTotal() {
        long sum = 0;
        for (int u : used) {
            sum += u;
        }
        return sum;
    }

    /** True when the request fits: enough unused GPUs, or one GPU with room for the share. */
    public boolean fits(GpuRequest request) {
        if (request.isNone()) {
            return true;
        }
        return request.isShare() ? maxFreeShare() >= request.milliShare() : freeWhole() >= request.wholeGpus();
    }

    /**
     * The default choice of GPUs: the lowest-numbered unused GPUs for whole GPUs; for a share, the
     * GPU with the least room that still fits it (best fit, which keeps whole GPUs free), the lowest
     * index among equals. Null when it does not fit; empty for no GPU.
     */
    public int[] tightest(GpuRequest request) {
        if (request.isNone()) {
            return new int[0];
        }
        if (request.isShare()) {
            int best = -1;
            for (int i = 0; i < declared; i++) {
                if (free(i) >= request.milliShare() && (best < 0 || free(i) < free(best))) {
                    best = i;
                }
            }
            return best < 0 ? null : new int[] {best};
        }
        int[] out = new int[request.wholeGpus()];
        int n = 0;
        for (int i = 0; i < declared && n < out.length; i++) {
            if (used[i] == 0) {
                out[n++] = i;
            }
        }
        return n == out.length ? out : null;
    }

    /** True when {@code gpus} is a valid choice for {@code request} now: right count, distinct, in range, with room. */
    public boolean canTake(GpuRequest request, int[] gpus) {
        if (gpus == null || gpus.length != request.gpuCount()) {
            return false;
        }
        for (int k = 0; k < gpus.length; k++) {
            int i = gpus[k];
            if (i < 0 || i >= declared || used[i] + request.milliPerGpu() > GpuRequest.MILLI_PER_GPU) {
                return false;
            }
            for (int j = 0; j < k; j++) {
                if (gpus[j] == i) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The GPUs {@code podId} holds (a copy, ascending); empty when none. */
    public int[] of(String podId) {
        int[] gpus = gpusOfPod.get(podId);
        return gpus == null ? new int[0] : gpus.clone();
    }

    /** True when some GPU carries more than 1000 milli, or a pod holds a GPU the node no longer declares. */
    public boolean overAllocated() {
        for (int i = 0; i < used.length; i++) {
            if (used[i] > GpuRequest.MILLI_PER_GPU || (i >= declared && used[i] > 0)) {
                return true;
            }
        }
        return false;
    }

    void add(String podId, GpuRequest request, int[] gpus) {
        if (gpus.length == 0) {
            return;
        }
        int[] sorted = gpus.clone();
        Arrays.sort(sorted);
        ensureIndex(sorted[sorted.length - 1]);
        for (int i : sorted) {
            used[i] += request.milliPerGpu();
        }
        gpusOfPod.put(podId, sorted);
    }

    void remove(String podId, GpuRequest request) {
        int[] gpus = gpusOfPod.remove(podId);
        if (gpus != null) {
            for (int i : gpus) {
                used[i] -= request.milliPerGpu();
            }
        }
    }

    /** A new GPU count (a node update): allocations stay, even on GPUs beyond the new count (see {@link #overAllocated}). */
    void resize(int count) {
        int highest = -1;
        for (int i = 0; i < used.length; i++) {
            if (used[i] != 0) {
                highest = i;
            }
        }
        used = Arrays.copyOf(used, Math.max(count, highest + 1));
        declared = count;
    }

    private void ensureIndex(int i) {
        if (i >= used.length) {
            used = Arrays.copyOf(used, i + 1);
        }
    }
}
