package io.sigmaflow.solver.rebalance.domain;

import static io.sigmaflow.solver.rebalance.testing.ClusterFixtures.node;
import static io.sigmaflow.solver.rebalance.testing.ClusterFixtures.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.solver.rebalance.app.RebalanceConfig;
import io.sigmaflow.solver.rebalance.snapshot.ClusterSnapshot;
import io.sigmaflow.solver.rebalance.testing.Solutions;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RebalanceProblemTest {
    private final ClusterSnapshot snapshot = ClusterSnapshot.of(List.of(
            node("n1").at("s1", "c1", "h1").pod(pod("a-0", "a")).pod(pod("moving", "b")).build(),
            node("n2").at("s1", "c1", "h2").pod(pod("a-1", "a")).build(),
            node("n3").at("s2", "c1", "h1").pod(pod("moving", "b")).pod(pod("reservation/a/0", "a")).build()));
    private final RebalanceSolution problem = Solutions.problem(snapshot,
            RebalanceConfig.parse(Map.of("app.max-unavailable.a", "3"), "test"));

    private PodAssignment assignment(String podId, String nodeId) {
        return problem.getAssignments().stream()
                .filter(a -> a.getPodId().equals(podId) && a.getNode().getId().equals(nodeId))
                .findFirst().orElseThrow();
    }

    @Test
    void everyPodStartsWhereItRuns() {
        assertEquals(5, problem.getAssignments().size());
        assertTrue(problem.getAssignments().stream().noneMatch(PodAssignment::isMoved));
        assertEquals(List.of("n1", "n2", "n3"), problem.getNodes().stream().map(ClusterNode::getId).toList());
    }

    @Test
    void domainNamesAreScopedByTheirParent() {
        ClusterNode n1 = problem.getNodes().get(0);
        ClusterNode n2 = problem.getNodes().get(1);
        ClusterNode n3 = problem.getNodes().get(2);
        assertEquals(n1.getCoreSwitch(), n2.getCoreSwitch());
        assertEquals(n1.getChassis(), n2.getChassis());
        assertNotEquals(n1.getHost(), n2.getHost());
        // Chassis c1 and host h1 of switch s2 are other domains than c1 and h1 of s1.
        assertNotEquals(n1.getCoreSwitch(), n3.getCoreSwitch());
        assertNotEquals(n1.getChassis(), n3.getChassis());
        assertNotEquals(n1.getHost(), n3.getHost());
    }

    @Test
    void podsSeenOnTwoNodesAndReservationSlotsArePinned() {
        assertTrue(assignment("moving", "n1").isPinned());
        assertTrue(assignment("moving", "n3").isPinned());
        assertTrue(assignment("reservation/a/0", "n3").isPinned());
        assertFalse(assignment("a-0", "n1").isPinned());
    }

    @Test
    void appsCountEveryCopyAndTakeTheirMaxUnavailableFromTheConfig() {
        Map<String, App> apps = problem.getApps().stream().collect(Collectors.toMap(App::getId, a -> a));
        assertEquals(2, apps.get("a").getPodCount(), "a's slot runs nothing: it spreads in a group of its own");
        assertEquals(1, apps.get("a" + RebalanceProblem.RESERVED).getPodCount());
        assertEquals(3, apps.get("a").getMaxUnavailable());
        assertEquals(2, apps.get("b").getPodCount());
        assertEquals(1, apps.get("b").getMaxUnavailable());
    }
}
