package io.sigmaflow.executor.cgroup;

/** Whether knobs go to the kernel or to plain files that mimic it. */
public enum CgroupMode {
    /** The host's cgroup file system: needs root (or a delegated subtree). */
    KERNEL,
    /**
     * Plain directories laid out and pre-filled like the kernel's, for simulated hosts and unit
     * tests where cgroups are not writable. Processes really run; only their priority is not
     * enforced.
     */
    SIMULATED
}
