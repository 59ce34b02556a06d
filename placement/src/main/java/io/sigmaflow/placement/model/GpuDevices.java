package io.sigmaflow.placement.model;

import java.util.Objects;

/**
 * The GPUs a node offers: how many, of which model, and the memory of each. Every GPU of a node is
 * the same model (as in Alibaba's GPU clusters); the placer accounts per GPU ({@code NodeInfo}), so
 * which GPU a shared pod lands on is part of the placement.
 *
 * @param count GPUs on the node, 0 for none
 * @param model the GPU model ({@code "V100M32"}, {@code "T4"}); empty when there are none
 * @param memoryMbPerGpu memory of one GPU in MiB; 0 when unknown
 */
public record GpuDevices(int count, String model, long memoryMbPerGpu) {
    /** Most GPUs one node may declare. */
    public static final int MAX_COUNT = 64;
    public static final GpuDevices NONE = new GpuDevices(0, "", 0);

    public GpuDevices {
        if (count < 0 || count > MAX_COUNT) {
            throw new IllegalArgumentException("gpu count must be 0.." + MAX_COUNT + ", got " + count);
        }
        if (memoryMbPerGpu < 0) {
            throw new IllegalArgumentException("gpu memory must not be negative, got " + memoryMbPerGpu);
        }
        model = Objects.requireNonNullElse(model, "").trim();
        if (count > 0 && model.isEmpty()) {
            throw new IllegalArgumentException("a node with " + count + " GPU(s) must name their model");
        }
    }

    public static GpuDevices of(int count, String model) {
        return count == 0 ? NONE : new GpuDevices(count, model, 0);
    }

    public boolean isNone() {
        return count == 0;
    }
}
