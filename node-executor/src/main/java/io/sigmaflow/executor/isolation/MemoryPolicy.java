package io.sigmaflow.executor.isolation;

import io.sigmaflow.executor.cgroup.MemoryLimitUpdater.MemoryLimit;
import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.QosClass;

/**
 * The memory limit a pod's cgroup gets from its placement. The hard limit is the request for
 * every QoS, no headroom: the job never overcommits memory, so limits that sum to at most the
 * node's allocatable are what keeps one pod from taking a neighbour's memory (a headroom would
 * let the sum pass the machine, and the host's OOM killer would then choose the victim).
 * QoS decides swap: latency-sensitive pods (LSR, LS) never swap, a page-in is a latency spike;
 * best-effort pods may swap under their limit rather than die at it.
 */
public final class MemoryPolicy {
    /** The smallest limit written: below it not even the pod's shell starts (a request of 0 gets this). */
    public static final long FLOOR_MB = 16;

    private MemoryPolicy() {}

    public static MemoryLimit forPlacement(Placement p) {
        long mb = Math.max(FLOOR_MB, p.getResources().getMemoryMb());
        QosClass qos = p.getQos() == null ? QosClass.LS : p.getQos();
        return new MemoryLimit(mb << 20, qos != QosClass.BE);
    }
}
