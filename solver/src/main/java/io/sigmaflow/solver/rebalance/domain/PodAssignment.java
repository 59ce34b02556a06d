package io.sigmaflow.solver.rebalance.domain;

import ai.timefold.solver.core.api.domain.common.PlanningId;
import ai.timefold.solver.core.api.domain.entity.PlanningEntity;
import ai.timefold.solver.core.api.domain.entity.PlanningPin;
import ai.timefold.solver.core.api.domain.variable.PlanningVariable;
import java.util.BitSet;

/**
 * The planning entity: which node one pod runs on after the run, and where it runs now.
 *
 * <p>{@code eligible} holds the indexes of the nodes the placement job's filter chain accepts for
 * this pod (shared between pods with the same constraints); the current node is always allowed, so
 * staying put is never a violation. Pinned pods (reservation slots, pods seen on two nodes while
 * the job moves them) keep their node and still count for capacity and dispersion.
 */
@PlanningEntity
public class PodAssignment {
    @PlanningId
    private int id;
    private String podId;
    private App app;
    private long cpuMillis;
    private long memoryMb;
    private long diskMb;
    private ClusterNode originalNode;
    private BitSet eligible;
    @PlanningPin
    private boolean pinned;
    @PlanningVariable
    private ClusterNode node;

    /** For Timefold's solution cloner. */
    public PodAssignment() {}

    public PodAssignment(int id, String podId, App app, long cpuMillis, long memoryMb, long diskMb,
            ClusterNode originalNode, BitSet eligible, boolean pinned) {
        this.id = id;
        this.podId = podId;
        this.app = app;
        this.cpuMillis = cpuMillis;
        this.memoryMb = memoryMb;
        this.diskMb = diskMb;
        this.originalNode = originalNode;
        this.eligible = eligible;
        this.pinned = pinned;
        this.node = originalNode;
    }

    /** A copy for {@link RebalanceSolutionCloner}: the same pod at the same node. */
    PodAssignment copy() {
        PodAssignment c = new PodAssignment(id, podId, app, cpuMillis, memoryMb, diskMb, originalNode, eligible, pinned);
        c.node = node;
        return c;
    }

    public int getId() {
        return id;
    }

    public String getPodId() {
        return podId;
    }

    public App getApp() {
        return app;
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

    public ClusterNode getOriginalNode() {
        return originalNode;
    }

    public boolean isPinned() {
        return pinned;
    }

    /** Puts the pod back where it runs and keeps it there for the rest of the run. */
    public void pinAtOriginal() {
        node = originalNode;
        pinned = true;
    }

    /** Keeps the pod on its current node for the rest of the run (a move already planned). */
    public void pin() {
        pinned = true;
    }

    public ClusterNode getNode() {
        return node;
    }

    public void setNode(ClusterNode node) {
        this.node = node;
    }

    public boolean isMoved() {
        return node != originalNode;
    }

    /** True when the filter chain accepts {@code target} for this pod, or it is the pod's current node. */
    public boolean isEligibleOn(ClusterNode target) {
        return target == originalNode || eligible.get(target.getIndex());
    }

    /** True when the pod's current node is one it may be on. */
    public boolean isOnEligibleNode() {
        return isEligibleOn(node);
    }

    /** Id of the core switch the pod is under. */
    public int getCoreSwitch() {
        return node.getCoreSwitch();
    }

    /** Id of the chassis the pod is in. */
    public int getChassis() {
        return node.getChassis();
    }

    /** Id of the host the pod is on. */
    public int getHost() {
        return node.getHost();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PodAssignment other && id == other.id;
    }

    @Override
    public int hashCode() {
        return Integer.hashCode(id);
    }

    @Override
    public String toString() {
        return podId + "@" + node;
    }
}
