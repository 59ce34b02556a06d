package io.sigmaflow.cli.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.placement.model.Node;
import io.sigmaflow.placement.model.Pod;
import io.sigmaflow.placement.model.TopologyLevels;
import io.sigmaflow.placement.placer.PlacementConfig;
import io.sigmaflow.placement.placer.PlacementDecision;
import io.sigmaflow.placement.placer.Placer;
import io.sigmaflow.placement.synthetic.SyntheticCluster;
import io.sigmaflow.placement.synthetic.SyntheticWorkload;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecountCheckerTest {

    /** Two switches x two chassis x two hosts, 1000 cpu / 1000 memory each. */
    private static List<NodeRow> nodes() {
        List<NodeRow> rows = new ArrayList<>();
        for (String s : List.of("s0", "s1")) {
            for (String c : List.of("c0", "c1")) {
                for (String h : List.of("h0", "h1")) {
                    rows.add(new NodeRow(s + c + h, s, c, 1000, 1000));
                }
            }
        }
        return rows;
    }

    private static PlacementRow row(String pod, String node, long cpu, long order) {
        return new PlacementRow(pod, "app", node, cpu, 10, order);
    }

    @Test
    void agreesWithThePlacerOnAGeneratedRun() {
        List<Node> nodes = SyntheticCluster.generate(100, 5, 4, 5);
        List<Pod> pods = SyntheticWorkload.generate(5_000, 5).pods();
        Placer placer = new Placer(PlacementConfig.parse(Map.of("preemption", "false")).profile(), TopologyLevels.DEFAULT);
        nodes.forEach(placer::upsertNode);
        List<PlacementRow> rows = new ArrayList<>();
        for (Pod p : pods) {
            PlacementDecision d = placer.place(p);
            if (d.isBound()) {
                rows.add(new PlacementRow(p.id(), p.appId(), d.nodeId(), p.requests().cpuMillis(),
                        p.requests().memoryMb(), rows.size() + 1));
            }
        }
        assertTrue(rows.size() < pods.size(), "the run fills the cluster, so the checker sees full domains: "
                + rows.size() + " of " + pods.size());
        RecountChecker.Recount r = RecountChecker.check(CoreOnlyBench.nodeRows(nodes), rows);
        assertEquals(rows.size(), r.placements());
        assertEquals(0, r.overcommittedNodes());
        assertEquals(0, r.avoidableColocations());
        assertTrue(r.clean());
    }

    @Test
    void catchesAnAvoidableColocationAtEachLevel() {
        // Second pod into the same switch while the other switch is empty.
        var sw = RecountChecker.check(nodes(), List.of(row("a", "s0c0h0", 100, 1), row("b", "s0c1h0", 100, 2)));
        assertArrayEquals(new int[] {1, 0, 0}, sw.avoidableByLevel());
        // Same switch is right (third pod), but the same chassis while its sibling chassis is empty.
        var ch = RecountChecker.check(nodes(), List.of(row("a", "s0c0h0", 100, 1), row("b", "s1c0h0", 100, 2),
                row("c", "s0c0h1", 100, 3)));
        assertArrayEquals(new int[] {0, 1, 0}, ch.avoidableByLevel());
        // Same host while the sibling host has room.
        var host = RecountChecker.check(nodes(), List.of(row("a", "s0c0h0", 100, 1), row("b", "s1c0h0", 100, 2),
                row("c", "s0c1h0", 100, 3), row("d", "s1c1h0", 100, 4), row("e", "s0c0h0", 100, 5)));
        assertArrayEquals(new int[] {0, 0, 1}, host.avoidableByLevel());
        assertEquals(1, host.avoidableColocations());
    }

    @Test
    void sharingIsFineWhenTheOtherDomainHasNoRoom() {
        // s1's nodes are full (one pod of a different app each), so the second pod of "app" may share s0.
        List<PlacementRow> rows = new ArrayList<>();
        int order = 1;
        for (NodeRow n : nodes()) {
            if (n.coreSwitch().equals("s1")) {
                rows.add(new PlacementRow("filler-" + n.node(), "filler-" + n.node(), n.node(), 950, 10, order++));
            }
        }
        rows.add(row("a", "s0c0h0", 100, order++));
        rows.add(row("b", "s0c1h0", 100, order));
        RecountChecker.Recount r = RecountChecker.check(nodes(), rows);
        assertEquals(0, r.avoidableColocations());
    }

    @Test
    void catchesOvercommitUnknownNodesAndDuplicates() {
        RecountChecker.Recount r = RecountChecker.check(nodes(), List.of(
                row("a", "s0c0h0", 600, 1), row("b", "s1c0h0", 100, 2), row("c", "s1c1h0", 100, 3),
                row("d", "s0c1h0", 100, 4), row("e", "s0c0h1", 100, 5), row("f", "s1c0h1", 100, 6),
                row("g", "s0c1h1", 100, 7), row("h", "s1c1h1", 100, 8),
                row("i", "s0c0h0", 600, 9), row("i", "s1c0h0", 1, 10), row("j", "nowhere", 1, 11)));
        assertEquals(1, r.overcommittedNodes(), "s0c0h0 holds 1200 of 1000 cpu");
        assertEquals(1, r.duplicatePods());
        assertEquals(1, r.unknownNodes());
        assertTrue(!r.clean());
    }
}
