package io.sigmaflow.placement.model;

/**
 * An amount of host resources: what a pod requests or what a node offers. Units follow the wire
 * schema ({@code Resources}): CPU in millicores, memory and disk in MiB.
 */
public record ResourceVector(long cpuMillis, long memoryMb, long diskMb) {
    public static final ResourceVector ZERO = new ResourceVector(0, 0, 0);

    public ResourceVector {
        if (cpuMillis < 0 || memoryMb < 0 || diskMb < 0) {
            throw new IllegalArgumentException("resources must not be negative: cpuMillis=" + cpuMillis
                    + " memoryMb=" + memoryMb + " diskMb=" + diskMb);
        }
    }

    public static ResourceVector of(long cpuMillis, long memoryMb) {
        return new ResourceVector(cpuMillis, memoryMb, 0);
    }

    public ResourceVector plus(ResourceVector other) {
        return new ResourceVector(cpuMillis + other.cpuMillis, memoryMb + other.memoryMb, diskMb + other.diskMb);
    }

    /** True when every dimension of {@code this} is at most the same dimension of {@code other}. */
    public boolean fitsIn(ResourceVector other) {
        return cpuMillis <= other.cpuMillis && memoryMb <= other.memoryMb && diskMb <= other.diskMb;
    }
}
