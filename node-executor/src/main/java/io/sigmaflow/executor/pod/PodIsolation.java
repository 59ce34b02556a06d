package io.sigmaflow.executor.pod;

import io.sigmaflow.executor.cgroup.MemoryLimitUpdater.MemoryLimit;

/**
 * What holds one pod to its placement besides CPU priority.
 *
 * @param memory its memory limit, or null where memory is not enforced
 * @param cpus the CPUs it may run on (kernel list format), or null where cpusets are not managed
 */
public record PodIsolation(MemoryLimit memory, String cpus) {
    public static final PodIsolation NONE = new PodIsolation(null, null);
}
