package io.sigmaflow.placement.placer;

import static io.sigmaflow.placement.testing.Fixtures.node;
import static io.sigmaflow.placement.testing.Fixtures.placer;
import static io.sigmaflow.placement.testing.Fixtures.pod;
import static io.sigmaflow.placement.testing.Fixtures.topology;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.placement.model.Pod;
import io.sigmaflow.placement.testing.DispersionOracle;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScaleDownTest {

    @Test
    void removalKeepsEveryLevelBalanced() {
        Placer placer = placer(topology(3, 2, 4, 64_000, 64_000));
        for (int i = 0; i < 30; i++) {
            placer.place(pod(String.format("web-%02d", i)).app("web").build());
        }
        for (int remaining = 29; remaining >= 1; remaining--) {
            List<Pod> removed = placer.scaleDown("web", 1);
            assertEquals(1, removed.size());
            for (int level = 0; level < 3; level++) {
                List<Integer> counts = DispersionOracle.countsPerDomain(placer.index(), "web", level);
                assertTrue(Collections.max(counts) - Collections.min(counts) <= 1,
                        remaining + " left, level " + level + ": " + counts);
            }
        }
        assertEquals(1, placer.index().spread("web").totalPods());
    }

    @Test
    void picksTheLowestPriorityThenNewestPodOnTheFullestNode() {
        Placer placer = placer(List.of(node("a").build(), node("b").build()));
        placer.commit(pod("w1").app("w").priority(5).build(), "a");
        placer.commit(pod("w2").app("w").priority(1).build(), "a");
        placer.commit(pod("w3").app("w").priority(1).build(), "a");
        placer.commit(pod("w4").app("w").priority(0).build(), "b");
        assertEquals("w3", placer.scaleDownVictim("w").orElseThrow().id(),
                "a holds more pods of w; there the lowest priority, newest id");
        assertTrue(placer.scaleDownVictim("nobody").isEmpty());
        assertEquals(List.of("w3", "w2", "w4", "w1"),
                placer.scaleDown("w", 10).stream().map(Pod::id).toList());
    }
}
