package io.sigmaflow.executor.cgroup;

import java.util.Optional;

/**
 * Every kernel CPU knob the executor writes, declared once: its file, the cgroup version that
 * has it, and the range the kernel accepts. Callers name a {@link CpuResource}; {@link #of} is
 * the one v1/v2 table. Value translation between the versions lives in
 * {@link CpuPriorityUpdater}, not here and not in callers.
 */
public enum CpuKnob {
    /** v1 relative weight; kernel range 2..262144, default 1024. */
    CPU_SHARES(CgroupVersion.V1, CpuResource.WEIGHT, "cpu.shares", 2, 262_144),
    /** v1 quota per period in microseconds, or -1 for unlimited; at least 1000 us. */
    CFS_QUOTA_US(CgroupVersion.V1, CpuResource.QUOTA, "cpu.cfs_quota_us", 1_000, Long.MAX_VALUE / 1000),
    /** v1 period in microseconds; kernel range 1 ms..1 s, default 100 ms. */
    CFS_PERIOD_US(CgroupVersion.V1, CpuResource.PERIOD, "cpu.cfs_period_us", 1_000, 1_000_000),
    /** v1 SCHED_IDLE group flag (kernel 5.15+); 0 or 1. */
    CPU_IDLE_V1(CgroupVersion.V1, CpuResource.IDLE, "cpu.idle", 0, 1),
    /** v2 relative weight; kernel range 1..10000, default 100. */
    CPU_WEIGHT(CgroupVersion.V2, CpuResource.WEIGHT, "cpu.weight", 1, 10_000),
    /**
     * v2 "$QUOTA $PERIOD" or "max $PERIOD"; quota and period share one file, so this knob
     * serves both logical resources (the range is the quota's, the period is checked against
     * {@link #CFS_PERIOD_US}'s range).
     */
    CPU_MAX(CgroupVersion.V2, CpuResource.QUOTA, "cpu.max", 1_000, Long.MAX_VALUE / 1000),
    /** v2 SCHED_IDLE group flag (kernel 5.15+); 0 or 1. */
    CPU_IDLE_V2(CgroupVersion.V2, CpuResource.IDLE, "cpu.idle", 0, 1);

    /** The v1 quota file's and the v2 cpu.max "max" value: no limit. */
    public static final long UNLIMITED = -1;

    private final CgroupVersion version;
    private final CpuResource resource;
    private final String file;
    private final long min;
    private final long max;

    CpuKnob(CgroupVersion version, CpuResource resource, String file, long min, long max) {
        this.version = version;
        this.resource = resource;
        this.file = file;
        this.min = min;
        this.max = max;
    }

    /** The knob holding {@code resource} on {@code version}; v2 keeps the period inside cpu.max. */
    public static Optional<CpuKnob> of(CpuResource resource, CgroupVersion version) {
        if (version == CgroupVersion.V2 && resource == CpuResource.PERIOD) {
            return Optional.of(CPU_MAX);
        }
        for (CpuKnob k : values()) {
            if (k.version == version && k.resource == resource) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    public CgroupVersion version() {
        return version;
    }

    public String file() {
        return file;
    }

    public long min() {
        return min;
    }

    public long max() {
        return max;
    }

    /** True when {@code value} is in the kernel's range (the quota knobs also accept {@link #UNLIMITED}). */
    public boolean accepts(long value) {
        if (resource == CpuResource.QUOTA && value == UNLIMITED) {
            return true;
        }
        return value >= min && value <= max;
    }

    /** {@code value} checked against the range, as the message of a failed write names it. */
    public long checked(long value) {
        if (!accepts(value)) {
            throw new IllegalArgumentException(file + ": " + value + " is outside " + min + ".." + max
                    + (resource == CpuResource.QUOTA ? " (or -1 for unlimited)" : ""));
        }
        return value;
    }
}
