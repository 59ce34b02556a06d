package io.sigmaflow.placement.plugins.nodeschedulable;

import static io.sigmaflow.placement.testing.Fixtures.detachedCluster;
import static io.sigmaflow.placement.testing.Fixtures.node;
import static io.sigmaflow.placement.testing.Fixtures.nodeWith;
import static io.sigmaflow.placement.testing.Fixtures.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.placement.framework.Rejection;
import io.sigmaflow.placement.index.ClusterIndex;
import io.sigmaflow.placement.model.NodeCondition;
import io.sigmaflow.placement.model.TopologyLevels;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class NodeSchedulableTest {
    private final NodeSchedulable plugin = new NodeSchedulable();

    record Case(NodeCondition condition, Rejection expected) {}

    static Stream<Case> cases() {
        return Stream.of(
                new Case(NodeCondition.SCHEDULABLE, null),
                new Case(NodeCondition.UNSCHEDULABLE, NodeSchedulable.UNSCHEDULABLE),
                new Case(NodeCondition.DRAINING, NodeSchedulable.DRAINING),
                new Case(NodeCondition.REMOVED, NodeSchedulable.REMOVED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void onlySchedulableNodesPass(Case c) {
        var p = pod("p").build();
        var n = nodeWith(node("n").condition(c.condition()).build());
        assertEquals(c.expected(), plugin.filter(plugin.prepare(p, detachedCluster()), p, n));
    }

    @Test
    void domainWithoutSchedulableNodesIsRuledOut() {
        ClusterIndex index = new ClusterIndex(TopologyLevels.DEFAULT);
        index.upsertNode(node("a").condition(NodeCondition.DRAINING).build());
        assertFalse(plugin.mayPassIn(null, pod("p").build(), index.root()));
        index.upsertNode(node("b").build());
        assertTrue(plugin.mayPassIn(null, pod("p").build(), index.root()));
        assertEquals(1, index.root().schedulableNodes());
    }
}
