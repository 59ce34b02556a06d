package io.sigmaflow.roadef.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.roadef.RoadefData;
import io.sigmaflow.roadef.check.CostChecker;
import io.sigmaflow.roadef.check.CostReport;
import io.sigmaflow.roadef.generate.InstanceGenerator;
import io.sigmaflow.roadef.io.Instance;
import io.sigmaflow.roadef.score.RoadefState;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * After thousands of applied shifts, swaps and ruin-and-recreates, the incremental state still
 * equals the independent checker (current and best assignment), both are feasible, and a search
 * that adopts another's assignment continues from exactly that cost.
 */
class SimulatedAnnealingTest {

    /** Stops after {@code rounds} checks, i.e. a fixed number of candidates, whatever the machine's speed. */
    private static BooleanSupplier after(int rounds) {
        int[] left = {rounds};
        return () -> left[0]-- <= 0;
    }

    @ParameterizedTest
    @ValueSource(strings = {"a1_2", "a2_1", "a1_4", "a2_3"})
    void stateAndBestAgreeWithTheCheckerAfterALongRun(String name) {
        Instance instance = RoadefData.instance(name);
        int[] initial = RoadefData.initial(name, instance);
        RoadefState state = RoadefData.state(instance, initial, initial);
        RoadefSearchPhase.Settings settings = RoadefSearchPhase.Settings.defaults(1, Duration.ofSeconds(5));
        SimulatedAnnealing search = new SimulatedAnnealing(state, new SplittableRandom(name.hashCode()), settings);

        search.run(after(100));
        search.run(after(100));

        assertEquals(200L * 4096, search.evaluations());
        CostReport now = CostChecker.check(instance, initial, state.assignment());
        assertTrue(now.feasible(), now.examples().toString());
        assertEquals(now.total(), search.currentCost(), name + " current");
        assertEquals(now.total(), state.softPenalty(), name + " state");
        CostReport best = CostChecker.check(instance, initial, search.bestAssignment());
        assertTrue(best.feasible(), best.examples().toString());
        assertEquals(best.total(), search.bestCost(), name + " best");
        assertTrue(search.bestCost() < RoadefData.originalCost(name), name + " improved on the initial assignment");

        RoadefState other = RoadefData.state(instance, initial, initial);
        SimulatedAnnealing follower = new SimulatedAnnealing(other, new SplittableRandom(7), settings);
        follower.adopt(search.bestAssignment());
        assertEquals(search.bestCost(), follower.currentCost());
        assertEquals(search.bestCost(), follower.bestCost());
        assertEquals(0, other.hardPenalty());
    }

    /**
     * Beyond 100 machines the search draws from a focus of machines, tries several targets per
     * targeted shift and re-splits pairs of machines exactly (one drawn by cost): the state and
     * the best still equal the checker's full recomputation.
     */
    @Test
    void theLargeInstanceSearchAgreesWithTheChecker() {
        Instance template = RoadefData.instance("a2_3");
        var generated = InstanceGenerator.generate("a2_3x3", template, RoadefData.initial("a2_3", template), 0, 3, 9);
        Instance instance = generated.instance();
        int[] initial = generated.initial();
        RoadefState state = RoadefData.state(instance, initial, initial);
        long before = state.softPenalty();
        SimulatedAnnealing search = new SimulatedAnnealing(state, new SplittableRandom(4),
                RoadefSearchPhase.Settings.defaults(1, 1, Duration.ofSeconds(5)).withCandidates(100L * 4096));

        search.run(after(100));

        CostReport now = CostChecker.check(instance, initial, state.assignment());
        assertTrue(now.feasible(), now.examples().toString());
        assertEquals(now.total(), search.currentCost());
        assertEquals(now.total(), state.softPenalty());
        CostReport best = CostChecker.check(instance, initial, search.bestAssignment());
        assertTrue(best.feasible(), best.examples().toString());
        assertEquals(best.total(), search.bestCost());
        assertTrue(search.bestCost() < before, "improved on the initial assignment");
        // a2_3 x 3 holds 10 processes a machine: pairs fit the exact repack, and some lower the cost
        assertTrue(search.largeRepacks() > 0, "pair repacks that lowered the cost: " + search.largeRepacks());
    }
}
