package io.sigmaflow.placement.plugins.noderesources;

import static io.sigmaflow.placement.testing.Fixtures.detachedCluster;
import static io.sigmaflow.placement.testing.Fixtures.node;
import static io.sigmaflow.placement.testing.Fixtures.nodeWith;
import static io.sigmaflow.placement.testing.Fixtures.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sigmaflow.placement.framework.Rejection;
import io.sigmaflow.placement.index.ClusterIndex;
import io.sigmaflow.placement.index.NodeInfo;
import io.sigmaflow.placement.model.Pod;
import io.sigmaflow.placement.model.ResourceVector;
import io.sigmaflow.placement.model.TopologyLevels;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class NodeResourcesFitTest {
    private final NodeResourcesFit fit = new NodeResourcesFit();

    record Case(String name, Pod pod, NodeInfo node, Rejection expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        var n = node("n").cpu(1000).memory(2000).disk(100).build();
        return Stream.of(
                new Case("empty node, small pod", pod("p").cpu(500).memory(500).build(), nodeWith(n), null),
                new Case("exact fit", pod("p").cpu(1000).memory(2000).disk(100).build(), nodeWith(n), null),
                new Case("zero request always fits", pod("p").cpu(0).memory(0).build(),
                        nodeWith(n, pod("a").cpu(1000).memory(2000).build()), null),
                new Case("cpu short by one", pod("p").cpu(501).memory(1).build(),
                        nodeWith(n, pod("a").cpu(500).memory(1).build()), NodeResourcesFit.INSUFFICIENT_CPU),
                new Case("memory short", pod("p").cpu(1).memory(1500).build(),
                        nodeWith(n, pod("a").cpu(1).memory(600).build()), NodeResourcesFit.INSUFFICIENT_MEMORY),
                new Case("disk short", pod("p").cpu(1).memory(1).disk(101).build(), nodeWith(n),
                        NodeResourcesFit.INSUFFICIENT_DISK),
                new Case("cpu is reported before memory", pod("p").cpu(2000).memory(5000).build(), nodeWith(n),
                        NodeResourcesFit.INSUFFICIENT_CPU));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void filters(Case c) {
        assertEquals(c.expected(), fit.filter(fit.prepare(c.pod(), detachedCluster()), c.pod(), c.node()));
    }

    record DomainCase(String name, Pod pod, boolean mayPass) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<DomainCase> domainCases() {
        return Stream.of(
                new DomainCase("fits the roomiest node", pod("p").cpu(800).memory(300).build(), true),
                new DomainCase("more cpu than any node has free", pod("p").cpu(801).memory(1).build(), false),
                new DomainCase("more memory than any node has free", pod("p").cpu(1).memory(1601).build(), false),
                // cpu room on one node, memory room on the other: the summary cannot tell, so it lets it through
                new DomainCase("max cpu and max memory on different nodes", pod("p").cpu(800).memory(1600).build(), true));
    }

    /** Domain summaries: a chassis with one cpu-free and one memory-free node. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("domainCases")
    void prunesDomainsBySummary(DomainCase c) {
        ClusterIndex index = new ClusterIndex(TopologyLevels.DEFAULT);
        NodeInfo a = index.upsertNode(node("a").cpu(1000).memory(2000).build());
        NodeInfo b = index.upsertNode(node("b").cpu(1000).memory(2000).build());
        index.bind(pod("x").cpu(200).memory(1900).build(), a); // a: 800 cpu, 100 mem free
        index.bind(pod("y").cpu(900).memory(400).build(), b); // b: 100 cpu, 1600 mem free
        assertEquals(new ResourceVector(2000, 4000, 2000).cpuMillis(), index.root().allocatableCpu());
        assertEquals(c.mayPass(), fit.mayPassIn(c.pod().requests(), c.pod(), index.root()));
    }
}
