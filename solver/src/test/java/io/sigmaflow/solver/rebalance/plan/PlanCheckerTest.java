package io.sigmaflow.solver.rebalance.plan;

import static io.sigmaflow.solver.rebalance.testing.ClusterFixtures.node;
import static io.sigmaflow.solver.rebalance.testing.ClusterFixtures.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.schema.Migration;
import io.sigmaflow.schema.NodeState;
import io.sigmaflow.schema.PodAllocation;
import io.sigmaflow.solver.rebalance.domain.NodeEligibility;
import io.sigmaflow.solver.rebalance.snapshot.ClusterSnapshot;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checker finds every kind of broken plan (the planner's tests rely on it saying "valid" only when it is). */
class PlanCheckerTest {
    private static final PlanLimits LIMITS = new PlanLimits(10, 3, 5, app -> app.equals("wide") ? 2 : 1);

    /** a and b hold 4 cores each and are full; c is empty; t is tainted; u is cordoned. */
    private static final ClusterSnapshot SNAPSHOT = ClusterSnapshot.of(List.of(
            node("a").cpu(4000).pod(pod("p", "x").cpu(4000)).build(),
            node("b").cpu(4000).pod(pod("q", "y").cpu(4000)).build(),
            node("c").cpu(4000).build(),
            node("d").cpu(8000).pod(pod("w-0", "wide")).pod(pod("w-1", "wide")).pod(pod("w-2", "wide"))
                    .pod(pod("x-1", "x")).pod(pod("x-2", "x")).build(),
            node("e").cpu(8000).build(),
            node("t").taint("dedicated", "db").build(),
            node("u").unschedulable().build()));

    private static Migration m(int step, String pod, String app, String from, String to) {
        return Migration.newBuilder().setPlanId("plan").setStep(step).setPlanSize(0).setPodId(pod).setAppId(app)
                .setFromNodeId(from).setToNodeId(to).setReason(null).setCreatedAtMs(0).build();
    }

    /** The records with planSize set to their count, as a planner writes them. */
    private static List<Migration> plan(Migration... records) {
        List<Migration> out = new ArrayList<>();
        for (Migration r : records) {
            out.add(Migration.newBuilder(r).setPlanSize(records.length).build());
        }
        return out;
    }

    private static PlanChecker.Result check(List<Migration> plan) {
        return PlanChecker.check(SNAPSHOT, plan, LIMITS, NodeEligibility.chain(NodeEligibility.DEFAULT_FILTERS));
    }

    private static void assertViolation(List<Migration> plan, String expected) {
        List<String> violations = check(plan).violations();
        assertTrue(violations.stream().anyMatch(v -> v.contains(expected)), "expected '" + expected + "' in " + violations);
    }

    private static List<String> podsOn(PlanChecker.Result result, String node) {
        for (NodeState n : result.finalNodes()) {
            if (n.getNodeId().equals(node)) {
                return n.getPods().stream().map(PodAllocation::getPodId).toList();
            }
        }
        throw new AssertionError(node);
    }

    @Test
    void aSafePlanPassesAndItsEndStateIsReplayed() {
        PlanChecker.Result result = check(plan(m(0, "p", "x", "a", "c"), m(1, "q", "y", "b", "a"), m(2, "p", "x", "c", "b")));
        assertEquals(List.of(), result.violations());
        assertEquals(List.of("q"), podsOn(result, "a"));
        assertEquals(List.of("p"), podsOn(result, "b"));
        assertEquals(List.of(), podsOn(result, "c"));
        assertEquals(3, result.waves());
    }

    @Test
    void aSwapInOneWaveOvercommitsBothNodes() {
        // Make before break: q starts on a while p still runs there.
        assertViolation(plan(m(0, "p", "x", "a", "b"), m(0, "q", "y", "b", "a")),
                "step 0: node a overcommitted while its new pods start: cpu 8000 > 4000");
    }

    @Test
    void everyArrivalOfAWaveCountsAtOnce() {
        // w-0 (1 core) fits c alone, and so does p (4 cores), but not both in one wave.
        assertViolation(plan(m(0, "w-0", "wide", "d", "c"), m(0, "p", "x", "a", "c")), "node c overcommitted");
    }

    @Test
    void maxUnavailableIsPerAppPerWave() {
        assertViolation(plan(m(0, "x-1", "x", "d", "e"), m(0, "x-2", "x", "d", "c")),
                "step 0: app x has 2 pods in migration at once, max-unavailable is 1");
        assertEquals(List.of(), check(plan(m(0, "w-0", "wide", "d", "e"), m(0, "w-1", "wide", "d", "c"))).violations());
    }

    @Test
    void budgetsPerRunAndPerApp() {
        PlanChecker.Result result = PlanChecker.check(SNAPSHOT,
                plan(m(0, "w-0", "wide", "d", "e"), m(1, "w-1", "wide", "d", "e"), m(2, "w-2", "wide", "d", "e")),
                new PlanLimits(2, 2, 5, app -> 2), NodeEligibility.chain(NodeEligibility.DEFAULT_FILTERS));
        assertTrue(result.violations().contains("the plan has 3 migrations, the budget is 2"), result.violations().toString());
        assertTrue(result.violations().contains("app wide has 3 migrations, the per-app budget is 2"),
                result.violations().toString());
    }

    @Test
    void thePodMustBeWhereTheStepSays() {
        assertViolation(plan(m(0, "p", "x", "b", "c")), "step 0, pod p: is not on node b when its wave starts");
        assertViolation(plan(m(0, "p", "y", "a", "c")), "belongs to app x, not y");
        assertViolation(plan(m(0, "p", "x", "a", "nowhere")), "target node nowhere is not in the snapshot");
        assertViolation(plan(m(0, "p", "x", "a", "a")), "moves to the node it is on");
        assertViolation(plan(m(0, "p", "x", "a", "c"), m(0, "p", "x", "c", "e")), "moves twice in one wave");
    }

    @Test
    void theFiltersDecideWhereAPodMayGo() {
        assertViolation(plan(m(0, "x-1", "x", "d", "t")), "the filters reject node t");
        assertViolation(plan(m(0, "x-1", "x", "d", "u")), "the filters reject node u");
    }

    @Test
    void planStructure() {
        assertViolation(plan(m(1, "p", "x", "a", "c")), "found 1 where 0 was expected");
        assertViolation(plan(m(1, "p", "x", "a", "c"), m(0, "x-1", "x", "d", "e")), "step 0 comes after step 1");
        List<Migration> wrongSize = List.of(m(0, "p", "x", "a", "c"));
        assertViolation(wrongSize, "planSize 0 but the plan has 1 records");
        List<Migration> twoPlans = new ArrayList<>(plan(m(0, "p", "x", "a", "c"), m(1, "x-1", "x", "d", "e")));
        twoPlans.set(1, Migration.newBuilder(twoPlans.get(1)).setPlanId("other").build());
        assertViolation(twoPlans, "records of 2 plans");
        assertViolation(plan(m(0, "w-0", "wide", "d", "e"), m(1, "w-1", "wide", "d", "e"), m(2, "w-2", "wide", "d", "e"),
                m(3, "x-1", "x", "d", "e"), m(4, "x-2", "x", "d", "e"), m(5, "p", "x", "a", "c")),
                "the plan has 6 waves, the limit is 5");
    }

    @Test
    void anEmptyPlanIsValid() {
        PlanChecker.Result result = check(List.of());
        assertEquals(List.of(), result.violations());
        assertEquals(SNAPSHOT.nodes(), result.finalNodes());
    }
}
