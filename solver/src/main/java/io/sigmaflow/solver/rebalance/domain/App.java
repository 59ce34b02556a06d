package io.sigmaflow.solver.rebalance.domain;

import ai.timefold.solver.core.api.domain.common.PlanningId;

/**
 * An application: the unit of dispersion and of the per-app budgets.
 *
 * @see io.sigmaflow.solver.rebalance.app.RebalanceConfig for where {@code maxUnavailable} comes from
 */
public final class App {
    static final long PERMILLE = 1000;
    @PlanningId
    private final int index;
    private final String id;
    private final int maxUnavailable;
    private final int podCount;

    public App(int index, String id, int maxUnavailable, int podCount) {
        this.index = index;
        this.id = id;
        this.maxUnavailable = maxUnavailable;
        this.podCount = podCount;
    }

    public int getIndex() {
        return index;
    }

    public String getId() {
        return id;
    }

    /** Pods of the app that may be in migration at once (one wave of a plan). */
    public int getMaxUnavailable() {
        return maxUnavailable;
    }

    /** Pods of the app in the snapshot; apps with one pod cannot be badly spread. */
    public int getPodCount() {
        return podCount;
    }

    /**
     * Co-location of {@code pods} pods of this app in one domain: their pairs, per other pod of the
     * app, in permille, rounded down. Summed over an app's domains it is half the sum over its pods
     * of the share of the app's other pods that share the pod's domain; moving one pod from a
     * domain with c pods to one with d changes it by 1,000 (d - c + 1) / (pods of the app - 1).
     * So every app weighs the same whatever its size: taking one pod of a 3-pod app off a shared
     * host gains as much as taking a pod of a 500-pod app off a switch that holds all of them.
     */
    public long colocation(long pods) {
        return podCount < 2 ? 0 : pods * (pods - 1) / 2 * PERMILLE / (podCount - 1);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof App other && index == other.index;
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
