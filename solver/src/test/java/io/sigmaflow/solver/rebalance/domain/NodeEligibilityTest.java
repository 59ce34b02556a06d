package io.sigmaflow.solver.rebalance.domain;

import static io.sigmaflow.solver.rebalance.testing.ClusterFixtures.node;
import static io.sigmaflow.solver.rebalance.testing.ClusterFixtures.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.placement.framework.InvalidConfigException;
import io.sigmaflow.schema.NodeState;
import io.sigmaflow.schema.PodAllocation;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Node eligibility is the placement job's filter chain, with the pod's constraints inferred from its node. */
class NodeEligibilityTest {
    private final PodAllocation pod = pod("p", "x").build();
    private final NodeState plain = node("plain").label("pool", "web").build();
    private final NodeState plainToo = node("plain-too").label("pool", "web").label("zone-hint", "east").build();
    private final NodeState otherPool = node("other-pool").label("pool", "batch").build();
    private final NodeState unlabelled = node("unlabelled").build();
    private final NodeState tainted = node("tainted").label("pool", "web").taint("dedicated", "db").build();
    private final NodeState taintedToo = node("tainted-too").label("pool", "web").taint("dedicated", "db").build();
    private final NodeState cordoned = node("cordoned").label("pool", "web").unschedulable().build();
    private final List<NodeState> nodes = List.of(plain, plainToo, otherPool, unlabelled, tainted, taintedToo, cordoned);
    private final NodeEligibility eligibility = NodeEligibility.of(NodeEligibility.DEFAULT_FILTERS, nodes);

    private static String ids(BitSet set, List<NodeState> nodes) {
        return set.stream().mapToObj(i -> nodes.get(i).getNodeId()).toList().toString();
    }

    @Test
    void aPodMovesOnlyToNodesWithItsNodesLabelsAndNoOtherTaint() {
        assertEquals("[plain, plain-too]", ids(eligibility.eligibleNodes(pod, plain), nodes));
    }

    @Test
    void aPodOnATaintedNodeToleratesExactlyThatTaint() {
        assertEquals("[plain, plain-too, tainted, tainted-too]", ids(eligibility.eligibleNodes(pod, tainted), nodes));
    }

    @Test
    void aPodWithoutLabelsMayGoToAnyUntaintedSchedulableNode() {
        assertEquals("[plain, plain-too, other-pool, unlabelled]", ids(eligibility.eligibleNodes(pod, unlabelled), nodes));
    }

    @Test
    void podsOnNodesWithTheSameLabelsAndTaintsShareOneAnswer() {
        assertSame(eligibility.eligibleNodes(pod, tainted), eligibility.eligibleNodes(pod("q", "y").build(), taintedToo));
    }

    @Test
    void theOneOffCheckAgreesWithTheCachedSets() {
        for (NodeState from : nodes) {
            BitSet cached = eligibility.eligibleNodes(pod, from);
            for (int i = 0; i < nodes.size(); i++) {
                assertEquals(cached.get(i), NodeEligibility.allows(NodeEligibility.chain(NodeEligibility.DEFAULT_FILTERS),
                        pod, from, nodes.get(i)), from.getNodeId() + " -> " + nodes.get(i).getNodeId());
            }
        }
        assertFalse(NodeEligibility.allows(NodeEligibility.chain(NodeEligibility.DEFAULT_FILTERS), pod, plain, cordoned));
        assertTrue(NodeEligibility.allows(NodeEligibility.chain("NodeSelector"), pod, plain, cordoned),
                "without NodeSchedulable in the chain, a cordoned node is eligible");
    }

    @Test
    void theChainIsConfiguredByPluginNameAndCapacityIsNotAFilterHere() {
        InvalidConfigException unknown = assertThrows(InvalidConfigException.class, () -> NodeEligibility.chain("NodeSchedulable,Nope"));
        assertEquals("eligibility.filters", unknown.key());
        assertTrue(unknown.getMessage().contains("Nope"), unknown.getMessage());
        InvalidConfigException capacity = assertThrows(InvalidConfigException.class,
                () -> NodeEligibility.chain("NodeSchedulable,NodeResourcesFit"));
        assertTrue(capacity.getMessage().contains("capacity is a hard constraint of its own"), capacity.getMessage());
    }
}
