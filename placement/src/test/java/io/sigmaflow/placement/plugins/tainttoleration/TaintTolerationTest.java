package io.sigmaflow.placement.plugins.tainttoleration;

import static io.sigmaflow.placement.testing.Fixtures.detachedCluster;
import static io.sigmaflow.placement.testing.Fixtures.node;
import static io.sigmaflow.placement.testing.Fixtures.nodeWith;
import static io.sigmaflow.placement.testing.Fixtures.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sigmaflow.placement.framework.Rejection;
import io.sigmaflow.placement.index.NodeInfo;
import io.sigmaflow.placement.model.Pod;
import io.sigmaflow.schema.TaintEffect;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TaintTolerationTest {
    private final TaintToleration plugin = new TaintToleration();

    record Case(String name, Pod pod, NodeInfo node, Rejection expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        var dedicated = nodeWith(node("n").taint("dedicated", "db", TaintEffect.NO_SCHEDULE).build());
        var evicting = nodeWith(node("n").taint("broken", null, TaintEffect.NO_EXECUTE).build());
        var preferNot = nodeWith(node("n").taint("spot", "yes", TaintEffect.PREFER_NO_SCHEDULE).build());
        return Stream.of(
                new Case("untainted node", pod("p").build(), nodeWith(node("n").build()), null),
                new Case("NO_SCHEDULE not tolerated", pod("p").build(), dedicated, TaintToleration.UNTOLERATED),
                new Case("exact toleration", pod("p").tolerates("dedicated", "db", TaintEffect.NO_SCHEDULE).build(),
                        dedicated, null),
                new Case("any value, any effect", pod("p").tolerates("dedicated", null, null).build(), dedicated, null),
                new Case("other value", pod("p").tolerates("dedicated", "web", null).build(), dedicated,
                        TaintToleration.UNTOLERATED),
                new Case("other effect", pod("p").tolerates("dedicated", "db", TaintEffect.NO_EXECUTE).build(),
                        dedicated, TaintToleration.UNTOLERATED),
                new Case("NO_EXECUTE not tolerated", pod("p").build(), evicting, TaintToleration.UNTOLERATED),
                new Case("PREFER_NO_SCHEDULE never rejects", pod("p").build(), preferNot, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void filters(Case c) {
        assertEquals(c.expected(), plugin.filter(plugin.prepare(c.pod(), detachedCluster()), c.pod(), c.node()));
    }
}
