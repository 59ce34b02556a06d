package io.sigmaflow.solver.rebalance.score;

import ai.timefold.solver.core.api.score.stream.test.ConstraintVerifier;
import io.sigmaflow.solver.rebalance.domain.App;
import io.sigmaflow.solver.rebalance.domain.ClusterNode;
import io.sigmaflow.solver.rebalance.domain.PodAssignment;
import io.sigmaflow.solver.rebalance.domain.RebalanceSettings;
import io.sigmaflow.solver.rebalance.domain.RebalanceSolution;
import java.util.BitSet;
import org.junit.jupiter.api.Test;

/** One test per constraint, each asserting the exact raw penalty (weights are applied on top, per constraint). */
class RebalanceConstraintsTest {
    private final ConstraintVerifier<RebalanceConstraints, RebalanceSolution> verifier =
            ConstraintVerifier.build(new RebalanceConstraints(), RebalanceSolution.class, PodAssignment.class);

    /** Nodes 0..3: two core switches, each with one chassis of two hosts; 4 cores, 8 GiB, 100 MiB disk each. */
    private final ClusterNode n0 = node(0, 0, 0, 0);
    private final ClusterNode n1 = node(1, 0, 0, 1);
    private final ClusterNode n2 = node(2, 1, 1, 2);
    private final ClusterNode n3 = node(3, 1, 1, 3);
    private final RebalanceSettings settings = new RebalanceSettings(2, 1, 2);
    private int ids;

    private static ClusterNode node(int index, int coreSwitch, int chassis, int host) {
        return new ClusterNode(index, "n" + index, 4000, 8192, 100, coreSwitch, chassis, host, true);
    }

    private static App app(int index, int pods, int maxUnavailable) {
        return new App(index, "app" + index, maxUnavailable, pods);
    }

    private PodAssignment pod(App app, long cpu, long memory, long disk, ClusterNode original, ClusterNode now) {
        BitSet everywhere = new BitSet();
        everywhere.set(0, 4);
        return at(new PodAssignment(ids++, "p" + ids, app, cpu, memory, disk, original, everywhere, false), now);
    }

    private PodAssignment pod(App app, ClusterNode original, ClusterNode now) {
        return pod(app, 100, 100, 0, original, now);
    }

    private static PodAssignment at(PodAssignment pod, ClusterNode node) {
        pod.setNode(node);
        return pod;
    }

    @Test
    void capacityPenalizesEachResourceAboveAllocatable() {
        App a = app(0, 3, 1);
        // n0: cpu 5000 > 4000 by 1000, memory 9000 > 8192 by 808, disk 120 > 100 by 20. n1 fits.
        verifier.verifyThat(RebalanceConstraints::nodeCapacity)
                .given(pod(a, 3000, 5000, 60, n0, n0), pod(a, 2000, 4000, 60, n1, n0), pod(a, 4000, 8192, 100, n1, n1))
                .penalizesBy(RebalanceConstraints.NODE_CAPACITY, 1000 + 808 + 20);
    }

    @Test
    void eligibilityPenalizesEachPodOnARejectedNodeButNeverItsCurrentOne() {
        App a = app(0, 3, 1);
        BitSet onlyN1 = new BitSet();
        onlyN1.set(1);
        PodAssignment movedToRejected = at(new PodAssignment(0, "p0", a, 1, 1, 0, n0, onlyN1, false), n2);
        PodAssignment stayingOnRejected = at(new PodAssignment(1, "p1", a, 1, 1, 0, n0, onlyN1, false), n0);
        PodAssignment movedToAccepted = at(new PodAssignment(2, "p2", a, 1, 1, 0, n0, onlyN1, false), n1);
        verifier.verifyThat(RebalanceConstraints::nodeEligibility)
                .given(movedToRejected, stayingOnRejected, movedToAccepted)
                .penalizesBy(RebalanceConstraints.NODE_ELIGIBILITY, 1);
    }

    @Test
    void maxUnavailablePenalizesMovesBeyondWhatTheWavesAllow() {
        // Two waves: an app with max-unavailable 1 may move 2 pods, with 0 none, with 2 four.
        App one = app(0, 3, 1);
        App zero = app(1, 1, 0);
        App two = app(2, 3, 2);
        verifier.verifyThat(RebalanceConstraints::maxUnavailable)
                .given(settings,
                        pod(one, n0, n1), pod(one, n0, n2), pod(one, n0, n3),
                        pod(zero, n0, n1),
                        pod(two, n0, n1), pod(two, n0, n2), pod(two, n0, n3))
                .penalizesBy(RebalanceConstraints.MAX_UNAVAILABLE, (3 - 2) + (1 - 0));
    }

    @Test
    void moveBudgetPenalizesMovesBeyondTheRunsBudget() {
        App a = app(0, 4, 5);
        App b = app(1, 1, 5);
        // Three moved (budget 2), one staying.
        verifier.verifyThat(RebalanceConstraints::moveBudget)
                .given(settings, pod(a, n0, n1), pod(a, n0, n2), pod(b, n1, n3), pod(a, n3, n3))
                .penalizesBy(RebalanceConstraints.MOVE_BUDGET, 1);
    }

