package io.sigmaflow.placement.plugins.noderesources;

import static io.sigmaflow.placement.testing.Fixtures.detachedCluster;
import static io.sigmaflow.placement.testing.Fixtures.node;
import static io.sigmaflow.placement.testing.Fixtures.nodeWith;
import static io.sigmaflow.placement.testing.Fixtures.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.placement.framework.InvalidConfigException;
import io.sigmaflow.placement.framework.PluginArgs;
import io.sigmaflow.placement.index.NodeInfo;
import io.sigmaflow.placement.model.Pod;
import io.sigmaflow.placement.plugins.noderesources.NodeResourcesAllocated.Strategy;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class NodeResourcesAllocatedTest {

    record Case(String name, Strategy strategy, double cpuWeight, double memoryWeight, Pod pod, NodeInfo node,
                double expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        var n = node("n").cpu(1000).memory(1000).build();
        Pod quarter = pod("p").cpu(250).memory(250).build();
        return Stream.of(
                new Case("least: empty node, quarter pod", Strategy.LEAST_ALLOCATED, 1, 1, quarter, nodeWith(n), 75),
                new Case("least: half used, quarter pod", Strategy.LEAST_ALLOCATED, 1, 1, quarter,
                        nodeWith(n, pod("a").cpu(500).memory(500).build()), 25),
                new Case("most: half used, quarter pod", Strategy.MOST_ALLOCATED, 1, 1, quarter,
                        nodeWith(n, pod("a").cpu(500).memory(500).build()), 75),
                new Case("least: cpu weighted 3:1", Strategy.LEAST_ALLOCATED, 3, 1, pod("p").cpu(1000).memory(0).build(),
                        nodeWith(n), 25),
                new Case("most: a node without memory scores only its cpu", Strategy.MOST_ALLOCATED, 1, 1,
                        pod("p").cpu(500).memory(0).build(), nodeWith(node("m").cpu(1000).memory(0).build()), 25),
                new Case("least: overfull ratios are clamped", Strategy.LEAST_ALLOCATED, 1, 1,
                        pod("p").cpu(2000).memory(2000).build(), nodeWith(n), 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void scores(Case c) {
        var plugin = new NodeResourcesAllocated(c.strategy(), c.cpuWeight(), c.memoryWeight());
        assertEquals(c.expected(), plugin.score(plugin.prepare(c.pod(), detachedCluster()), c.pod(), c.node()), 1e-9);
    }

    @Test
    void hintsFollowTheStrategyWithoutThePod() {
        var least = new NodeResourcesAllocated(Strategy.LEAST_ALLOCATED, 1, 1);
        var most = new NodeResourcesAllocated(Strategy.MOST_ALLOCATED, 1, 1);
        NodeInfo emptier = nodeWith(node("a").cpu(1000).memory(1000).build(), pod("x").cpu(100).memory(100).build());
        NodeInfo fuller = nodeWith(node("b").cpu(1000).memory(1000).build(), pod("y").cpu(800).memory(800).build());
        assertEquals(90, least.nodeHint(emptier), 1e-9);
        assertTrue(least.nodeHint(emptier) > least.nodeHint(fuller));
        assertTrue(most.nodeHint(fuller) > most.nodeHint(emptier));
    }

    @Test
    void argumentsComeFromConfiguration() {
        var plugin = NodeResourcesAllocated.create(new PluginArgs(NodeResourcesAllocated.NAME,
                Map.of("NodeResourcesAllocated.strategy", "Most-Allocated")));
        assertEquals(Strategy.MOST_ALLOCATED, plugin.strategy());
        var e = assertThrows(InvalidConfigException.class, () -> NodeResourcesAllocated.create(new PluginArgs(
                NodeResourcesAllocated.NAME, Map.of("NodeResourcesAllocated.strategy", "random"))));
        assertEquals("NodeResourcesAllocated.strategy", e.key());
        e = assertThrows(InvalidConfigException.class, () -> NodeResourcesAllocated.create(new PluginArgs(
                NodeResourcesAllocated.NAME, Map.of("NodeResourcesAllocated.cpuWeight", "-1"))));
        assertEquals("NodeResourcesAllocated.cpuWeight", e.key());
    }
}
