package io.sigmaflow.solver.rebalance.plan;

import static io.sigmaflow.solver.rebalance.testing.ClusterFixtures.node;
import static io.sigmaflow.solver.rebalance.testing.ClusterFixtures.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.schema.NodeState;
import io.sigmaflow.solver.rebalance.app.RebalanceConfig;
import io.sigmaflow.solver.rebalance.domain.ClusterNode;
import io.sigmaflow.solver.rebalance.domain.NodeEligibility;
import io.sigmaflow.solver.rebalance.domain.PodAssignment;
import io.sigmaflow.solver.rebalance.domain.RebalanceSolution;
import io.sigmaflow.solver.rebalance.snapshot.ClusterSnapshot;
import io.sigmaflow.solver.rebalance.testing.ClusterFixtures;
import io.sigmaflow.solver.rebalance.testing.ClusterFixtures.NodeBuilder;
import io.sigmaflow.solver.rebalance.testing.Solutions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MigrationPlannerTest {
    private static final RebalanceConfig CONFIG = config(Map.of());

    private static RebalanceConfig config(Map<String, String> values) {
        return RebalanceConfig.parse(values, "test");
    }

    /** The problem of {@code nodes} with each listed pod moved to its target. */
    private static RebalanceSolution solved(ClusterSnapshot snapshot, RebalanceConfig config, Map<String, String> targets) {
        RebalanceSolution solution = Solutions.problem(snapshot, config);
        Map<String, ClusterNode> byId = new HashMap<>();
        solution.getNodes().forEach(n -> byId.put(n.getId(), n));
        for (PodAssignment a : solution.getAssignments()) {
            if (targets.containsKey(a.getPodId())) {
                a.setNode(byId.get(targets.get(a.getPodId())));
            }
        }
        return solution;
    }

    private static PlanChecker.Result check(ClusterSnapshot snapshot, MigrationPlan plan, RebalanceConfig config) {
        PlanLimits limits = new PlanLimits(config.settings().maxMoves(), config.settings().maxMovesPerApp(),
                config.settings().maxWaves(), config::maxUnavailable);
        PlanChecker.Result result = PlanChecker.check(snapshot, plan.toRecords("plan", 0), limits,
                NodeEligibility.chain(config.filters()));
        assertTrue(result.valid(), "plan passes the checker: " + result.violations());
        return result;
    }

    private static List<String> moves(List<PlannedMove> wave) {
        return wave.stream().map(m -> m.podId() + ":" + m.fromNodeId() + ">" + m.toNodeId()).toList();
    }

    private static String where(PlanChecker.Result result, String podId) {
        for (NodeState n : result.finalNodes()) {
            if (n.getPods().stream().anyMatch(p -> p.getPodId().equals(podId))) {
                return n.getNodeId();
            }
        }
        return null;
    }

    @Test
    void aChainFreesEachTargetBeforeItIsUsed() {
        // a and b are full; p wants b, q (on b) wants c.
        ClusterSnapshot snapshot = ClusterSnapshot.of(List.of(
                node("a").cpu(4000).pod(pod("p", "x").cpu(4000)).build(),
                node("b").cpu(4000).pod(pod("q", "y").cpu(4000)).build(),
                node("c").cpu(4000).build()));
        MigrationPlan plan = MigrationPlanner.plan(solved(snapshot, CONFIG, Map.of("p", "b", "q", "c")));
        assertEquals(List.of(List.of("q:b>c"), List.of("p:a>b")), plan.waves().stream().map(MigrationPlannerTest::moves).toList());
        check(snapshot, plan, CONFIG);
    }

    @Test
    void aSwapBetweenFullNodesTakesADetourThroughFreeRoom() {
        ClusterSnapshot snapshot = ClusterSnapshot.of(List.of(
                node("a").cpu(4000).pod(pod("p", "x").cpu(4000)).build(),
                node("b").cpu(4000).pod(pod("q", "y").cpu(4000)).build(),
                node("c").cpu(4000).build()));
        MigrationPlan plan = MigrationPlanner.plan(solved(snapshot, CONFIG, Map.of("p", "b", "q", "a")));
        assertEquals(List.of(List.of("p:a>c"), List.of("q:b>a"), List.of("p:c>b")),
                plan.waves().stream().map(MigrationPlannerTest::moves).toList());
        assertEquals(MigrationPlanner.DETOUR_OUT, plan.waves().get(0).get(0).reason());
        assertTrue(plan.dropped().isEmpty());
        PlanChecker.Result result = check(snapshot, plan, CONFIG);
        assertEquals("b", where(result, "p"));
        assertEquals("a", where(result, "q"));
    }

    @Test
    void aSwapWithNoFreeRoomIsDroppedAndNothingMoves() {
        ClusterSnapshot snapshot = ClusterSnapshot.of(List.of(
                node("a").cpu(4000).pod(pod("p", "x").cpu(4000)).build(),
                node("b").cpu(4000).pod(pod("q", "y").cpu(4000)).build(),
                node("c").cpu(2000).build()));
        MigrationPlan plan = MigrationPlanner.plan(solved(snapshot, CONFIG, Map.of("p", "b", "q", "a")));
        assertEquals(0, plan.migrations());
        assertEquals(List.of("p", "q"), plan.dropped().stream().map(DroppedMove::podId).toList());
        assertEquals(DroppedMove.Why.CYCLE, plan.dropped().get(0).why());
    }

    @Test
    void aSwapWithoutBudgetForADetourIsDropped() {
        ClusterSnapshot snapshot = ClusterSnapshot.of(List.of(
                node("a").cpu(4000).pod(pod("p", "x").cpu(4000)).build(),
                node("b").cpu(4000).pod(pod("q", "y").cpu(4000)).build(),
                node("c").cpu(4000).build()));
        RebalanceConfig two = config(Map.of("budget.max-moves", "2"));
        MigrationPlan plan = MigrationPlanner.plan(solved(snapshot, two, Map.of("p", "b", "q", "a")));
        assertEquals(0, plan.migrations());
        assertEquals(List.of(DroppedMove.Why.CYCLE, DroppedMove.Why.CYCLE), plan.dropped().stream().map(DroppedMove::why).toList());
    }

    @Test
    void maxUnavailableSpreadsAnAppsMovesOverWaves() {
        List<NodeBuilder> nodes = new ArrayList<>(List.of(node("a").cpu(8000), node("b"), node("c"), node("d")));
        nodes.get(0).pod(pod("x-0", "x")).pod(pod("x-1", "x")).pod(pod("x-2", "x")).pod(pod("x-3", "x"));
        ClusterSnapshot snapshot = ClusterSnapshot.of(ClusterFixtures.build(nodes));
        Map<String, String> targets = Map.of("x-1", "b", "x-2", "c", "x-3", "d");

        MigrationPlan one = MigrationPlanner.plan(solved(snapshot, CONFIG, targets));
        assertEquals(List.of(1, 1, 1), one.waves().stream().map(List::size).toList());
        check(snapshot, one, CONFIG);

        RebalanceConfig two = config(Map.of("app.max-unavailable.x", "2"));
        MigrationPlan pairs = MigrationPlanner.plan(solved(snapshot, two, targets));
        assertEquals(List.of(2, 1), pairs.waves().stream().map(List::size).toList());
        check(snapshot, pairs, two);
    }

    @Test
    void movesBeyondTheWavesAreDropped() {
        List<NodeBuilder> nodes = new ArrayList<>(List.of(node("a").cpu(8000), node("b"), node("c"), node("d")));
        nodes.get(0).pod(pod("x-0", "x")).pod(pod("x-1", "x")).pod(pod("x-2", "x")).pod(pod("x-3", "x"));
        ClusterSnapshot snapshot = ClusterSnapshot.of(ClusterFixtures.build(nodes));
        RebalanceConfig twoWaves = config(Map.of("plan.max-waves", "2"));
        MigrationPlan plan = MigrationPlanner.plan(solved(snapshot, twoWaves, Map.of("x-1", "b", "x-2", "c", "x-3", "d")));
        assertEquals(2, plan.migrations());
        assertEquals(List.of("x-3"), plan.dropped().stream().map(DroppedMove::podId).toList());
        assertEquals(DroppedMove.Why.BEYOND_WAVES, plan.dropped().get(0).why());
        check(snapshot, plan, twoWaves);
    }

    @Test
    void movesTouchingNodesThatChangedWhileSolvingAreDropped() {
        ClusterSnapshot snapshot = ClusterSnapshot.of(List.of(
                node("a").pod(pod("p", "x")).pod(pod("q", "y")).build(), node("b").build(), node("c").build()));
        MigrationPlan plan = MigrationPlanner.plan(solved(snapshot, CONFIG, Map.of("p", "b", "q", "c")), Set.of("c"));
        assertEquals(List.of(List.of("p:a>b")), plan.waves().stream().map(MigrationPlannerTest::moves).toList());
        assertEquals(List.of("q"), plan.dropped().stream().map(DroppedMove::podId).toList());
        assertEquals(DroppedMove.Why.STALE, plan.dropped().get(0).why());
    }

    @Test
    void movesTheSolverShouldNotHaveMadeAreDropped() {
        // Onto a tainted node (the filters reject it), and beyond the per-app budget of 1.
        ClusterSnapshot snapshot = ClusterSnapshot.of(List.of(
                node("a").cpu(8000).pod(pod("p", "x")).pod(pod("q", "y")).pod(pod("r", "y")).build(),
                node("b").build(), node("t").taint("dedicated", "db").build()));
        RebalanceConfig onePerApp = config(Map.of("budget.max-moves-per-app", "1"));
        MigrationPlan plan = MigrationPlanner.plan(solved(snapshot, onePerApp, Map.of("p", "t", "q", "b", "r", "b")));
        assertEquals(List.of(List.of("q:a>b")), plan.waves().stream().map(MigrationPlannerTest::moves).toList());
        assertEquals(List.of("p", "r"), plan.dropped().stream().map(DroppedMove::podId).toList());
        assertEquals(List.of(DroppedMove.Why.REJECTED, DroppedMove.Why.OVER_BUDGET),
                plan.dropped().stream().map(DroppedMove::why).toList());
        check(snapshot, plan, onePerApp);
    }

    @Test
    void anyTargetAssignmentBecomesAPlanThatPassesTheChecker() {
        // Random clusters and random (often infeasible) targets: whatever the planner keeps is safe.
        SplittableRandom random = new SplittableRandom(11);
        int planned = 0;
        int detours = 0;
        for (int round = 0; round < 200; round++) {
            List<NodeBuilder> nodes = ClusterFixtures.topology(2, 2, 2, 4000, 8192);
            if (random.nextBoolean()) {
                nodes.get(random.nextInt(nodes.size())).taint("dedicated", "db");
            }
            for (int p = 0; p < 12; p++) {
                NodeBuilder n = nodes.get(random.nextInt(nodes.size()));
                n.pod(pod("p" + p, "app" + random.nextInt(3)).cpu(500 + 500L * random.nextInt(4)).memory(1024));
            }
            ClusterSnapshot snapshot = ClusterSnapshot.of(ClusterFixtures.build(nodes));
            RebalanceConfig config = config(Map.of("budget.max-moves", String.valueOf(2 + random.nextInt(10)),
                    "budget.max-moves-per-app", String.valueOf(1 + random.nextInt(4)),
                    "plan.max-waves", String.valueOf(1 + random.nextInt(5)),
                    "app.max-unavailable.app0", String.valueOf(random.nextInt(3))));
            Map<String, String> targets = new HashMap<>();
            for (int p = 0; p < 12; p++) {
                if (random.nextInt(3) == 0) {
                    targets.put("p" + p, nodes.get(random.nextInt(nodes.size())).id());
                }
            }
            MigrationPlan plan = MigrationPlanner.plan(solved(snapshot, config, targets));
            check(snapshot, plan, config);
            planned += plan.migrations();
            detours += (int) plan.waves().stream().flatMap(List::stream)
                    .filter(m -> m.reason().equals(MigrationPlanner.DETOUR_OUT)).count();
        }
        assertTrue(planned > 100, "the rounds exercise real plans: " + planned);
        assertTrue(detours > 0, "and detours: " + detours);
    }
}