    @Test
    void appMoveBudgetPenalizesEachAppsMovesBeyondThePerAppBudget() {
        App a = app(0, 3, 5);
        App b = app(1, 2, 5);
        // Budget 1 per app: a moves 3 (2 over), b moves 1, its other pod stays.
        verifier.verifyThat(RebalanceConstraints::appMoveBudget)
                .given(settings, pod(a, n0, n1), pod(a, n0, n2), pod(a, n1, n3), pod(b, n0, n1), pod(b, n2, n2))
                .penalizesBy(RebalanceConstraints.APP_MOVE_BUDGET, 2);
    }

    @Test
    void swapWithoutRoomPenalizesPairsTradingNodesThatAreBothFull() {
        App a = app(0, 6, 5);
        // The full nodes have 500 millis free before any move; roomy has 4000.
        ClusterNode full0 = new ClusterNode(10, "full0", 4000, 8192, 100, 0, 0, 10, true, 500, 8192, 100);
        ClusterNode full1 = new ClusterNode(11, "full1", 4000, 8192, 100, 0, 0, 11, true, 500, 8192, 100);
        ClusterNode full2 = new ClusterNode(12, "full2", 4000, 8192, 100, 0, 0, 12, true, 500, 8192, 100);
        ClusterNode roomy = new ClusterNode(13, "roomy", 4000, 8192, 100, 0, 0, 13, true, 4000, 8192, 100);
        verifier.verifyThat(RebalanceConstraints::swapWithoutRoom)
                .given(pod(a, 1000, 1, 0, full0, full1), pod(a, 1000, 1, 0, full1, full0), // neither fits first: 1
                        pod(a, 1000, 1, 0, full0, roomy), pod(a, 1000, 1, 0, roomy, full0), // roomy takes its pod first
                        pod(a, 400, 1, 0, full2, full1), pod(a, 1000, 1, 0, full1, full2)) // 400 fits full1 first
                .penalizesBy(RebalanceConstraints.SWAP_WITHOUT_ROOM, 1);
    }

    @Test
    void coreSwitchDispersionCountsPairsPerOtherPodOfTheApp() {
        App five = app(0, 5, 1);
        App three = app(1, 3, 1);
        App single = app(2, 1, 1);
        // five: 3 pods under switch 0 (3 pairs), 2 under switch 1 (1 pair): 1000 * 3 / 4 + 1000 * 1 / 4.
        // three: all under switch 1: 1000 * 3 / 2. single: nothing to spread.
        verifier.verifyThat(RebalanceConstraints::coreSwitchDispersion)
                .given(pod(five, n0, n0), pod(five, n0, n0), pod(five, n1, n1), pod(five, n2, n2), pod(five, n3, n3),
                        pod(three, n2, n2), pod(three, n3, n3), pod(three, n3, n3), pod(single, n0, n0))
                .penalizesBy(RebalanceConstraints.CORE_SWITCH_DISPERSION, 750 + 250 + 1500);
    }

    @Test
    void chassisDispersionRoundsEachDomainDown() {
        App four = app(0, 4, 1);
        // Chassis 0 holds 2 of 4 pods: 1000 * 1 / 3 = 333; chassis 1 holds 2: 333.
        verifier.verifyThat(RebalanceConstraints::chassisDispersion)
                .given(pod(four, n0, n0), pod(four, n1, n1), pod(four, n2, n2), pod(four, n3, n3))
                .penalizesBy(RebalanceConstraints.CHASSIS_DISPERSION, 333 + 333);
    }

    @Test
    void hostDispersionFollowsThePodsToTheirNewHosts() {
        App three = app(0, 3, 1);
        // All three started on n0; one moved to n1: two left on host 0 (1 pair), 1000 * 1 / 2.
        verifier.verifyThat(RebalanceConstraints::hostDispersion)
                .given(pod(three, n0, n0), pod(three, n0, n0), pod(three, n0, n1))
                .penalizesBy(RebalanceConstraints.HOST_DISPERSION, 500);
    }

    @Test
    void balanceSumsSquaresOfCpuAndMemoryUsePerNode() {
        App a = app(0, 3, 1);
        // n0: cpu 2000/4000 = 500 permille, memory 4096/8192 = 500: (250,000 + 250,000) / 1000 = 500.
        // n1: cpu 1000/4000 = 250, memory 2048/8192 = 250: (62,500 + 62,500) / 1000 = 125.
        verifier.verifyThat(RebalanceConstraints::nodeBalance)
                .given(pod(a, 1000, 2048, 0, n0, n0), pod(a, 1000, 2048, 0, n1, n0), pod(a, 1000, 2048, 0, n1, n1))
                .penalizesBy(RebalanceConstraints.NODE_BALANCE, 625);
    }

    @Test
    void migrationCostCountsEachMovedPod() {
        App a = app(0, 3, 1);
        verifier.verifyThat(RebalanceConstraints::migrationCost)
                .given(pod(a, n0, n1), pod(a, n2, n3), pod(a, n1, n1))
                .penalizesBy(RebalanceConstraints.MIGRATION_COST, 2);
    }
}
