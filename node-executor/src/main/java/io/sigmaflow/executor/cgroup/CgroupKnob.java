package io.sigmaflow.executor.cgroup;

import java.util.Optional;

/**
 * Every kernel knob the executor writes or reads, declared once: its controller, the cgroup
 * version that has it, its file, and the range the kernel accepts. Callers name a
 * {@link CgroupResource}; {@link #of} is the one v1/v2 table. Value translation between the
 * versions lives in the updaters ({@link CpuPriorityUpdater}, {@link MemoryLimitUpdater},
 * {@link CpusetUpdater}), not here and not in callers.
 */
public enum CgroupKnob {
    /** v1 relative weight; kernel range 2..262144, default 1024. */
    CPU_SHARES(CgroupVersion.V1, CgroupResource.WEIGHT, "cpu.shares", 2, 262_144),
    /** v1 quota per period in microseconds, or -1 for unlimited; at least 1000 us. */
    CFS_QUOTA_US(CgroupVersion.V1, CgroupResource.QUOTA, "cpu.cfs_quota_us", 1_000, Long.MAX_VALUE / 1000),
    /** v1 period in microseconds; kernel range 1 ms..1 s, default 100 ms. */
    CFS_PERIOD_US(CgroupVersion.V1, CgroupResource.PERIOD, "cpu.cfs_period_us", 1_000, 1_000_000),
    /** v1 SCHED_IDLE group flag (kernel 5.15+); 0 or 1. */
    CPU_IDLE_V1(CgroupVersion.V1, CgroupResource.IDLE, "cpu.idle", 0, 1),
    /** v1 group identity (Alibaba Cloud Linux, "BVT"); -1..2; absent from mainline kernels. */
    BVT_WARP_NS_V1(CgroupVersion.V1, CgroupResource.GROUP_IDENTITY, "cpu.bvt_warp_ns", -1, 2),
    /** v1 hard memory limit in bytes; -1 for none (read back as a huge page-aligned number). */
    MEMORY_LIMIT_IN_BYTES(CgroupVersion.V1, CgroupResource.MEMORY_LIMIT, "memory.limit_in_bytes", 4096, Long.MAX_VALUE),
    /** v1 memory + swap limit; never below memory.limit_in_bytes (the kernel refuses it). Needs swap accounting. */
    MEMSW_LIMIT_IN_BYTES(CgroupVersion.V1, CgroupResource.SWAP_LIMIT, "memory.memsw.limit_in_bytes", 4096, Long.MAX_VALUE),
    /** v1 per-group swappiness 0..100; 0: limit reclaim never swaps anonymous memory. */
    MEMORY_SWAPPINESS(CgroupVersion.V1, CgroupResource.SWAPPINESS, "memory.swappiness", 0, 100),
    /** v1 "oom_kill_disable 0 / under_oom 0 / oom_kill N" (oom_kill since 4.13). Read only. */
    MEMORY_OOM_CONTROL(CgroupVersion.V1, CgroupResource.OOM_EVENTS, "memory.oom_control"),
    /** v1 CPUs of the group; must be set (and inside the parent's) before a task may join. */
    CPUSET_CPUS_V1(CgroupVersion.V1, CgroupResource.CPUS, "cpuset.cpus"),
    /** v1 memory nodes of the group; must be set before a task may join. */
    CPUSET_MEMS_V1(CgroupVersion.V1, CgroupResource.MEMS, "cpuset.mems"),
    /** v1 write-only rule file: "TYPE MAJOR:MINOR ACCESS" adds a denied device (see {@link GpuDeviceUpdater}). */
    DEVICES_DENY_V1(CgroupVersion.V1, CgroupResource.DEVICE_DENY, "devices.deny"),
    /** v1 rules in force; "a *:* rwm" while the group allows by default (its denied devices are not listed). */
    DEVICES_LIST_V1(CgroupVersion.V1, CgroupResource.DEVICE_LIST, "devices.list"),
    /** v2 relative weight; kernel range 1..10000, default 100. */
    CPU_WEIGHT(CgroupVersion.V2, CgroupResource.WEIGHT, "cpu.weight", 1, 10_000),
    /**
     * v2 "$QUOTA $PERIOD" or "max $PERIOD"; quota and period share one file, so this knob
     * serves both logical resources (the range is the quota's, the period is checked against
     * {@link #CFS_PERIOD_US}'s range).
     */
    CPU_MAX(CgroupVersion.V2, CgroupResource.QUOTA, "cpu.max", 1_000, Long.MAX_VALUE / 1000),
    /** v2 SCHED_IDLE group flag (kernel 5.15+); 0 or 1. */
    CPU_IDLE_V2(CgroupVersion.V2, CgroupResource.IDLE, "cpu.idle", 0, 1),
    /** v2 group identity, same file and range as v1, same caveat. */
    BVT_WARP_NS_V2(CgroupVersion.V2, CgroupResource.GROUP_IDENTITY, "cpu.bvt_warp_ns", -1, 2),
    /** v2 hard memory limit in bytes, or "max". */
    MEMORY_MAX(CgroupVersion.V2, CgroupResource.MEMORY_LIMIT, "memory.max", 4096, Long.MAX_VALUE),
    /** v2 swap alone (not memory + swap as v1), in bytes or "max"; 0 turns swap off for the group. */
    MEMORY_SWAP_MAX(CgroupVersion.V2, CgroupResource.SWAP_LIMIT, "memory.swap.max", 0, Long.MAX_VALUE),
    /** v2 "low N / high N / max N / oom N / oom_kill N ..." counters. Read only. */
    MEMORY_EVENTS(CgroupVersion.V2, CgroupResource.OOM_EVENTS, "memory.events"),
    /** v2 CPUs of the group; empty means the parent's. */
    CPUSET_CPUS_V2(CgroupVersion.V2, CgroupResource.CPUS, "cpuset.cpus"),
    /** v2 memory nodes; empty means the parent's (the executor leaves it so). */
    CPUSET_MEMS_V2(CgroupVersion.V2, CgroupResource.MEMS, "cpuset.mems");

