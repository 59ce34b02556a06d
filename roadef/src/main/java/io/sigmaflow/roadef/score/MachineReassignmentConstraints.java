package io.sigmaflow.roadef.score;

import static ai.timefold.solver.core.api.score.stream.ConstraintCollectors.count;
import static ai.timefold.solver.core.api.score.stream.ConstraintCollectors.countDistinct;
import static ai.timefold.solver.core.api.score.stream.ConstraintCollectors.max;
import static ai.timefold.solver.core.api.score.stream.Joiners.equal;

import ai.timefold.solver.core.api.score.HardSoftScore;
import ai.timefold.solver.core.api.score.stream.Constraint;
import ai.timefold.solver.core.api.score.stream.ConstraintFactory;
import ai.timefold.solver.core.api.score.stream.ConstraintProvider;
import ai.timefold.solver.core.api.score.stream.bi.BiConstraintStream;
import io.sigmaflow.roadef.domain.Machine;
import io.sigmaflow.roadef.domain.ProcessAssignment;
import io.sigmaflow.roadef.domain.ResourceUsage;
import io.sigmaflow.roadef.domain.Service;
import io.sigmaflow.roadef.domain.ServiceDependency;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The ROADEF 2012 objective as Timefold constraints. Hard: capacity, conflict, spread,
 * dependency, transient usage. Soft: the official cost, each match weight already multiplied by
 * the instance's weight, so the soft score is minus the official objective.
 */
public final class MachineReassignmentConstraints implements ConstraintProvider {
    public static final String CAPACITY = "Machine capacity";
    public static final String CONFLICT = "Service conflict";
    public static final String SPREAD = "Service spread";
    public static final String DEPENDENCY = "Service dependency";
    public static final String TRANSIENT_USAGE = "Transient usage";
    public static final String LOAD_COST = "Load cost";
    public static final String BALANCE_COST = "Balance cost";
    public static final String PROCESS_MOVE_COST = "Process move cost";
    public static final String SERVICE_MOVE_COST = "Service move cost";
    public static final String MACHINE_MOVE_COST = "Machine move cost";

    /** One instance, so the move-cost constraints share one filter node. */
    private static final Predicate<ProcessAssignment> MOVED = ProcessAssignment::isMoved;

    @Override
    public Constraint[] defineConstraints(ConstraintFactory factory) {
        return new Constraint[] {
            machineCapacity(factory),
            serviceConflict(factory),
            serviceSpread(factory),
            serviceDependency(factory),
            transientUsage(factory),
            loadCost(factory),
            balanceCost(factory),
            processMoveCost(factory),
            serviceMoveCost(factory),
            machineMoveCost(factory)
        };
    }

    /** Usage above capacity, summed over resources, per machine (hard). */
    Constraint machineCapacity(ConstraintFactory factory) {
        return machineUsage(factory)
                .filter((machine, usage) -> machine.capacityExcess(usage) > 0)
                .penalize(HardSoftScore.ONE_HARD, Machine::capacityExcess)
                .asConstraint(CAPACITY);
    }

    /** Each pair of processes of one service on the same machine (hard). */
    Constraint serviceConflict(ConstraintFactory factory) {
        return factory.forEachUniquePair(ProcessAssignment.class,
                        equal(ProcessAssignment::getService), equal(ProcessAssignment::getMachine))
                .penalize(HardSoftScore.ONE_HARD)
                .asConstraint(CONFLICT);
    }

    /** Locations missing for a service to reach its spreadMin (hard). */
    Constraint serviceSpread(ConstraintFactory factory) {
        return factory.forEach(ProcessAssignment.class)
                .filter(assignment -> assignment.getService().getSpreadMin() > 1)
                .groupBy(ProcessAssignment::getService, countDistinct(ProcessAssignment::getLocation))
                .filter((service, locations) -> locations < service.getSpreadMin())
                .penalize(HardSoftScore.ONE_HARD, (service, locations) -> service.getSpreadMin() - locations)
                .asConstraint(SPREAD);
    }

