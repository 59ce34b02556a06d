package io.sigmaflow.roadef.score;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sigmaflow.roadef.RandomCase;
import io.sigmaflow.roadef.RoadefData;
import io.sigmaflow.roadef.check.CostReport;
import io.sigmaflow.roadef.io.Instance;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Property: on many random small instances, every move's predicted change equals the full
 * recomputation by the independent checker (the cost after minus before), and a move is rejected
 * exactly when the checker finds the result infeasible. Shifts and swaps from feasible states;
 * double shifts (p to q's machine, q to a third) the same way; insertions of an unassigned
 * process against a state rebuilt from scratch.
 */
class MoveDeltaPropertyTest {
    private static final int SEEDS = 400;
    private static final int MOVES = 200;

    @Test
    void shiftsAndSwapsMatchTheCheckerOnRandomInstances() {
        long accepted = 0;
        long rejected = 0;
        for (long seed = 0; seed < SEEDS; seed++) {
            RandomCase drawn = RandomCase.of(seed);
            RoadefState state = drawn.state();
            MoveDelta delta = drawn.delta();
            SplittableRandom random = drawn.random();
            for (int i = 0; i < MOVES; i++) {
                int p = random.nextInt(state.processCount());
                int q = random.nextInt(state.processCount());
                int m = random.nextInt(state.machineCount());
                int from = state.machineOf(p);
                int qFrom = state.machineOf(q);
                boolean swap = random.nextBoolean();
                if (swap ? qFrom == from || state.serviceOf(p) == state.serviceOf(q) : m == from) {
                    continue;
                }
                long before = drawn.check(state.assignment()).total();
                long change = swap ? delta.swap(p, q, Long.MAX_VALUE - 1) : delta.shift(p, m, Long.MAX_VALUE - 1);
                int[] after = state.assignment();
                after[p] = swap ? qFrom : m;
                if (swap) {
                    after[q] = from;
                }
                CostReport report = drawn.check(after);
                String move = drawn.instance().name() + (swap ? " swap " + p + "," + q : " shift " + p + "->" + m);
                assertEquals(report.feasible(), change != MoveDelta.REJECTED, move + ": " + report.examples());
                if (change == MoveDelta.REJECTED) {
                    rejected++;
                    continue;
                }
                accepted++;
                assertEquals(report.total() - before, change, move);
                if (random.nextBoolean()) {
                    state.move(p, after[p]);
                    if (swap) {
                        state.move(q, after[q]);
                    }
                    assertEquals(report.total(), state.softPenalty(), move + " applied");
                }
            }
        }
        org.junit.jupiter.api.Assertions.assertTrue(accepted > 5_000 && rejected > 5_000,
                "accepted " + accepted + ", rejected " + rejected);
    }

    @Test
    void doubleShiftsMatchTheCheckerOnRandomInstances() {
        long accepted = 0;
        long rejected = 0;
        for (long seed = 0; seed < SEEDS; seed++) {
            RandomCase drawn = RandomCase.of(seed, seed ^ 0x5DEECE66DL);
            RoadefState state = drawn.state();
            MoveDelta delta = drawn.delta();
            SplittableRandom random = drawn.random();
            for (int i = 0; i < MOVES; i++) {
                int p = random.nextInt(state.processCount());
                int q = random.nextInt(state.processCount());
                int c = random.nextInt(state.machineCount());
                int a = state.machineOf(p);
                int b = state.machineOf(q);
                if (a == b || c == a || c == b || state.serviceOf(p) == state.serviceOf(q)) {
                    assertEquals(MoveDelta.REJECTED, delta.doubleShift(p, q, c, Long.MAX_VALUE - 1));
                    continue;
                }
                long before = drawn.check(state.assignment()).total();
                long change = delta.doubleShift(p, q, c, Long.MAX_VALUE - 1);
                int[] after = state.assignment();
                after[p] = b;
                after[q] = c;
                CostReport report = drawn.check(after);
                String move = drawn.instance().name() + " double shift " + p + "->" + b + ", " + q + "->" + c;
                assertEquals(report.feasible(), change != MoveDelta.REJECTED, move + ": " + report.examples());
                if (change == MoveDelta.REJECTED) {
                    rejected++;
                    continue;
                }
                accepted++;
                assertEquals(report.total() - before, change, move);
                // Within the limit it is accepted, one below the change it is not.
                assertEquals(change, delta.doubleShift(p, q, c, change), move + " at its own cost");
                assertEquals(MoveDelta.REJECTED, delta.doubleShift(p, q, c, change - 1), move + " below its cost");
                if (random.nextBoolean()) {
                    state.move(q, c);
                    state.move(p, b);
                    assertEquals(report.total(), state.softPenalty(), move + " applied");
                    assertEquals(0, state.hardPenalty(), move + " applied");
                }
            }
        }
        org.junit.jupiter.api.Assertions.assertTrue(accepted > 2_000 && rejected > 2_000,
                "accepted " + accepted + ", rejected " + rejected);
    }

    @Test
    void insertionsMatchAStateRebuiltFromScratch() {
        for (long seed = 0; seed < SEEDS; seed++) {
            RandomCase drawn = RandomCase.of(seed, ~seed);
            Instance instance = drawn.instance();
            int[] initial = drawn.initial();
            RoadefState state = drawn.state();
            MoveDelta delta = drawn.delta();
            SplittableRandom random = drawn.random();
            for (int i = 0; i < MOVES / 4; i++) {
                int p = random.nextInt(state.processCount());
                int m = random.nextInt(state.machineCount());
                int from = state.machineOf(p);
                state.unassign(p);
                long before = state.softPenalty();
                long change = delta.insert(p, m);
                long hardChange = delta.insertHardChange(p, m);
                long hardBefore = rebuiltHard(instance, initial, state.assignment());
                state.assign(p, m);
                int[] after = state.assignment();
                RoadefState rebuilt = RoadefData.state(instance, initial, after);
                if (change != MoveDelta.REJECTED) {
                    assertEquals(rebuilt.softPenalty() - before, change, instance.name() + " insert " + p + "->" + m);
                    // Capacity, transient and conflict are judged by insert; spread and dependency reported here.
                    assertEquals(rebuilt.hardPenalty() - hardBefore, hardChange, instance.name() + " insert hard " + p);
                }
                state.move(p, from);
                assertEquals(0, state.hardPenalty());
            }
        }
    }

    /** The hard penalty of a partial assignment (-1 = unassigned), counted by a freshly built state. */
    private static long rebuiltHard(Instance instance, int[] initial, int[] partial) {
        var solution = io.sigmaflow.roadef.domain.MachineReassignment.of(instance, initial, initial);
        RoadefState state = new RoadefState(solution);
        for (int p = 0; p < partial.length; p++) {
            if (partial[p] >= 0) {
                state.assign(p, partial[p]);
            }
        }
        return state.hardPenalty();
    }
}
