package io.sigmaflow.placement.placer;

import static io.sigmaflow.placement.testing.Fixtures.node;
import static io.sigmaflow.placement.testing.Fixtures.placer;
import static io.sigmaflow.placement.testing.Fixtures.pod;
import static io.sigmaflow.placement.testing.Fixtures.profile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.placement.index.NodeInfo;
import io.sigmaflow.placement.model.Node;
import io.sigmaflow.placement.model.NodeCondition;
import io.sigmaflow.placement.model.Pod;
import io.sigmaflow.placement.testing.DispersionOracle;
import io.sigmaflow.placement.testing.IndexAudit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random sequences of place, release, scale-down, reserve, node updates, drains and removals. After
 * every step: no node overcommitted, every index summary equal to its recomputation from the nodes,
 * and every placement dispersion-optimal by the brute-force oracle.
 */
class PlacerFuzzTest {
    private static final String[] APPS = {"a", "b", "c", "d", "e", "f"};

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void invariantsHoldUnderRandomOperations(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        // Small candidate limit on even seeds, unlimited on odd ones: dispersion must be exact either way.
        var profile = profile(Map.of("maxCandidates", seed % 2 == 0 ? "2" : "0", "preemption", "true"));
        List<Node> nodes = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            for (int c = 0; c < 3; c++) {
                for (int h = 0; h < 3; h++) {
                    nodes.add(node("s" + s + "c" + c + "h" + h).coreSwitch("s" + s).chassis("c" + c)
                            .cpu(1000 + 500 * random.nextInt(4)).memory(4000).build());
                }
            }
        }
        Placer placer = placer(profile, nodes);
        List<String> bound = new ArrayList<>();
        int placed = 0;
        for (int step = 0; step < 400; step++) {
            int op = random.nextInt(100);
            if (op < 55) {
                String app = APPS[random.nextInt(APPS.length)];
                Pod p = pod(app + "-" + step).app(app).cpu(100 * (1 + random.nextInt(6))).memory(100)
                        .priority(random.nextInt(3)).build();
                PlacementDecision decided = placer.decide(p);
                if (decided.status() == PlacementDecision.Status.CHOSEN && placer.reservationSlots(app).isEmpty()) {
                    NodeInfo chosen = placer.index().node(decided.nodeId());
                    assertNull(DispersionOracle.violation(placer.index(), profile.filters(), p, chosen),
                            "seed " + seed + " step " + step);
                }
                if (decided.status() == PlacementDecision.Status.UNSCHEDULABLE) {
                    var cycle = profile.filters().prepare(p, placer.index());
                    for (NodeInfo n : placer.index().nodes()) {
                        assertTrue(cycle.firstRejection(n) != null,
                                "seed " + seed + " step " + step + ": unschedulable but " + n.id() + " passes");
                    }
                }
                PlacementDecision d = placer.place(p);
                if (d.isBound()) {
                    placed++;
                    bound.add(p.id());
                    if (decided.status() == PlacementDecision.Status.CHOSEN && !d.fromReservation()) {
                        assertEquals(decided.nodeId(), d.nodeId(), "decide and place agree");
                    }
                }
                d.preempted().forEach(v -> bound.remove(v.id()));
            } else if (op < 75 && !bound.isEmpty()) {
                String id = bound.remove(random.nextInt(bound.size()));
                assertEquals(id, placer.release(id).id());
            } else if (op < 80) {
                String app = APPS[random.nextInt(APPS.length)];
                placer.scaleDown(app, 1 + random.nextInt(2)).forEach(p -> bound.remove(p.id()));
            } else if (op < 84) {
                String app = APPS[random.nextInt(APPS.length)];
                if (random.nextBoolean()) {
                    placer.reserve(pod("tmpl").app(app).cpu(200).memory(100).build(), 1 + random.nextInt(2));
                } else {
                    placer.cancelReservations(app);
                }
            } else if (op < 92) {
                NodeInfo n = pickNode(placer, random);
                if (n != null) {
                    // Capacity changes never below what is requested: a cut below is an operator's
                    // decision the placer cannot prevent, and this test checks the placer.
                    long cpu = Math.max(n.requestedCpu(), 500 + 500L * random.nextInt(5));
                    NodeCondition condition = NodeCondition.values()[random.nextInt(3)];
                    placer.upsertNode(node(n.id()).coreSwitch(n.location().coreSwitch())
                            .chassis(n.location().chassis()).cpu(cpu).memory(4000).condition(condition).build());
                }
            } else if (op < 96) {
                NodeInfo n = pickNode(placer, random);
                if (n != null) {
                    placer.removeNode(n.id()).forEach(p -> bound.remove(p.id()));
                }
            } else {
                Node back = nodes.get(random.nextInt(nodes.size()));
                if (placer.index().node(back.id()) == null) {
                    placer.upsertNode(back);
                }
            }
            List<String> problems = IndexAudit.problems(placer.index());
            assertTrue(problems.isEmpty(), "seed " + seed + " step " + step + ": " + problems);
        }
        assertTrue(placed > 100, "the sequence placed enough pods to mean something: " + placed);
    }

    private static NodeInfo pickNode(Placer placer, SplittableRandom random) {
        List<NodeInfo> all = List.copyOf(placer.index().nodes());
        return all.isEmpty() ? null : all.get(random.nextInt(all.size()));
    }
}
