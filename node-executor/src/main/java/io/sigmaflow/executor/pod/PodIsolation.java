package io.sigmaflow.executor.pod;

import io.sigmaflow.executor.cgroup.MemoryLimitUpdater.MemoryLimit;

/**
 * What holds one pod to its placement besides CPU priority.
 *
 * @param memory its memory limit, or null where memory is not enforced
 * @param cpus the CPUs it may run on (kernel list format), or null where cpusets are not managed
 * @param mems the memory nodes it may allocate from (v1 needs them set; v2 leaves them to the parent)
 */
public record PodIsolation(MemoryLimit memory, String cpus, String mems) {
    public static final PodIsolation NONE = new PodIsolation(null, null, null);
}
