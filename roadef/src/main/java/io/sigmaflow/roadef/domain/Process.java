package io.sigmaflow.roadef.domain;

import ai.timefold.solver.core.api.domain.common.PlanningId;

/** A process of a service, with what it requires of each resource and the weighted cost of moving it. */
public final class Process {
    @PlanningId
    private final int id;
    private final Service service;
    private final long[] requirement;
    private final long weightedMoveCost;

    public Process(int id, Service service, long[] requirement, long weightedMoveCost) {
        this.id = id;
        this.service = service;
        this.requirement = requirement;
        this.weightedMoveCost = weightedMoveCost;
    }

    public int getId() {
        return id;
    }

    public Service getService() {
        return service;
    }

    /** R(p, r) per resource; never modified. */
    public long[] getRequirement() {
        return requirement;
    }

    /** weight * PMC(p). */
    public long getWeightedMoveCost() {
        return weightedMoveCost;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Process other && id == other.id;
    }

    @Override
    public int hashCode() {
        return Integer.hashCode(id);
    }

    @Override
    public String toString() {
        return "p" + id;
    }
}
