package io.sigmaflow.roadef.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.roadef.RandomCase;
import io.sigmaflow.roadef.check.CostReport;
import io.sigmaflow.roadef.io.Instance;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Property: with the transient capacity relaxed ({@link MoveDelta#relaxTransient}), on many random
 * small instances and from states that break it (relaxed moves are applied as they are drawn),
 * every shift, swap and double shift's official cost change equals the checker's recomputation,
 * its transient excess change equals a recount from scratch, the returned change is the sum of
 * the two (the excess at the penalty), and a move is rejected exactly when it breaks a
 * constraint that stays hard: capacity of a resource that is not transient, conflict, spread or
 * dependency.
 */
class RelaxedMoveDeltaPropertyTest {
    private static final int SEEDS = 300;
    private static final int MOVES = 200;
    private static final double PENALTY = 3.7;

    @Test
    void relaxedMovesMatchTheCheckerAndAnExcessRecount() {
        long accepted = 0;
        long rejected = 0;
        long intoExcess = 0;
        long fromExcess = 0;
        for (long seed = 0; seed < SEEDS; seed++) {
            RandomCase drawn = RandomCase.of(seed, seed * 31 + 7);
            RoadefState state = drawn.state();
            MoveDelta delta = drawn.delta();
            delta.relaxTransient(PENALTY);
            SplittableRandom random = drawn.random();
            for (int i = 0; i < MOVES; i++) {
                int p = random.nextInt(state.processCount());
                int q = random.nextInt(state.processCount());
                int c = random.nextInt(state.machineCount());
                int a = state.machineOf(p);
                int b = state.machineOf(q);
                int kind = random.nextInt(3);
                int[] after = state.assignment();
                long change;
                String move;
                if (kind == 0) {
                    if (c == a) {
                        continue;
                    }
                    change = delta.shift(p, c, Long.MAX_VALUE - 1);
                    after[p] = c;
                    move = " shift " + p + "->" + c;
                } else if (kind == 1) {
                    if (a == b || state.serviceOf(p) == state.serviceOf(q)) {
                        continue;
                    }
                    change = delta.swap(p, q, Long.MAX_VALUE - 1);
                    after[p] = b;
                    after[q] = a;
                    move = " swap " + p + "," + q;
                } else {
                    if (a == b || c == a || c == b || state.serviceOf(p) == state.serviceOf(q)) {
                        continue;
                    }
                    change = delta.doubleShift(p, q, c, Long.MAX_VALUE - 1);
                    after[p] = b;
                    after[q] = c;
                    move = " double shift " + p + "->" + b + ", " + q + "->" + c;
                }
                move = drawn.name() + move;
                int[] now = state.assignment();
                CostReport before = drawn.check(now);
                CostReport report = drawn.check(after);
                boolean hardBroken = report.violations().conflict() + report.violations().spread()
                        + report.violations().dependency() > 0 || capacityBroken(drawn.instance(), after);
                assertEquals(hardBroken, change == MoveDelta.REJECTED, move + ": " + report.examples());
                if (change == MoveDelta.REJECTED) {
                    rejected++;
                    continue;
                }
                accepted++;
                long excessBefore = excess(drawn.instance(), drawn.initial(), now);
                long excessAfter = excess(drawn.instance(), drawn.initial(), after);
                assertEquals(excessAfter - excessBefore, delta.excessChange(), move + " excess");
                assertEquals(report.total() - before.total(), change - delta.penaltyOf(delta.excessChange()), move + " cost");
                assertEquals(Math.round(PENALTY * (excessAfter - excessBefore)), delta.penaltyOf(delta.excessChange()), move);
                intoExcess += excessAfter > excessBefore ? 1 : 0;
                fromExcess += excessAfter < excessBefore ? 1 : 0;
                if (random.nextInt(4) != 0) {
                    for (int x = 0; x < after.length; x++) {
                        if (state.machineOf(x) != after[x]) {
                            state.move(x, after[x]);
                        }
                    }
                    assertEquals(report.total(), state.softPenalty(), move + " applied");
                    assertEquals(excessAfter, state.transientExcess(), move + " applied");
                }
            }
        }
        assertTrue(accepted > 5_000 && rejected > 5_000 && intoExcess > 1_000 && fromExcess > 1_000,
                "accepted " + accepted + ", rejected " + rejected + ", into excess " + intoExcess + ", out of it " + fromExcess);
    }

    @Test
    void withoutAPenaltyAnExcessIsRejectedAgain() {
        RandomCase drawn = RandomCase.of(11);
        MoveDelta delta = drawn.delta();
        RoadefState state = drawn.state();
        delta.relaxTransient(1.0);
        delta.relaxTransient(0);
        SplittableRandom random = drawn.random();
        for (int i = 0; i < 2_000; i++) {
            int p = random.nextInt(state.processCount());
            int m = random.nextInt(state.machineCount());
            if (delta.shift(p, m, Long.MAX_VALUE - 1) != MoveDelta.REJECTED) {
                state.move(p, m);
                assertEquals(0, state.hardPenalty());
            }
        }
    }

    /** A resource that is not transient above its capacity on some machine (counted from scratch). */
    private static boolean capacityBroken(Instance instance, int[] assignment) {
        long[][] usage = new long[instance.machineCount()][instance.resourceCount()];
        for (int p = 0; p < assignment.length; p++) {
            for (int r = 0; r < instance.resourceCount(); r++) {
                usage[assignment[p]][r] += instance.requirement()[p][r];
            }
        }
        for (int m = 0; m < usage.length; m++) {
            for (int r = 0; r < instance.resourceCount(); r++) {
                if (!instance.transientResource()[r] && usage[m][r] > instance.capacity()[m][r]) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Transient usage above capacity, in units, summed over machines and transient resources (from scratch). */
    private static long excess(Instance instance, int[] initial, int[] assignment) {
        long[][] held = new long[instance.machineCount()][instance.resourceCount()];
        for (int p = 0; p < assignment.length; p++) {
            for (int r = 0; r < instance.resourceCount(); r++) {
                long req = instance.requirement()[p][r];
                held[assignment[p]][r] += req;
                if (initial[p] != assignment[p]) {
                    held[initial[p]][r] += req;
                }
            }
        }
        long total = 0;
        for (int m = 0; m < held.length; m++) {
            for (int r = 0; r < instance.resourceCount(); r++) {
                if (instance.transientResource()[r]) {
                    total += Math.max(0, held[m][r] - instance.capacity()[m][r]);
                }
            }
        }
        return total;
    }
}
