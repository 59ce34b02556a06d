package io.sigmaflow.roadef.search;

import ai.timefold.solver.core.preview.api.domain.metamodel.PlanningVariableMetaModel;
import ai.timefold.solver.core.preview.api.move.Move;
import ai.timefold.solver.core.preview.api.move.MutableSolutionView;
import io.sigmaflow.roadef.domain.Machine;
import io.sigmaflow.roadef.domain.MachineReassignment;
import io.sigmaflow.roadef.domain.ProcessAssignment;
import java.util.List;

/**
 * Puts every process of the working solution on the machine an array-level search chose, through
 * Timefold's variable listeners so that its score director (and best solution) follow.
 */
final class AssignmentMove implements Move<MachineReassignment> {
    private final PlanningVariableMetaModel<MachineReassignment, ProcessAssignment, Machine> machineVariable;
    private final MachineReassignment solution;
    private final int[] machineOf;

    /** {@code solution}: the working solution the move will change; {@code machineOf}: by process id. */
    AssignmentMove(PlanningVariableMetaModel<MachineReassignment, ProcessAssignment, Machine> machineVariable,
            MachineReassignment solution, int[] machineOf) {
        this.machineVariable = machineVariable;
        this.solution = solution;
        this.machineOf = machineOf;
    }

    @Override
    public void execute(MutableSolutionView<MachineReassignment> view) {
        List<Machine> machines = solution.getMachines();
        for (ProcessAssignment a : solution.getAssignments()) {
            Machine target = machines.get(machineOf[a.getId()]);
            if (a.getMachine() != target) {
                view.changeVariable(machineVariable, a, target);
            }
        }
    }

    @Override
    public String describe() {
        return "AssignmentMove";
    }
}
