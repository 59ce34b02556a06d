package io.sigmaflow.roadef.domain;

import ai.timefold.solver.core.api.domain.common.PlanningId;
import io.sigmaflow.roadef.io.Balance;

/**
 * A machine: capacities, the neighborhood and location it belongs to, and the cost of moving a
 * process from here to any other machine. The cost formulas of one machine live here, as pure
 * functions of its usage, so constraints stay one line each.
 */
public final class Machine {
    @PlanningId
    private final int id;
    private final int neighborhood;
    private final int location;
    private final long[] capacity;
    private final long[] safetyCapacity;
    private final int[] moveCostTo;
    private final CostModel costs;

    public Machine(int id, int neighborhood, int location, long[] capacity, long[] safetyCapacity,
            int[] moveCostTo, CostModel costs) {
        this.id = id;
        this.neighborhood = neighborhood;
        this.location = location;
        this.capacity = capacity;
        this.safetyCapacity = safetyCapacity;
        this.moveCostTo = moveCostTo;
        this.costs = costs;
    }

    public int getId() {
        return id;
    }

    public int getNeighborhood() {
        return neighborhood;
    }

    public int getLocation() {
        return location;
    }

    /** C(m, r) per resource; never modified. */
    public long[] getCapacity() {
        return capacity;
    }

    /** SC(m, r) per resource; never modified. */
    public long[] getSafetyCapacity() {
        return safetyCapacity;
    }

    /** MMC(this, m) per machine index; never modified. */
    public int[] getMoveCostTo() {
        return moveCostTo;
    }

    public CostModel getCosts() {
        return costs;
    }

    /** Sum over resources of the usage above capacity (hard). */
    public long capacityExcess(ResourceUsage usage) {
        long excess = 0;
        for (int r = 0; r < capacity.length; r++) {
            excess += Math.max(0, usage.get(r) - capacity[r]);
        }
        return excess;
    }

    public boolean hasTransientResources() {
        return costs.transientResources().length > 0;
    }

    /** Sum over transient resources of the usage, counting processes moved away, above capacity (hard). */
    public long transientExcess(ResourceUsage transientUsage) {
        long excess = 0;
        for (int r : costs.transientResources()) {
            excess += Math.max(0, transientUsage.get(r) - capacity[r]);
        }
        return excess;
    }

    /** Sum over resources of weight(r) * (usage above safety capacity). */
    public long weightedLoadCost(ResourceUsage usage) {
        long cost = 0;
        for (int r = 0; r < safetyCapacity.length; r++) {
            cost += costs.loadCostWeight()[r] * Math.max(0, usage.get(r) - safetyCapacity[r]);
        }
        return cost;
    }

    /** Sum over balance objectives of weight * max(0, target * available(r1) - available(r2)). */
    public long weightedBalanceCost(ResourceUsage usage) {
        long cost = 0;
        for (Balance b : costs.balances()) {
            long available1 = capacity[b.firstResource()] - usage.get(b.firstResource());
            long available2 = capacity[b.secondResource()] - usage.get(b.secondResource());
            cost += b.weight() * Math.max(0, b.target() * available1 - available2);
        }
        return cost;
    }

    /** weight * MMC(this, to). */
    public long weightedMoveCostTo(Machine to) {
        return costs.machineMoveWeight() * moveCostTo[to.id];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Machine other && id == other.id;
    }

    @Override
    public int hashCode() {
        return Integer.hashCode(id);
    }

    @Override
    public String toString() {
        return "m" + id;
    }
}
