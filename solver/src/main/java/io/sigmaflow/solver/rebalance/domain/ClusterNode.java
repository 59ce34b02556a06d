package io.sigmaflow.solver.rebalance.domain;

import ai.timefold.solver.core.api.domain.common.PlanningId;

/**
 * A node as the rebalancer sees it: what pods may use, and its failure domains. Domain ids are
 * global (a chassis id names one chassis of one core switch), so pods of an app are grouped by
 * (app, domain id) at each level.
 */
public final class ClusterNode {
    @PlanningId
    private final int index;
    private final String id;
    private final long cpuMillis;
    private final long memoryMb;
    private final long diskMb;
    private final int coreSwitch;
    private final int chassis;
    private final int host;
    private final boolean schedulable;
    /** What is free before any move (allocatable minus the pods on it in the snapshot). */
    private final long freeCpuMillis;
    private final long freeMemoryMb;
    private final long freeDiskMb;

    /** An empty node: all of it is free before any move. */
    public ClusterNode(int index, String id, long cpuMillis, long memoryMb, long diskMb,
            int coreSwitch, int chassis, int host, boolean schedulable) {
        this(index, id, cpuMillis, memoryMb, diskMb, coreSwitch, chassis, host, schedulable, cpuMillis, memoryMb, diskMb);
    }

    public ClusterNode(int index, String id, long cpuMillis, long memoryMb, long diskMb,
            int coreSwitch, int chassis, int host, boolean schedulable,
            long freeCpuMillis, long freeMemoryMb, long freeDiskMb) {
        this.freeCpuMillis = freeCpuMillis;
        this.freeMemoryMb = freeMemoryMb;
        this.freeDiskMb = freeDiskMb;
        this.index = index;
        this.id = id;
        this.cpuMillis = cpuMillis;
        this.memoryMb = memoryMb;
        this.diskMb = diskMb;
        this.coreSwitch = coreSwitch;
        this.chassis = chassis;
        this.host = host;
        this.schedulable = schedulable;
    }

    public int getIndex() {
        return index;
    }

    public String getId() {
        return id;
    }

    public long getCpuMillis() {
        return cpuMillis;
    }

    public long getMemoryMb() {
        return memoryMb;
    }

    public long getDiskMb() {
        return diskMb;
    }

    public int getCoreSwitch() {
        return coreSwitch;
    }

    public int getChassis() {
        return chassis;
    }

    public int getHost() {
        return host;
    }

    public boolean isSchedulable() {
        return schedulable;
    }

    /** True when {@code pod} fits in what the node has free before any move. */
    public boolean hasRoomAtStartFor(PodAssignment pod) {
        return pod.getCpuMillis() <= freeCpuMillis && pod.getMemoryMb() <= freeMemoryMb && pod.getDiskMb() <= freeDiskMb;
    }

    /** Requests above what the node offers, summed over cpu (millis), memory and disk (MiB); 0 when it fits. */
    public long capacityExcess(long cpu, long memory, long disk) {
        return Math.max(0, cpu - cpuMillis) + Math.max(0, memory - memoryMb) + Math.max(0, disk - diskMb);
    }

    /**
     * Load of the node as the sum of the squares of its cpu and memory use in permille of what it
     * offers, divided by 1,000 (0 to 2,000 on a node within capacity). Summed over nodes this is
     * smallest when load is spread evenly, and a move from a busy node to an idle one lowers it
     * more than a move between equally loaded nodes.
     */
    public long loadSquares(long cpu, long memory) {
        long cpuPermille = cpuMillis == 0 ? 0 : cpu * 1000 / cpuMillis;
        long memoryPermille = memoryMb == 0 ? 0 : memory * 1000 / memoryMb;
        return (cpuPermille * cpuPermille + memoryPermille * memoryPermille) / 1000;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClusterNode other && index == other.index;
    }

    @Override
    public int hashCode() {
        return Integer.hashCode(index);
    }

    @Override
    public String toString() {
        return id;
    }
}
