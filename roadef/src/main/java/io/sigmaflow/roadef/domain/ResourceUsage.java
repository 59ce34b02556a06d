package io.sigmaflow.roadef.domain;

import java.util.Arrays;

/** What the processes on one machine use, per resource. Immutable; equal by content so an unchanged sum propagates nothing. */
public final class ResourceUsage {
    /** A machine that runs nothing. */
    public static final ResourceUsage NONE = new ResourceUsage(new long[0]);

    private final long[] amounts;

    public ResourceUsage(long[] amounts) {
        this.amounts = amounts;
    }

    /** Usage of resource {@code r}; zero past the end so that {@link #NONE} fits every instance. */
    public long get(int r) {
        return r < amounts.length ? amounts[r] : 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResourceUsage other && Arrays.equals(amounts, other.amounts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(amounts);
    }

    @Override
    public String toString() {
        return Arrays.toString(amounts);
    }
}
