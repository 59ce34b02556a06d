package io.sigmaflow.placement.plugins.dedicatedcores;

import static io.sigmaflow.placement.testing.Fixtures.detachedCluster;
import static io.sigmaflow.placement.testing.Fixtures.node;
import static io.sigmaflow.placement.testing.Fixtures.nodeWith;
import static io.sigmaflow.placement.testing.Fixtures.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sigmaflow.placement.framework.Rejection;
import io.sigmaflow.placement.index.NodeInfo;
import io.sigmaflow.placement.model.Pod;
import io.sigmaflow.schema.QosClass;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DedicatedCoresTest {
    private final DedicatedCores plugin = new DedicatedCores();

    record Case(String name, Pod pod, NodeInfo node, Rejection expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        var undeclared = nodeWith(node("bare").build());
        var cannot = nodeWith(node("v2").label(DedicatedCores.CAPABLE, "false").label(DedicatedCores.DEDICATABLE, "0").build());
        var three = nodeWith(node("big").label(DedicatedCores.CAPABLE, "true").label(DedicatedCores.DEDICATABLE, "3").build());
        var garbled = nodeWith(node("odd").label(DedicatedCores.DEDICATABLE, "many").build());
        Pod lsr2 = pod("p").qos(QosClass.LSR).cpu(2000).build();
        return Stream.of(
                new Case("an LSR pod on a node that declares nothing", lsr2, undeclared, null),
                new Case("an LSR pod on a host that cannot dedicate", lsr2, cannot, DedicatedCores.CANNOT),
                new Case("an LSR pod within what the host may dedicate", lsr2, three, null),
                new Case("an LSR pod over what the host may dedicate", pod("p").qos(QosClass.LSR).cpu(4000).build(),
                        three, DedicatedCores.TOO_FEW),
                new Case("an unreadable count promises nothing", lsr2, garbled, DedicatedCores.CANNOT),
                new Case("a fraction of a core needs no dedication", pod("p").qos(QosClass.LSR).cpu(1500).build(),
                        cannot, null),
                new Case("an LS pod shares the pool", pod("p").qos(QosClass.LS).cpu(2000).build(), cannot, null),
                new Case("a BE pod shares the pool", pod("p").qos(QosClass.BE).cpu(2000).build(), cannot, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void filters(Case c) {
        assertEquals(c.expected(), plugin.filter(plugin.prepare(c.pod(), detachedCluster()), c.pod(), c.node()));
    }
}
