package io.sigmaflow.roadef.score;

import static io.sigmaflow.roadef.score.Fixtures.machine;
import static io.sigmaflow.roadef.score.Fixtures.process;
import static io.sigmaflow.roadef.score.Fixtures.service;

import ai.timefold.solver.core.api.score.stream.test.ConstraintVerifier;
import io.sigmaflow.roadef.domain.Machine;
import io.sigmaflow.roadef.domain.MachineReassignment;
import io.sigmaflow.roadef.domain.ProcessAssignment;
import io.sigmaflow.roadef.domain.Service;
import io.sigmaflow.roadef.domain.ServiceDependency;
import org.junit.jupiter.api.Test;

/** One test per constraint, each asserting the exact penalty (match weights, instance weights included). */
class MachineReassignmentConstraintsTest {
    private final ConstraintVerifier<MachineReassignmentConstraints, MachineReassignment> verifier =
            ConstraintVerifier.build(new MachineReassignmentConstraints(), MachineReassignment.class,
                    ProcessAssignment.class);

    private final Machine m0 = machine(0).build();
    private final Machine m1 = machine(1).build();
    private final Service s0 = service(0, 1);
    private final Service s1 = service(1, 1);

    @Test
    void capacityPenalizesUsageAboveCapacityPerResource() {
        Machine small = machine(0).capacity(10, 100).build();
        // r0: 6 + 7 = 13 > 10 by 3; r1: 50 + 60 = 110 > 100 by 10.
        verifier.verifyThat(MachineReassignmentConstraints::machineCapacity)
                .given(process(0, s0, 6, 50, small), process(1, s1, 7, 60, small), process(2, s0, 99, 999, m1))
                .penalizesBy(MachineReassignmentConstraints.CAPACITY, 13);
    }

    @Test
    void conflictPenalizesEachPairOfAServiceOnOneMachine() {
        // Three processes of s0 on m0: three pairs; the one on m1 and s1's process are fine.
        verifier.verifyThat(MachineReassignmentConstraints::serviceConflict)
                .given(process(0, s0, 1, 1, m0), process(1, s0, 1, 1, m0), process(2, s0, 1, 1, m0),
                        process(3, s0, 1, 1, m1), process(4, s1, 1, 1, m0))
                .penalizesBy(MachineReassignmentConstraints.CONFLICT, 3);
    }

    @Test
    void spreadPenalizesEachMissingLocation() {
        Service needsThree = service(0, 3);
        Machine l0a = machine(0).location(0).build();
        Machine l0b = machine(1).location(0).build();
        Machine l1 = machine(2).location(1).build();
        // Two distinct locations of three required: one missing. s1 (spreadMin 1) is satisfied.
        verifier.verifyThat(MachineReassignmentConstraints::serviceSpread)
                .given(process(0, needsThree, 1, 1, l0a), process(1, needsThree, 1, 1, l0b),
                        process(2, needsThree, 1, 1, l1), process(3, s1, 1, 1, l0a))
                .penalizesBy(MachineReassignmentConstraints.SPREAD, 1);
    }

    @Test
    void dependencyPenalizesEachProcessWithoutTheRequiredServiceInItsNeighborhood() {
        Machine n0 = machine(0).neighborhood(0).build();
        Machine n1 = machine(1).neighborhood(1).build();
        Machine n0b = machine(2).neighborhood(0).build();
        // s0 depends on s1; s1 runs in neighborhood 0 only: s0's process in neighborhood 1 breaks it.
        verifier.verifyThat(MachineReassignmentConstraints::serviceDependency)
                .given(new ServiceDependency(s0, s1), process(0, s0, 1, 1, n0), process(1, s0, 1, 1, n1),
                        process(2, s1, 1, 1, n0b))
                .penalizesBy(MachineReassignmentConstraints.DEPENDENCY, 1);
    }

    @Test
    void transientUsageCountsMovedProcessesOnTheirOriginalMachineToo() {
        Machine a = machine(0).capacity(10, 1000).build();
        Machine b = machine(1).capacity(10, 1000).build();
        // Swapped processes of 6 (r0 transient): each machine holds 6 + 6 during the move, 2 over, twice.
        verifier.verifyThat(MachineReassignmentConstraints::transientUsage)
                .given(process(0, s0, 6, 1, 0, a, b), process(1, s1, 6, 1, 0, b, a))
                .penalizesBy(MachineReassignmentConstraints.TRANSIENT_USAGE, 4);
    }

    @Test
    void loadCostWeighsUsageAboveSafetyCapacity() {
        Machine safe = machine(0).capacity(100, 1000).safety(5, 50).build();
        // r0: 8 - 5 = 3, weight 10; r1: 70 - 50 = 20, weight 1.
        verifier.verifyThat(MachineReassignmentConstraints::loadCost)
                .given(process(0, s0, 8, 70, safe), process(1, s1, 1, 1, m1))
                .penalizesBy(MachineReassignmentConstraints.LOAD_COST, 10 * 3 + 20);
    }

    @Test
    void balanceCostCountsEveryMachineIncludingEmptyOnes() {
        Machine used = machine(0).capacity(10, 100).build();
        Machine empty = machine(1).capacity(10, 15).build();
        // used: available (6, 5): 2*6 - 5 = 7; empty: available (10, 15): 2*10 - 15 = 5; weight 5.
        verifier.verifyThat(MachineReassignmentConstraints::balanceCost)
                .given(used, empty, process(0, s0, 4, 95, used))
                .penalizesBy(MachineReassignmentConstraints.BALANCE_COST, 5 * 7 + 5 * 5);
    }

    @Test
    void processMoveCostWeighsEachMovedProcess() {
        // p0 (PMC 4) moved, weight 3; p1 (PMC 100) stays.
        verifier.verifyThat(MachineReassignmentConstraints::processMoveCost)
                .given(process(0, s0, 1, 1, 4, m0, m1), process(1, s1, 1, 1, 100, m0, m0))
                .penalizesBy(MachineReassignmentConstraints.PROCESS_MOVE_COST, 12);
    }

    @Test
    void serviceMoveCostWeighsTheMostMovedService() {
        // s0 moved two processes, s1 one: max 2, weight 7.
        verifier.verifyThat(MachineReassignmentConstraints::serviceMoveCost)
                .given(process(0, s0, 1, 1, 0, m0, m1), process(1, s0, 1, 1, 0, m1, m0),
                        process(2, s1, 1, 1, 0, m0, m1), process(3, s1, 1, 1, 0, m1, m1))
                .penalizesBy(MachineReassignmentConstraints.SERVICE_MOVE_COST, 14);
    }

    @Test
    void machineMoveCostWeighsEachMoveByItsMachinePair() {
        Machine m2 = machine(2).build();
        // MMC(0, 1) = 2 and MMC(0, 2) = 5, weight 11; p2 stays.
        verifier.verifyThat(MachineReassignmentConstraints::machineMoveCost)
                .given(process(0, s0, 1, 1, 0, m0, m1), process(1, s1, 1, 1, 0, m0, m2),
                        process(2, s0, 1, 1, 0, m2, m2))
                .penalizesBy(MachineReassignmentConstraints.MACHINE_MOVE_COST, 11 * 2 + 11 * 5);
    }
}
