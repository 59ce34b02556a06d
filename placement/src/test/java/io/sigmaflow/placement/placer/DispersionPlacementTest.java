package io.sigmaflow.placement.placer;

import static io.sigmaflow.placement.testing.Fixtures.node;
import static io.sigmaflow.placement.testing.Fixtures.placer;
import static io.sigmaflow.placement.testing.Fixtures.pod;
import static io.sigmaflow.placement.testing.Fixtures.topology;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.placement.model.Node;
import io.sigmaflow.placement.model.Pod;
import io.sigmaflow.placement.testing.DispersionOracle;
import io.sigmaflow.schema.TopologyLevel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/design.md invariant 3 on the 3-switch x 2-chassis x 4-host topology. */
class DispersionPlacementTest {
    private static final int SWITCH = 0;
    private static final int CHASSIS = 1;
    private static final int HOST = 2;

    private static int spread(List<Integer> counts) {
        return Collections.max(counts) - Collections.min(counts);
    }

    @Test
    void everyPrefixOfAnAppIsBalancedAtEveryLevel() {
        Placer placer = placer(topology(3, 2, 4, 64_000, 64_000));
        for (int i = 0; i < 60; i++) {
            Pod p = pod("web-" + i).app("web").cpu(500).memory(500).build();
            var decision = placer.place(p);
            assertEquals(PlacementDecision.Status.BOUND, decision.status(), decision.toString());
            for (int level : new int[] {SWITCH, CHASSIS, HOST}) {
                var counts = DispersionOracle.countsPerDomain(placer.index(), "web", level);
                assertTrue(spread(counts) <= 1, "after " + (i + 1) + " pods, level " + level + " counts " + counts);
            }
        }
        // 60 pods on 24 hosts: 20 per switch, 10 per chassis, 2 or 3 per host
        assertEquals(List.of(20, 20, 20), DispersionOracle.countsPerDomain(placer.index(), "web", SWITCH));
        assertEquals(List.of(10, 10, 10, 10, 10, 10), DispersionOracle.countsPerDomain(placer.index(), "web", CHASSIS));
    }

    @Test
    void interleavedAppsAreEachBalanced() {
        Placer placer = placer(topology(3, 2, 4, 64_000, 64_000));
        String[] apps = {"a", "b", "c", "d", "e"};
        for (int i = 0; i < 13; i++) {
            for (String app : apps) {
                placer.place(pod(app + "-" + i).app(app).cpu(100 + 50 * i % 400).memory(200).build());
            }
        }
        for (String app : apps) {
            for (int level : new int[] {SWITCH, CHASSIS, HOST}) {
                var counts = DispersionOracle.countsPerDomain(placer.index(), app, level);
                assertTrue(spread(counts) <= 1, app + " level " + level + " counts " + counts);
            }
        }
    }

    @Test
    void sharesADomainOnlyWhenNoFeasibleAlternativeExists() {
        // Switch s0's nodes are tiny: room for one 600-cpu pod each.
        List<Node> nodes = new ArrayList<>();
        for (Node n : topology(3, 2, 4, 8_000, 8_000)) {
            boolean tiny = n.location().coreSwitch().equals("s0");
            nodes.add(tiny ? node(n.id()).coreSwitch("s0").chassis(n.location().chassis()).cpu(1_000).memory(8_000).build() : n);
        }
        Placer placer = placer(nodes);
        for (int i = 0; i < 40; i++) {
            Pod p = pod("api-" + i).app("api").cpu(600).memory(100).build();
            var before = placer.decide(p);
            assertEquals(PlacementDecision.Status.CHOSEN, before.status());
            assertNull(DispersionOracle.violation(placer.index(), placer.profile().filters(), p,
                    placer.index().node(before.nodeId())), "pod " + i);
            assertEquals(before.nodeId(), placer.place(p).nodeId(), "decide and place agree");
        }
        // s0 holds exactly its 8 single slots; the other 32 pods split evenly over s1 and s2.
        assertEquals(List.of(8, 16, 16), DispersionOracle.countsPerDomain(placer.index(), "api", SWITCH));
    }

    @Test
    void neverLeavesAPodPendingBecauseOfSpread() {
        Placer placer = placer(List.of(node("only").cpu(4_000).build(), node("full").chassis("c2").cpu(100).build()));
        for (int i = 0; i < 3; i++) {
            var d = placer.place(pod("db-" + i).app("db").cpu(1_000).build());
            assertEquals(PlacementDecision.Status.BOUND, d.status());
            assertEquals("only", d.nodeId());
        }
    }

    @Test
    void spreadsOnlyOverTheLevelsThePodAsksFor() {
        Placer placer = placer(topology(3, 2, 4, 64_000, 64_000));
        for (int i = 0; i < 6; i++) {
            placer.place(pod("h-" + i).app("hosts-only").spreadOver(TopologyLevel.HOST).build());
        }
        // Host spread holds (6 different hosts) while switches are free to be uneven.
        var hosts = DispersionOracle.countsPerDomain(placer.index(), "hosts-only", HOST);
        assertEquals(6, hosts.stream().filter(c -> c == 1).count());
        assertEquals(0, hosts.stream().filter(c -> c > 1).count());
    }
}
