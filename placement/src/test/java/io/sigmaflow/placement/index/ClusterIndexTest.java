package io.sigmaflow.placement.index;

import static io.sigmaflow.placement.testing.Fixtures.node;
import static io.sigmaflow.placement.testing.Fixtures.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.placement.model.NodeCondition;
import io.sigmaflow.placement.model.TopologyLevels;
import io.sigmaflow.placement.testing.IndexAudit;
import io.sigmaflow.schema.TopologyLevel;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterIndexTest {

    private static List<String> names(List<Domain> domains) {
        return domains.stream().map(Domain::name).toList();
    }

    @Test
    void buildsANameOrderedTreeWithExactSummaries() {
        ClusterIndex index = new ClusterIndex(TopologyLevels.DEFAULT);
        index.upsertNode(node("b1").coreSwitch("s2").chassis("c1").cpu(4000).memory(100).build());
        index.upsertNode(node("a1").coreSwitch("s1").chassis("c1").cpu(1000).memory(900).build());
        index.upsertNode(node("a2").coreSwitch("s1").chassis("c1").cpu(2000).memory(50).build());
        assertEquals(List.of("s1", "s2"), names(index.root().children()));
        Domain s1 = index.root().children().get(0);
        assertEquals(2000, s1.maxFreeCpu());
        assertEquals(900, s1.maxFreeMemory());
        assertEquals(3000, s1.freeCpu());

        index.bind(pod("p").cpu(1500).memory(10).build(), index.node("a2"));
        assertEquals(1000, s1.maxFreeCpu(), "a1 now has the most free cpu in s1");
        assertEquals(1500, s1.freeCpu());
        assertEquals(4000, index.root().maxFreeCpu());
        assertTrue(IndexAudit.problems(index).isEmpty());
    }

    @Test
    void topologyChangeMovesTheAppCounts() {
        ClusterIndex index = new ClusterIndex(TopologyLevels.DEFAULT);
        NodeInfo n = index.upsertNode(node("n").coreSwitch("s1").chassis("c1").build());
        index.bind(pod("p").app("web").build(), n);
        index.upsertNode(node("n").coreSwitch("s2").chassis("c9").build());
        assertEquals(1, index.spread("web").podsIn(n.domainId(0)));
        assertEquals(1, index.spread("web").podsIn(n.domainId(1)));
        assertEquals(List.of("s2"), names(index.root().children()), "s1 is gone");
        assertEquals(List.of("c9"), names(index.root().children().get(0).children()));
        assertTrue(IndexAudit.problems(index).isEmpty());
    }

    @Test
    void removingANodeReturnsItsPodsAndPrunesEmptyDomains() {
        ClusterIndex index = new ClusterIndex(TopologyLevels.DEFAULT);
        index.upsertNode(node("keep").coreSwitch("s1").build());
        NodeInfo gone = index.upsertNode(node("gone").coreSwitch("s2").build());
        index.bind(pod("p1").build(), gone);
        index.bind(pod("p2").build(), gone);
        long epoch = index.capacityEpoch();
        assertEquals(List.of("p1", "p2"), index.removeNode("gone").stream().map(p -> p.id()).toList());
        assertNull(index.nodeOf("p1"));
        assertEquals(List.of("s1"), names(index.root().children()));
        assertEquals(0, index.spread("app").totalPods());
        assertTrue(index.capacityEpoch() > epoch);
        assertTrue(IndexAudit.problems(index).isEmpty());
        // A new domain may reuse the freed id; it starts with no pods counted.
        NodeInfo fresh = index.upsertNode(node("fresh").coreSwitch("s3").build());
        assertEquals(0, index.spread("app").podsIn(fresh.domainId(0)));
    }

    @Test
    void refusesDoubleBindsOvercommitAndRemovedNodes() {
        ClusterIndex index = new ClusterIndex(TopologyLevels.DEFAULT);
        NodeInfo a = index.upsertNode(node("a").cpu(1000).build());
        NodeInfo b = index.upsertNode(node("b").cpu(1000).build());
        index.bind(pod("p").cpu(600).build(), a);
        assertThrows(IllegalStateException.class, () -> index.bind(pod("p").cpu(1).build(), b));
        assertThrows(IllegalStateException.class, () -> index.bind(pod("q").cpu(401).build(), a));
        assertThrows(IllegalArgumentException.class,
                () -> index.upsertNode(node("a").condition(NodeCondition.REMOVED).build()));
        NodeInfo outsider = NodeInfo.detached(node("x").build(), List.of());
        assertThrows(IllegalArgumentException.class, () -> index.bind(pod("r").build(), outsider));
        assertEquals(600, a.requestedCpu());
    }

    @Test
    void capacityCutKeepsPodsAndShowsTheOvercommit() {
        ClusterIndex index = new ClusterIndex(TopologyLevels.DEFAULT);
        NodeInfo a = index.upsertNode(node("a").cpu(1000).build());
        index.bind(pod("p").cpu(800).build(), a);
        index.upsertNode(node("a").cpu(500).build());
        assertTrue(a.isOvercommitted());
        assertEquals(-300, index.root().maxFreeCpu());
    }

    @Test
    void zoneLevelAndHostsSharingAName() {
        ClusterIndex index = new ClusterIndex(TopologyLevels.of(TopologyLevel.ZONE, TopologyLevel.CORE_SWITCH,
                TopologyLevel.HOST));
        index.upsertNode(node("n1").zone("east").host("box").build());
        index.upsertNode(node("n2").zone("east").host("box").build());
        index.upsertNode(node("n3").zone("west").build());
        assertEquals(List.of("east", "west"), names(index.root().children()));
        Domain box = index.root().children().get(0).children().get(0).children().get(0);
        assertEquals(2, box.memberCount(), "two nodes in one host domain");
        assertTrue(IndexAudit.problems(index).isEmpty());
    }
}
