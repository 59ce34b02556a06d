package io.sigmaflow.roadef.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.roadef.RandomCase;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The group's light copy prices an insertion exactly as {@link MoveDelta#insert} does on the
 * state with the same processes placed, along random placements of a random group's processes
 * (after random moves, so some hold transient shares at home), and its start cost is what the
 * state's cost falls by when they are taken off; its bound never exceeds what the processes
 * left then add, with balance objectives (where it may be below zero) or without.
 */
class MachineGroupTest {
    private static final int SEEDS = 400;

    @Test
    void pricesEveryInsertionAsTheStateDoes() {
        int compared = 0;
        for (long seed = 0; seed < SEEDS; seed++) {
            RandomCase drawn = RandomCase.of(seed);
            RoadefState state = drawn.state();
            MoveDelta delta = drawn.delta();
            SplittableRandom random = drawn.random();
            drawn.shiftAtRandom(6);
            int machines = Math.min(state.machineCount(), 2 + random.nextInt(3));
            int[] group = new int[machines];
            for (int g = 0; g < machines; g++) {
                group[g] = (int) ((seed + g * 7L) % state.machineCount());
            }
            if (!MachineGroup.distinct(group)) {
                continue;
            }
            int[] processes = new int[64];
            int[] startOn = new int[64];
            int count = 0;
            for (int g = 0; g < machines; g++) {
                for (int i = 0; i < state.processCountOn(group[g]) && count < 64; i++) {
                    processes[count] = state.processOn(group[g], i);
                    startOn[count++] = g;
                }
            }
            MachineGroup copy = new MachineGroup(state, machines, 64);
            copy.reset(group, machines, processes, startOn, count);
            long before = state.softPenalty();
            for (int i = 0; i < count; i++) {
                state.unassign(processes[i]);
            }
            String what = drawn.instance().name();
            assertEquals(before - state.softPenalty(), copy.startCost(), what + ": start cost");
            long[] bound = new long[count];
            long[] costBefore = new long[count + 1];
            int i = 0;
            for (; i < count; i++) {
                bound[i] = copy.bound(i);
                int g = random.nextInt(machines);
                long fromCopy = copy.insert(i, g);
                assertEquals(delta.insert(processes[i], group[g]), fromCopy, what + ": process " + processes[i] + " on " + group[g]);
                compared++;
                if (fromCopy == MoveDelta.REJECTED) {
                    g = startOn[i];
                    fromCopy = copy.insert(i, g);
                    assertEquals(delta.insert(processes[i], group[g]), fromCopy, what + ": back on its start machine");
                    if (fromCopy == MoveDelta.REJECTED) {
                        break; // earlier placements took its room: this order ends here
                    }
                }
                copy.place(i, g);
                state.assign(processes[i], group[g]);
                costBefore[i + 1] = costBefore[i] + fromCopy;
            }
            if (i == count) {
                for (int j = 0; j < count; j++) {
                    assertTrue(bound[j] <= costBefore[count] - costBefore[j], what + ": bound above what processes " + j + ".. added");
                }
            }
        }
        assertTrue(compared > 1_000, "compared " + compared);
    }
}
