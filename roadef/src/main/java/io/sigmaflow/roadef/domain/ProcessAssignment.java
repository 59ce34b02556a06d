package io.sigmaflow.roadef.domain;

import ai.timefold.solver.core.api.domain.common.PlanningId;
import ai.timefold.solver.core.api.domain.entity.PlanningEntity;
import ai.timefold.solver.core.api.domain.variable.PlanningVariable;

/** The planning entity: which machine a process runs on, and where it ran originally. */
@PlanningEntity
public class ProcessAssignment {
    @PlanningId
    private int id;
    private Process process;
    private Machine originalMachine;
    @PlanningVariable
    private Machine machine;

    /** For Timefold's solution cloner. */
    public ProcessAssignment() {}

    public ProcessAssignment(Process process, Machine originalMachine, Machine machine) {
        this.id = process.getId();
        this.process = process;
        this.originalMachine = originalMachine;
        this.machine = machine;
    }

    public int getId() {
        return id;
    }

    public Process getProcess() {
        return process;
    }

    public Service getService() {
        return process.getService();
    }

    public Machine getOriginalMachine() {
        return originalMachine;
    }

    public Machine getMachine() {
        return machine;
    }

    public void setMachine(Machine machine) {
        this.machine = machine;
    }

    public boolean isMoved() {
        return machine.getId() != originalMachine.getId();
    }

    /** Neighborhood of the current machine. */
    public int getNeighborhood() {
        return machine.getNeighborhood();
    }

    /** Location of the current machine. */
    public int getLocation() {
        return machine.getLocation();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProcessAssignment other && id == other.id;
    }

    @Override
    public int hashCode() {
        return Integer.hashCode(id);
    }

    @Override
    public String toString() {
        return process + "@" + machine;
    }
}
