package io.sigmaflow.roadef.domain;

import ai.timefold.solver.core.api.domain.common.PlanningId;

/** A service: its processes must run on distinct machines and over at least {@code spreadMin} locations. */
public final class Service {
    @PlanningId
    private final int id;
    private final int spreadMin;
    private final CostModel costs;

    public Service(int id, int spreadMin, CostModel costs) {
        this.id = id;
        this.spreadMin = spreadMin;
        this.costs = costs;
    }

    public int getId() {
        return id;
    }

    public int getSpreadMin() {
        return spreadMin;
    }

    /** weight * the number of moved processes; the maximum over services is the service move cost. */
    public long weightedMoveCount(long moved) {
        return costs.serviceMoveWeight() * moved;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Service other && id == other.id;
    }

    @Override
    public int hashCode() {
        return Integer.hashCode(id);
    }

    @Override
    public String toString() {
        return "s" + id;
    }
}
