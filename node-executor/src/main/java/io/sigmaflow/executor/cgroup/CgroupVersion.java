package io.sigmaflow.executor.cgroup;

/** Which cgroup hierarchy holds the cpu controller on this host. */
public enum CgroupVersion {
    /** One hierarchy per controller, {@code /sys/fs/cgroup/cpu}: cpu.shares, cpu.cfs_*. */
    V1,
    /** The unified hierarchy: cpu.weight, cpu.max. */
    V2
}
