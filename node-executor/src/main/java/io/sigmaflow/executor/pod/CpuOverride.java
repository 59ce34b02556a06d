package io.sigmaflow.executor.pod;

import io.sigmaflow.schema.PodCpuSetting;

/**
 * Turns a pod's base CPU setting into the one written to the kernel; the emergency rule uses
 * it to throttle best-effort pods while latency-sensitive ones starve.
 */
@FunctionalInterface
public interface CpuOverride {
    CpuOverride NONE = base -> base;

    PodCpuSetting effective(PodCpuSetting base);
}
