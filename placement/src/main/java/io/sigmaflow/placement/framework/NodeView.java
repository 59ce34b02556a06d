package io.sigmaflow.placement.framework;

import io.sigmaflow.placement.model.Location;
import io.sigmaflow.placement.model.NodeCondition;
import io.sigmaflow.placement.model.Taint;
import java.util.List;
import java.util.Map;

/** What filters and scores may read about a node: its description and what is requested on it. */
public interface NodeView {
    String id();

    Location location();

    NodeCondition condition();

    Map<String, String> labels();

    List<Taint> taints();

    long allocatableCpu();

    long allocatableMemory();

    long allocatableDisk();

    /** Sum of the requests of the pods bound (or reserved) on the node. */
    long requestedCpu();

    long requestedMemory();

    long requestedDisk();

    default long freeCpu() {
        return allocatableCpu() - requestedCpu();
    }

    default long freeMemory() {
        return allocatableMemory() - requestedMemory();
    }

    default long freeDisk() {
        return allocatableDisk() - requestedDisk();
    }

    /** GPUs the node declares (0 for none). */
    default int gpuCount() {
        return 0;
    }

    /** Their model; empty when there are none. */
    default String gpuModel() {
        return "";
    }

    /** Milli still free on GPU {@code gpu} (1000 = unused). */
    default int gpuFreeMilli(int gpu) {
        return 0;
    }

    /** GPUs nobody uses. */
    default int freeWholeGpus() {
        return 0;
    }

    /** The largest free part of any one GPU, in milli. */
    default int maxFreeGpuShare() {
        return 0;
    }

    /**
     * The index's id of this node's domain at the {@code levelIndex}-th configured topology level
     * (see {@link ClusterView#spread}), or -1 when the node is not in an index.
     */
    int domainId(int levelIndex);
}
