package io.sigmaflow.solver.rebalance.score;

import static io.sigmaflow.solver.rebalance.testing.ClusterFixtures.pod;
import static io.sigmaflow.solver.rebalance.testing.ClusterFixtures.topology;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.timefold.solver.core.api.domain.solution.ConstraintWeightOverrides;
import ai.timefold.solver.core.api.score.stream.test.ConstraintVerifier;
import io.sigmaflow.schema.NodeState;
import io.sigmaflow.solver.rebalance.app.RebalanceConfig;
import io.sigmaflow.solver.rebalance.domain.ClusterNode;
import io.sigmaflow.solver.rebalance.domain.PodAssignment;
import io.sigmaflow.solver.rebalance.domain.RebalanceSolution;
import io.sigmaflow.solver.rebalance.snapshot.ClusterSnapshot;
import io.sigmaflow.solver.rebalance.testing.ClusterFixtures.NodeBuilder;
import io.sigmaflow.solver.rebalance.testing.ClusterFixtures;
import io.sigmaflow.solver.rebalance.testing.Solutions;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The metrics the command reports and the integration test asserts are counted from node states
 * without the solver; they must equal the raw amounts the soft constraints penalize.
 */
class ClusterMetricsTest {
    private final ConstraintVerifier<RebalanceConstraints, RebalanceSolution> verifier =
            ConstraintVerifier.build(new RebalanceConstraints(), RebalanceSolution.class, PodAssignment.class);

    @Test
    void pairsAndColocationByHand() {
        // App a: 3 pods on one host (3 pairs at every level); app b: 2 pods in one chassis on two hosts.
        List<NodeBuilder> nodes = topology(2, 1, 2, 8000, 16384);
        nodes.get(0).pod(pod("a-0", "a")).pod(pod("a-1", "a")).pod(pod("a-2", "a")).pod(pod("b-0", "b"));
        nodes.get(1).pod(pod("b-1", "b"));
        ClusterMetrics m = ClusterMetrics.of(ClusterFixtures.build(nodes));
        assertEquals(new ClusterMetrics.Level(4, 1500 + 1000), m.coreSwitch());
        assertEquals(new ClusterMetrics.Level(4, 1500 + 1000), m.chassis());
        assertEquals(new ClusterMetrics.Level(3, 1500), m.host());
        // Node 0: cpu 4000/8000 = 500, memory 4096/16384 = 250; node 1: 125 and 62.
        assertEquals((500 * 500 + 250 * 250) / 1000 + (125 * 125 + 62 * 62) / 1000, m.balance());
        assertEquals(5, m.pods());
    }

    @Test
    void reservationSlotsSpreadApartFromTheirAppsPods() {
        // a-0 and a slot of app a on one host: no pair of a (a slot runs nothing), and the slot
        // alone in its own group makes no pair either.
        List<NodeBuilder> nodes = topology(1, 1, 1, 8000, 16384);
        nodes.get(0).pod(pod("a-0", "a")).pod(pod("reservation/a/0", "a"));
        ClusterMetrics m = ClusterMetrics.of(ClusterFixtures.build(nodes));
        assertEquals(new ClusterMetrics.Level(0, 0), m.host());
        assertEquals(2, m.pods());
    }

    @Test
    void equalToTheConstraintsOnRandomAssignments() {
        SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 20; round++) {
            List<NodeBuilder> nodes = topology(3, 2, 3, 16000, 32768);
            for (int p = 0; p < 60; p++) {
                nodes.get(random.nextInt(nodes.size()))
                        .pod(pod("p" + p, "app" + random.nextInt(8)).cpu(100 + random.nextInt(900)).memory(256 + random.nextInt(2048)));
            }
            ClusterSnapshot snapshot = ClusterSnapshot.of(ClusterFixtures.build(nodes));
            RebalanceSolution solution = Solutions.problem(snapshot, RebalanceConfig.defaults());
            for (PodAssignment a : solution.getAssignments()) {
                if (random.nextInt(3) == 0) {
                    List<ClusterNode> all = solution.getNodes();
                    a.setNode(all.get(random.nextInt(all.size())));
                }
            }
            // Single-constraint verification takes raw amounts: no weights.
            solution.setConstraintWeightOverrides(ConstraintWeightOverrides.none());
            List<NodeState> moved = Solutions.nodesOf(snapshot, solution);
            ClusterMetrics m = ClusterMetrics.of(moved);
            verifier.verifyThat(RebalanceConstraints::coreSwitchDispersion).givenSolution(solution)
                    .penalizesBy("round " + round, m.coreSwitch().colocation());
            verifier.verifyThat(RebalanceConstraints::chassisDispersion).givenSolution(solution)
                    .penalizesBy("round " + round, m.chassis().colocation());
            verifier.verifyThat(RebalanceConstraints::hostDispersion).givenSolution(solution)
                    .penalizesBy("round " + round, m.host().colocation());
            verifier.verifyThat(RebalanceConstraints::nodeBalance).givenSolution(solution)
                    .penalizesBy("round " + round, m.balance());
        }
    }
}
