package io.sigmaflow.placement.placer;

import static io.sigmaflow.placement.testing.Fixtures.placer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.placement.synthetic.SyntheticCluster;
import io.sigmaflow.placement.synthetic.SyntheticWorkload;
import io.sigmaflow.placement.model.Node;
import io.sigmaflow.placement.model.Pod;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** docs/design.md invariant 6: the same input gives the same placements. */
class DeterminismTest {

    private static List<String> run(List<Node> nodes, List<Pod> pods) {
        Placer placer = placer(nodes);
        List<String> outcome = new ArrayList<>();
        for (Pod p : pods) {
            PlacementDecision d = placer.place(p);
            outcome.add(p.id() + "->" + (d.isBound() ? d.nodeId() : "pending"));
        }
        return outcome;
    }

    @Test
    void sameInputSamePlacementsWhateverTheOrderNodesArrivedIn() {
        List<Node> nodes = SyntheticCluster.generate(300, 10, 5, 7);
        List<Pod> pods = SyntheticWorkload.generate(6000, 7).pods();
        List<String> first = run(nodes, pods);
        assertEquals(first, run(nodes, pods));

        List<Node> shuffled = new ArrayList<>(nodes);
        Collections.shuffle(shuffled, new Random(42));
        assertEquals(first, run(shuffled, pods), "the index orders nodes and domains by name, not arrival");
        assertTrue(first.stream().anyMatch(s -> !s.endsWith("pending")));
    }

    @Test
    void generatorsAreSeeded() {
        assertEquals(SyntheticCluster.generate(50, 5, 2, 3), SyntheticCluster.generate(50, 5, 2, 3));
        assertEquals(SyntheticWorkload.generate(500, 3).pods(), SyntheticWorkload.generate(500, 3).pods());
        assertTrue(!SyntheticWorkload.generate(500, 3).pods().equals(SyntheticWorkload.generate(500, 4).pods()));
    }
}
