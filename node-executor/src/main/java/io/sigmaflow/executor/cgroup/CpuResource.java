package io.sigmaflow.executor.cgroup;

/** The logical CPU resources callers set; {@link CpuKnob#of} maps each to a file per version. */
public enum CpuResource {
    /** Relative share of CPU under contention (v2 weight scale 1..10000). */
    WEIGHT,
    /** Hard limit: CPU time per period; unlimited by default. */
    QUOTA,
    /** Length of the quota period. */
    PERIOD,
    /** SCHED_IDLE for the whole group: runs only on otherwise idle CPU. */
    IDLE
}
