package io.sigmaflow.placement.plugins.noderesources;

import static io.sigmaflow.placement.testing.Fixtures.detachedCluster;
import static io.sigmaflow.placement.testing.Fixtures.node;
import static io.sigmaflow.placement.testing.Fixtures.nodeWith;
import static io.sigmaflow.placement.testing.Fixtures.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sigmaflow.placement.index.NodeInfo;
import io.sigmaflow.placement.model.Pod;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BalancedAllocationTest {
    private final BalancedAllocation balanced = new BalancedAllocation();

    record Case(String name, Pod pod, NodeInfo node, double expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        var n = node("n").cpu(1000).memory(1000).build();
        return Stream.of(
                new Case("same fraction of both", pod("p").cpu(300).memory(300).build(), nodeWith(n), 100),
                new Case("cpu only, half the node", pod("p").cpu(500).memory(0).build(), nodeWith(n), 75),
                new Case("evens out a memory-heavy node", pod("p").cpu(600).memory(0).build(),
                        nodeWith(n, pod("a").cpu(0).memory(600).build()), 100),
                new Case("fills cpu on a memory-free node", pod("p").cpu(1000).memory(0).build(), nodeWith(n), 50));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void scores(Case c) {
        assertEquals(c.expected(), balanced.score(balanced.prepare(c.pod(), detachedCluster()), c.pod(), c.node()), 1e-9);
    }
}
