package io.sigmaflow.roadef.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.roadef.RandomCase;
import io.sigmaflow.roadef.RoadefData;
import io.sigmaflow.roadef.check.CostChecker;
import io.sigmaflow.roadef.check.CostReport;
import io.sigmaflow.roadef.io.Instance;
import io.sigmaflow.roadef.score.MoveDelta;
import io.sigmaflow.roadef.score.RoadefState;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A guided shift's cost change is what the independent checker recomputes for the whole
 * assignment after the move (a shift, or an exchange where the shift does not fit), the result is feasible, the process leaves a machine that cost
 * something for one with room below its safety capacity, and with a pool both stay inside it.
 */
class GuidedShiftTest {
    private static final int SEEDS = 300;
    private static final int NONE = 0;
    private static final int SHIFT = 1;
    private static final int SWAP = 2;
    /** A shift back to the process's original machine. */
    private static final int HOME = 3;

    @Test
    void everyShiftsChangeIsTheCheckersAndKeepsTheAssignmentFeasible() {
        int applied = 0;
        int swaps = 0;
        for (long seed = 0; seed < SEEDS; seed++) {
            RandomCase drawn = RandomCase.of(seed);
            RoadefState state = drawn.state();
            GuidedShift guided = new GuidedShift(state, drawn.delta(), drawn.random());
            for (int i = 0; i < 20; i++) {
                guided.refresh();
                int kind = tryOne(drawn.name() + " try " + i, state, guided, drawn::check, null);
                applied += kind > 0 ? 1 : 0;
                swaps += kind == SWAP ? 1 : 0;
            }
        }
        assertTrue(applied > 300 && swaps > 30, "applied " + applied + ", swaps among them " + swaps);
    }

    @Test
    void processesAwayFromHomeAreSentBackAtTheCheckersCost() {
        int home = 0;
        for (long seed = 0; seed < SEEDS; seed++) {
            RandomCase drawn = RandomCase.of(seed);
            RoadefState state = drawn.state();
            drawn.shiftAtRandom(40);
            GuidedShift guided = new GuidedShift(state, drawn.delta(), drawn.random());
            for (int i = 0; i < 20; i++) {
                guided.refresh();
                home += tryOne(drawn.name() + " try " + i, state, guided, drawn::check, null) == HOME ? 1 : 0;
            }
        }
        assertTrue(home > 30, "sent home " + home);
    }

    @Test
    void theLiveIndexIsWhatARebuildFromTheStateWouldBe() {
        for (long seed = 0; seed < 100; seed++) {
            RandomCase drawn = RandomCase.of(seed);
            RoadefState state = drawn.state();
            GuidedShift guided = new GuidedShift(state, drawn.delta(), drawn.random());
            int[] pool = null;
            for (int round = 0; round < 6; round++) {
                if (round == 3) {
                    pool = new int[Math.max(1, state.machineCount() / 2)];
                    for (int i = 0; i < pool.length; i++) {
                        pool[i] = (2 * i + (int) (seed % 2)) % state.machineCount();
                    }
                    guided.restrictTo(pool);
                }
                drawn.shiftAtRandom(15);
                for (int i = 0; i < 5; i++) {
                    tryOne(drawn.name() + " round " + round, state, guided, drawn::check, pool);
                }
                guided.refresh();
                assertIndexMatches(drawn.name() + " round " + round, state, guided, pool);
            }
        }
    }

    /** Cost total, room lists and the weighted draw against a recomputation over the pool. */
    private static void assertIndexMatches(String what, RoadefState state, GuidedShift guided, int[] pool) {
        int[] machines = pool != null ? pool : java.util.stream.IntStream.range(0, state.machineCount()).toArray();
        long sum = 0;
        for (int m : machines) {
            long before = sum;
            sum += state.machineCost(m);
            if (sum > before) {
                assertEquals(m, guided.sourceAt(before), what + ": first draw of machine " + m);
                assertEquals(m, guided.sourceAt(sum - 1), what + ": last draw of machine " + m);
            }
        }
        assertEquals(sum, guided.indexedCost(), what);
        for (int m = 0; m < state.machineCount(); m++) {
            int mm = m;
            boolean inPool = Arrays.stream(machines).anyMatch(x -> x == mm);
            for (int r = 0; r < state.resourceCount(); r++) {
                assertEquals(inPool && state.loadExcess(m, r) < 0, guided.listedWithRoom(m, r), what + ": machine " + m + " resource " + r);
            }
        }
    }

    @Test
    void aPoolKeepsSourcesAndTargetsInsideIt() {
        String name = "a2_3";
        Instance instance = RoadefData.instance(name);
        int[] initial = RoadefData.initial(name, instance);
        RoadefState state = RoadefData.state(instance, initial, initial);
        SplittableRandom random = new SplittableRandom(7);
        GuidedShift guided = new GuidedShift(state, new MoveDelta(state), random);
        int[] pool = new int[state.machineCount() / 2];
        for (int i = 0; i < pool.length; i++) {
            pool[i] = 2 * i + 1;
        }
        guided.restrictTo(pool);
        int applied = 0;
        for (int i = 0; i < 400; i++) {
            if (i % 50 == 0) {
                guided.refresh();
            }
            applied += tryOne(name + " try " + i, state, guided,
                    a -> CostChecker.check(instance, initial, a), pool) > 0 ? 1 : 0;
        }
        assertTrue(applied > 20, "applied " + applied);
    }

    /** One guided shift with any change accepted: applied and checked if one was found; NONE, SHIFT, SWAP or HOME. */
    private static int tryOne(String what, RoadefState state, GuidedShift guided,
            Function<int[], CostReport> checker, int[] pool) {
        long before = checker.apply(state.assignment()).total();
        assertEquals(before, state.softPenalty(), what);
        long change = guided.evaluate(Long.MAX_VALUE - 1);
        if (change == MoveDelta.REJECTED) {
            assertEquals(-1, guided.process(), what);
            return NONE;
        }
        int p = guided.process();
        int from = state.machineOf(p);
        int to = guided.target();
        assertTrue(state.machineCost(from) > 0, what + ": from a machine that costs nothing");
        if (pool != null) {
            assertTrue(Arrays.stream(pool).anyMatch(m -> m == from) && Arrays.stream(pool).anyMatch(m -> m == to),
                    what + ": " + from + " -> " + to + " outside the pool");
        }
        boolean room = false;
        for (int r = 0; r < state.resourceCount(); r++) {
            room |= state.loadExcess(to, r) < 0;
        }
        boolean home = to == state.originalOf(p);
        assertTrue(room || home, what + ": target " + to + " has no room below safety and is not home");
        int q = guided.partner();
        int kind = q >= 0 ? SWAP : home ? HOME : SHIFT;
        state.move(p, to);
        if (q >= 0) {
            assertEquals(to, state.machineOf(q), what);
            state.move(q, from);
        }
        CostReport after = checker.apply(state.assignment());
        assertTrue(after.feasible(), what + ": " + after.examples());
        assertEquals(after.total() - before, change, what);
        assertEquals(after.total(), state.softPenalty(), what);
        return kind;
    }
}
