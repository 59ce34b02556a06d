package io.sigmaflow.roadef.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.roadef.RandomCase;
import io.sigmaflow.roadef.RoadefData;
import io.sigmaflow.roadef.check.CostChecker;
import io.sigmaflow.roadef.check.CostReport;
import io.sigmaflow.roadef.io.Instance;
import io.sigmaflow.roadef.score.MoveDelta;
import io.sigmaflow.roadef.score.RoadefState;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A home chain's cost change is what the independent checker recomputes for the whole assignment
 * after it (a process sent home, a process of the source machine into its place, or the two
 * exchanged where the first one's home is the source), and the result is feasible.
 */
class HomeChainTest {
    private static final int SEEDS = 300;

    @Test
    void everyChainsChangeIsTheCheckersAndKeepsTheAssignmentFeasible() {
        int chains = 0;
        int swaps = 0;
        int rejected = 0;
        for (long seed = 0; seed < SEEDS; seed++) {
            RandomCase drawn = RandomCase.of(seed);
            RoadefState state = drawn.state();
            HomeChain chain = new HomeChain(state, drawn.delta(), drawn.random());
            for (int round = 0; round < 4; round++) {
                drawn.shiftAtRandom(30);
                for (int i = 0; i < 10; i++) {
                    int from = drawn.random().nextInt(state.machineCount());
                    int kind = tryOne(drawn.name() + " round " + round + " try " + i, state, chain, from, drawn::check);
                    chains += kind == 1 ? 1 : 0;
                    swaps += kind == 2 ? 1 : 0;
                    rejected += kind == 0 ? 1 : 0;
                }
            }
        }
        assertTrue(chains > 300 && swaps > 20 && rejected > 300, "chains " + chains + ", swaps " + swaps + ", none " + rejected);
    }

    @Test
    void chainsOnA22KeepTheStateEqualToTheChecker() {
        String name = "a2_2";
        Instance instance = RoadefData.instance(name);
        int[] initial = RoadefData.initial(name, instance);
        RoadefState state = RoadefData.state(instance, initial, initial);
        SplittableRandom random = new SplittableRandom(3);
        MoveDelta delta = shifted(state, random);
        HomeChain chain = new HomeChain(state, delta, random);
        int applied = 0;
        for (int i = 0; i < 300; i++) {
            applied += tryOne(name + " try " + i, state, chain, random.nextInt(state.machineCount()),
                    a -> CostChecker.check(instance, initial, a)) > 0 ? 1 : 0;
        }
        assertTrue(applied > 30, "applied " + applied);
    }

    /**
     * a1_4 (a balance objective, a transient resource): chains from the machine of higher load
     * cost of two, as {@link SimulatedAnnealing} draws them there, match the checker; and a
     * machine's {@link RoadefState#loadCost} summed is the checker's weighted load cost.
     */
    @Test
    void chainsOnA14FromTheLoadCostlierMachineKeepTheStateEqualToTheChecker() {
        String name = "a1_4";
        Instance instance = RoadefData.instance(name);
        int[] initial = RoadefData.initial(name, instance);
        RoadefState state = RoadefData.state(instance, initial, initial);
        SplittableRandom random = new SplittableRandom(5);
        MoveDelta delta = shifted(state, random);
        HomeChain chain = new HomeChain(state, delta, random);
        int applied = 0;
        int loaded = 0;
        for (int i = 0; i < 300; i++) {
            CostReport report = CostChecker.check(instance, initial, state.assignment());
            long load = 0;
            for (int r = 0; r < report.loadCost().length; r++) {
                load += instance.loadCostWeight()[r] * report.loadCost()[r];
            }
            long summed = 0;
            for (int m = 0; m < state.machineCount(); m++) {
                summed += state.loadCost(m);
            }
            assertEquals(load, summed, name + " try " + i);
            int a = random.nextInt(state.machineCount());
            int b = random.nextInt(state.machineCount());
            int from = state.loadCost(a) >= state.loadCost(b) ? a : b;
            loaded += state.loadCost(from) > 0 ? 1 : 0;
            applied += tryOne(name + " try " + i, state, chain, from,
                    assignment -> CostChecker.check(instance, initial, assignment)) > 0 ? 1 : 0;
        }
        assertTrue(applied > 30 && loaded > 30, "applied " + applied + ", from a machine with load cost " + loaded);
    }

    /** {@code state} after 3,000 random feasible shifts (processes away from home); its delta. */
    private static MoveDelta shifted(RoadefState state, SplittableRandom random) {
        MoveDelta delta = new MoveDelta(state);
        for (int k = 0; k < 3_000; k++) {
            int p = random.nextInt(state.processCount());
            int m = random.nextInt(state.machineCount());
            if (delta.shift(p, m, Long.MAX_VALUE - 1) != MoveDelta.REJECTED) {
                state.move(p, m);
            }
        }
        return delta;
    }

    /** One chain with any change accepted: applied and checked if found; 0 none, 1 a chain of two machines' moves, 2 an exchange. */
    private static int tryOne(String what, RoadefState state, HomeChain chain, int from, Function<int[], CostReport> checker) {
        long before = checker.apply(state.assignment()).total();
        assertEquals(before, state.softPenalty(), what);
        long change = chain.evaluate(from, Long.MAX_VALUE - 1);
        if (change == MoveDelta.REJECTED) {
            assertEquals(-1, chain.process(), what);
            return 0;
        }
        int q = chain.process();
        int p = chain.homeward();
        assertEquals(from, state.machineOf(q), what);
        int place = state.machineOf(p);
        int home = state.originalOf(p);
        assertNotEquals(home, place, what + ": the process sent home was at home");
        chain.apply();
        assertEquals(home, state.machineOf(p), what);
        assertEquals(place, state.machineOf(q), what);
        CostReport after = checker.apply(state.assignment());
        assertTrue(after.feasible(), what + ": " + after.examples());
        assertEquals(after.total() - before, change, what);
        assertEquals(after.total(), state.softPenalty(), what);
        return home == from ? 2 : 1;
    }
}
