package io.sigmaflow.placement.plugins.nodeselector;

import static io.sigmaflow.placement.testing.Fixtures.detachedCluster;
import static io.sigmaflow.placement.testing.Fixtures.node;
import static io.sigmaflow.placement.testing.Fixtures.nodeWith;
import static io.sigmaflow.placement.testing.Fixtures.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sigmaflow.placement.framework.Rejection;
import io.sigmaflow.placement.index.NodeInfo;
import io.sigmaflow.placement.model.Pod;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class NodeSelectorTest {
    private final NodeSelector plugin = new NodeSelector();

    record Case(String name, Pod pod, NodeInfo node, Rejection expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        var gpuSsd = nodeWith(node("n").label("gpu", "a100").label("disk", "ssd").build());
        return Stream.of(
                new Case("no selector matches any node", pod("p").build(), nodeWith(node("bare").build()), null),
                new Case("every label matches", pod("p").selector("gpu", "a100").selector("disk", "ssd").build(),
                        gpuSsd, null),
                new Case("subset of the node's labels", pod("p").selector("disk", "ssd").build(), gpuSsd, null),
                new Case("wrong value", pod("p").selector("gpu", "h100").build(), gpuSsd, NodeSelector.MISMATCH),
                new Case("missing label", pod("p").selector("zone", "east").build(), gpuSsd, NodeSelector.MISMATCH),
                new Case("one of two labels missing", pod("p").selector("gpu", "a100").selector("rack", "r1").build(),
                        gpuSsd, NodeSelector.MISMATCH));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void filters(Case c) {
        assertEquals(c.expected(), plugin.filter(plugin.prepare(c.pod(), detachedCluster()), c.pod(), c.node()));
    }
}
