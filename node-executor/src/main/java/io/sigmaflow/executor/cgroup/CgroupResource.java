package io.sigmaflow.executor.cgroup;

/** The logical resources callers set or read; {@link CgroupKnob#of} maps each to a file per version. */
public enum CgroupResource {
    /** Relative share of CPU under contention (v2 weight scale 1..10000). */
    WEIGHT(CgroupController.CPU),
    /** Hard limit: CPU time per period; unlimited by default. */
    QUOTA(CgroupController.CPU),
    /** Length of the quota period. */
    PERIOD(CgroupController.CPU),
    /** SCHED_IDLE for the whole group: runs only on otherwise idle CPU. */
    IDLE(CgroupController.CPU),
    /** Group identity (Alibaba Cloud Linux's BVT): -1 best-effort .. 2 latency-critical; only some kernels. */
    GROUP_IDENTITY(CgroupController.CPU),
    /** Hard memory limit in bytes; over it the kernel reclaims, then OOM-kills inside the group. */
    MEMORY_LIMIT(CgroupController.MEMORY),
    /** Swap the group may use (v2: swap alone; v1: memory + swap together, translated by the updater). */
    SWAP_LIMIT(CgroupController.MEMORY),
    /** v1 per-group swappiness (0: reclaim never swaps anonymous memory); v2 has none. */
    SWAPPINESS(CgroupController.MEMORY),
    /** Read-only OOM counters: how many tasks the kernel's OOM killer killed in the group. */
    OOM_EVENTS(CgroupController.MEMORY),
    /** The CPUs the group may run on, kernel list format ("0-3,8"). */
    CPUS(CgroupController.CPUSET),
    /** The memory nodes the group may allocate from (v1 requires it before a task can join). */
    MEMS(CgroupController.CPUSET),
    /** A device the group may not open ("c 195:1 rwm"); an action, not a value: each write adds a rule. */
    DEVICE_DENY(CgroupController.DEVICES),
    /** The group's device rules as the kernel lists them. Read only. */
    DEVICE_LIST(CgroupController.DEVICES);

    private final CgroupController controller;

    CgroupResource(CgroupController controller) {
        this.controller = controller;
    }

    public CgroupController controller() {
        return controller;
    }
}
