package io.sigmaflow.roadef.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.roadef.RandomCase;
import io.sigmaflow.roadef.check.CostChecker;
import io.sigmaflow.roadef.domain.MachineReassignment;
import io.sigmaflow.roadef.io.Instance;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Beyond a few MB of (service, machine) pairs the state finds conflicts by scanning a machine's
 * processes instead of a table. Both ways must agree on everything: the same hard and soft
 * penalties after any sequence of moves (conflicting ones included, as Timefold's moves make
 * them), the same verdict and cost change for every candidate, and the checker's verdict on
 * conflicts.
 */
class ConflictScanTest {
    private static final int SEEDS = 300;
    private static final int MOVES = 150;

    @Test
    void scanningAMachinesProcessesAgreesWithTheTable() {
        long conflicted = 0;
        for (long seed = 0; seed < SEEDS; seed++) {
            RandomCase drawn = RandomCase.of(seed);
            Instance instance = drawn.instance();
            int[] initial = drawn.initial();
            RoadefState table = build(instance, initial, true);
            RoadefState scan = build(instance, initial, false);
            MoveDelta tableDelta = new MoveDelta(table);
            MoveDelta scanDelta = new MoveDelta(scan);
            SplittableRandom random = drawn.random();
            for (int i = 0; i < MOVES; i++) {
                int p = random.nextInt(table.processCount());
                int q = random.nextInt(table.processCount());
                int m = random.nextInt(table.machineCount());
                if (table.hardPenalty() == 0 && table.machineOf(p) != m) {
                    assertEquals(tableDelta.shift(p, m, Long.MAX_VALUE - 1), scanDelta.shift(p, m, Long.MAX_VALUE - 1),
                            "shift " + p + "->" + m + ", seed " + seed);
                    assertEquals(tableDelta.swap(p, q, Long.MAX_VALUE - 1), scanDelta.swap(p, q, Long.MAX_VALUE - 1),
                            "swap " + p + "," + q + ", seed " + seed);
                }
                if (table.machineOf(p) != m) {
                    // Any move, feasible or not: the penalties must follow either way.
                    table.move(p, m);
                    scan.move(p, m);
                }
                assertEquals(table.hardPenalty(), scan.hardPenalty(), "hard, seed " + seed + " move " + i);
                assertEquals(table.softPenalty(), scan.softPenalty(), "soft, seed " + seed + " move " + i);
                assertEquals(table.conflictPairs, scan.conflictPairs, "conflicting pairs, seed " + seed);
                assertEquals(CostChecker.check(instance, initial, scan.assignment()).violations().conflict() == 0,
                        scan.conflictPairs == 0, "conflict against the checker, seed " + seed);
                conflicted += scan.conflictPairs > 0 ? 1 : 0;
                if (random.nextInt(8) == 0) {
                    // Back to a feasible state now and then, so that candidates are compared too.
                    for (int r = 0; r < initial.length; r++) {
                        if (table.machineOf(r) != initial[r]) {
                            table.move(r, initial[r]);
                            scan.move(r, initial[r]);
                        }
                    }
                }
            }
        }
        assertTrue(conflicted > 1_000, "states with conflicts seen: " + conflicted);
    }

    private static RoadefState build(Instance instance, int[] initial, boolean conflictTable) {
        RoadefState state = new RoadefState(MachineReassignment.of(instance, initial, initial), conflictTable);
        for (int p = 0; p < initial.length; p++) {
            state.assign(p, initial[p]);
        }
        return state;
    }
}