    /** The v1 quota file's and the v2 cpu.max "max" value: no limit. */
    public static final long UNLIMITED = -1;
    /**
     * What a v1 memory file holds when unlimited (PAGE_COUNTER_MAX pages, 4 KiB pages): a write
     * of -1 reads back as this, so -1 and it are the same value.
     */
    public static final long V1_MEMORY_UNLIMITED = 9_223_372_036_854_771_712L;

    private final CgroupVersion version;
    private final CgroupResource resource;
    private final String file;
    private final boolean numeric;
    private final long min;
    private final long max;

    CgroupKnob(CgroupVersion version, CgroupResource resource, String file, long min, long max) {
        this(version, resource, file, true, min, max);
    }

    /** A knob whose value is text (a CPU list, counters): no numeric range. */
    CgroupKnob(CgroupVersion version, CgroupResource resource, String file) {
        this(version, resource, file, false, 0, 0);
    }

    CgroupKnob(CgroupVersion version, CgroupResource resource, String file, boolean numeric, long min, long max) {
        this.version = version;
        this.resource = resource;
        this.file = file;
        this.numeric = numeric;
        this.min = min;
        this.max = max;
    }

    /** The knob holding {@code resource} on {@code version}; v2 keeps the period inside cpu.max. */
    public static Optional<CgroupKnob> of(CgroupResource resource, CgroupVersion version) {
        if (version == CgroupVersion.V2 && resource == CgroupResource.PERIOD) {
            return Optional.of(CPU_MAX);
        }
        for (CgroupKnob k : values()) {
            if (k.version == version && k.resource == resource) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    public CgroupVersion version() {
        return version;
    }

    public CgroupResource resource() {
        return resource;
    }

    public CgroupController controller() {
        return resource.controller();
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

    /** True when {@code value} is in the kernel's range (quota and v1 memory knobs also accept {@link #UNLIMITED}). */
    public boolean accepts(long value) {
        if (!numeric) {
            return false;
        }
        if (value == UNLIMITED && (resource == CgroupResource.QUOTA
                || version == CgroupVersion.V1 && (resource == CgroupResource.MEMORY_LIMIT || resource == CgroupResource.SWAP_LIMIT))) {
            return true;
        }
        return value >= min && value <= max;
    }

    /** {@code value} checked against the range, as the message of a failed write names it. */
    public long checked(long value) {
        if (!accepts(value)) {
            throw new IllegalArgumentException(file + ": " + value + " is outside " + min + ".." + max
                    + (accepts(UNLIMITED) ? " (or -1 for unlimited)" : ""));
        }
        return value;
    }

    /**
     * Whether the file's {@code current} content already is {@code wanted}, in the kernel's own
     * spelling: v1 memory files read an unlimited -1 back as {@link #V1_MEMORY_UNLIMITED}.
     */
    public boolean holds(String current, String wanted) {
        if (current.equals(wanted)) {
            return true;
        }
        if (version == CgroupVersion.V1 && controller() == CgroupController.MEMORY && String.valueOf(UNLIMITED).equals(wanted)) {
            try {
                return Long.parseLong(current) >= V1_MEMORY_UNLIMITED;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return false;
    }
}
