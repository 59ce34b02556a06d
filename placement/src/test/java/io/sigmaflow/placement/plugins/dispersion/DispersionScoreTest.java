package io.sigmaflow.placement.plugins.dispersion;

import static io.sigmaflow.placement.testing.Fixtures.node;
import static io.sigmaflow.placement.testing.Fixtures.pod;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.placement.index.ClusterIndex;
import io.sigmaflow.placement.index.Domain;
import io.sigmaflow.placement.index.NodeInfo;
import io.sigmaflow.placement.model.Pod;
import io.sigmaflow.placement.model.TopologyLevels;
import io.sigmaflow.schema.TopologyLevel;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DispersionScoreTest {
    private final DispersionScore dispersion = new DispersionScore();
    private ClusterIndex index;

    /** Two switches; s0 has chassis c0 (hosts a, b) and c1 (host c); s1 has chassis c0 (host d). */
    @BeforeEach
    void cluster() {
        index = new ClusterIndex(TopologyLevels.DEFAULT);
        index.upsertNode(node("a").coreSwitch("s0").chassis("c0").cpu(10_000).build());
        index.upsertNode(node("b").coreSwitch("s0").chassis("c0").cpu(10_000).build());
        index.upsertNode(node("c").coreSwitch("s0").chassis("c1").cpu(10_000).build());
        index.upsertNode(node("d").coreSwitch("s1").chassis("c0").cpu(10_000).build());
        // web: two pods on a, one on c; db: one on d
        index.bind(pod("w1").app("web").build(), index.node("a"));
        index.bind(pod("w2").app("web").build(), index.node("a"));
        index.bind(pod("w3").app("web").build(), index.node("c"));
        index.bind(pod("d1").app("db").build(), index.node("d"));
    }

    private Domain domain(String... path) {
        Domain d = index.root();
        for (String name : path) {
            Domain next = null;
            for (Domain child : d.children()) {
                if (child.name().equals(name)) {
                    next = child;
                }
            }
            d = next;
        }
        return d;
    }

    record RankCase(String name, Pod pod, String[] path, long expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<RankCase> rankCases() {
        Pod web = pod("w").app("web").build();
        return Stream.of(
                new RankCase("switch with three pods of the app", web, new String[] {"s0"}, 3),
                new RankCase("switch with none", web, new String[] {"s1"}, 0),
                new RankCase("chassis", web, new String[] {"s0", "c0"}, 2),
                new RankCase("host", web, new String[] {"s0", "c0", "a"}, 2),
                new RankCase("chassis names are scoped by switch", web, new String[] {"s1", "c0"}, 0),
                new RankCase("other app", pod("x").app("db").build(), new String[] {"s1"}, 1),
                new RankCase("level not spread over ranks 0",
                        pod("w").app("web").spreadOver(TopologyLevel.HOST).build(), new String[] {"s0"}, 0),
                new RankCase("no spreading ranks 0", pod("w").app("web").noSpread().build(), new String[] {"s0", "c0"}, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rankCases")
    void ranksByPodsOfTheApp(RankCase c) {
        var state = dispersion.prepare(c.pod(), index);
        assertEquals(c.expected(), dispersion.rank(state, c.pod(), domain(c.path())));
    }

    @Test
    void scoresWeightedCountsAndNormalizesFewestTo100() {
        Pod web = pod("w").app("web").build();
        var state = dispersion.prepare(web, index);
        NodeInfo[] nodes = {index.node("a"), index.node("b"), index.node("c"), index.node("d")};
        double[] raw = new double[4];
        for (int i = 0; i < 4; i++) {
            raw[i] = dispersion.score(state, web, nodes[i]);
        }
        // a: switch 3 + chassis 2 + host 2; b: 3 + 2 + 0; c: 3 + 1 + 1; d: 0
        assertArrayEquals(new double[] {7, 5, 5, 0}, raw);
        dispersion.normalize(state, web, raw, 4);
        assertArrayEquals(new double[] {0, 100 * 2 / 7.0, 100 * 2 / 7.0, 100}, raw, 1e-9);

        double[] equal = {4, 4};
        dispersion.normalize(state, web, equal, 2);
        assertArrayEquals(new double[] {100, 100}, equal);
    }

    @Test
    void knowsWhenChildrenRankEqually() {
        Pod web = pod("w").app("web").build();
        var state = dispersion.prepare(web, index);
        assertFalse(dispersion.ranksChildrenEqually(state, web, index.root()));
        assertTrue(dispersion.ranksChildrenEqually(state, web, domain("s1")), "no web pod under s1");
        assertFalse(dispersion.ranksChildrenEqually(state, web, domain("s0")));
        Pod fresh = pod("n").app("new").build();
        assertTrue(dispersion.ranksChildrenEqually(dispersion.prepare(fresh, index), fresh, index.root()));
    }
}