    /** Each (process, dependency) with no process of the required service in the process's neighborhood (hard). */
    Constraint serviceDependency(ConstraintFactory factory) {
        return factory.forEach(ProcessAssignment.class)
                .join(ServiceDependency.class, equal(ProcessAssignment::getService, ServiceDependency::dependent))
                .ifNotExists(ProcessAssignment.class,
                        equal((assignment, dependency) -> dependency.required(), ProcessAssignment::getService),
                        equal((assignment, dependency) -> assignment.getNeighborhood(), ProcessAssignment::getNeighborhood))
                .penalize(HardSoftScore.ONE_HARD)
                .asConstraint(DEPENDENCY);
    }

    /** Transient-resource usage above capacity when moved processes also count on their original machine (hard). */
    Constraint transientUsage(ConstraintFactory factory) {
        Function<ProcessAssignment, ProcessAssignment> itself = assignment -> assignment;
        BiConstraintStream<Machine, ProcessAssignment> current = factory.forEach(ProcessAssignment.class)
                .map(ProcessAssignment::getMachine, itself);
        BiConstraintStream<Machine, ProcessAssignment> movedAway = factory.forEach(ProcessAssignment.class)
                .filter(MOVED)
                .map(ProcessAssignment::getOriginalMachine, itself);
        return current.concat(movedAway)
                .filter((machine, assignment) -> machine.hasTransientResources())
                .groupBy((machine, assignment) -> machine, UsageCollectors.PAIR_USAGE)
                .filter((machine, usage) -> machine.transientExcess(usage) > 0)
                .penalize(HardSoftScore.ONE_HARD, Machine::transientExcess)
                .asConstraint(TRANSIENT_USAGE);
    }

    /** Weighted usage above safety capacity per machine (soft). */
    Constraint loadCost(ConstraintFactory factory) {
        return machineUsage(factory)
                .filter((machine, usage) -> machine.weightedLoadCost(usage) > 0)
                .penalize(HardSoftScore.ONE_SOFT, Machine::weightedLoadCost)
                .asConstraint(LOAD_COST);
    }

    /** Weighted balance cost per machine, empty machines included (soft). */
    Constraint balanceCost(ConstraintFactory factory) {
        return machineUsage(factory)
                .complement(Machine.class, machine -> ResourceUsage.NONE)
                .filter((machine, usage) -> machine.weightedBalanceCost(usage) > 0)
                .penalize(HardSoftScore.ONE_SOFT, Machine::weightedBalanceCost)
                .asConstraint(BALANCE_COST);
    }

    /** Weighted PMC of each moved process (soft). */
    Constraint processMoveCost(ConstraintFactory factory) {
        return factory.forEach(ProcessAssignment.class)
                .filter(MOVED)
                .penalize(HardSoftScore.ONE_SOFT, assignment -> assignment.getProcess().getWeightedMoveCost())
                .asConstraint(PROCESS_MOVE_COST);
    }

    /** Weighted largest number of moved processes of one service (soft). */
    Constraint serviceMoveCost(ConstraintFactory factory) {
        return factory.forEach(ProcessAssignment.class)
                .filter(MOVED)
                .groupBy(ProcessAssignment::getService, count())
                .groupBy(max((Service service, Long moved) -> service.weightedMoveCount(moved)))
                .filter(cost -> cost > 0)
                .penalize(HardSoftScore.ONE_SOFT, cost -> cost)
                .asConstraint(SERVICE_MOVE_COST);
    }

    /** Weighted MMC from original to current machine of each moved process (soft). */
    Constraint machineMoveCost(ConstraintFactory factory) {
        return factory.forEach(ProcessAssignment.class)
                .filter(MOVED)
                .penalize(HardSoftScore.ONE_SOFT,
                        assignment -> assignment.getOriginalMachine().weightedMoveCostTo(assignment.getMachine()))
                .asConstraint(MACHINE_MOVE_COST);
    }

    /** Usage per machine that runs at least one process; one shared node for capacity, load and balance. */
    private static BiConstraintStream<Machine, ResourceUsage> machineUsage(ConstraintFactory factory) {
        return factory.forEach(ProcessAssignment.class)
                .groupBy(ProcessAssignment::getMachine, UsageCollectors.USAGE);
    }
}
