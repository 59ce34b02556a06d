package io.sigmaflow.roadef.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.roadef.RoadefData;
import io.sigmaflow.roadef.check.CostChecker;
import io.sigmaflow.roadef.check.CostReport;
import io.sigmaflow.roadef.io.Instance;
import io.sigmaflow.roadef.score.MoveDelta;
import io.sigmaflow.roadef.score.RoadefState;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/** What the repack tests assert of a repack's result, against the independent checker. */
final class RepackAssertions {
    private RepackAssertions() {}

    /**
     * One repack's result: rejected leaves the assignment as {@code before} and nothing better
     * than it exists (unless {@code mayMiss}); accepted gives a feasible assignment whose checker
     * cost is {@code best} and differs from the start's by {@code change}, as the state says.
     * True if it improved.
     */
    static boolean assertBestOrUnchanged(Instance instance, int[] initial, RoadefState state, int[] before, long best,
            long change, boolean mayMiss, String what) {
        long beforeCost = CostChecker.check(instance, initial, before).total();
        int[] after = state.assignment();
        if (change == MoveDelta.REJECTED) {
            assertArrayEquals(before, after, what + ": rejected but changed");
            assertTrue(mayMiss || best >= beforeCost, what + ": missed a better re-assignment " + best);
            return false;
        }
        CostReport report = CostChecker.check(instance, initial, after);
        assertTrue(report.feasible(), what + ": " + report.examples());
        assertEquals(report.total() - beforeCost, change, what);
        assertEquals(best, report.total(), what + ": not the best re-assignment");
        assertEquals(report.total(), state.softPenalty(), what);
        return true;
    }

    /**
     * 200 repacks of random machines (as many as {@code machines}) of an A instance's initial
     * assignment: each keeps the state feasible, lowers its cost by what it returns or leaves it
     * as it was; at the end the checker agrees, and at least one repack improved.
     */
    static void assertNeverWorseOn(String name, int machines, Function<RoadefState, ToLongFunction<int[]>> repacks) {
        Instance instance = RoadefData.instance(name);
        int[] initial = RoadefData.initial(name, instance);
        RoadefState state = RoadefData.state(instance, initial, initial);
        ToLongFunction<int[]> repack = repacks.apply(state);
        SplittableRandom random = new SplittableRandom(13);
        int improved = 0;
        for (int i = 0; i < 200; i++) {
            long before = state.softPenalty();
            int[] group = new int[machines];
            for (int k = 0; k < machines; k++) {
                group[k] = random.nextInt(state.machineCount());
            }
            long change = repack.applyAsLong(group);
            assertEquals(0, state.hardPenalty());
            if (change != MoveDelta.REJECTED) {
                assertTrue(change < 0);
                assertEquals(before + change, state.softPenalty());
                improved++;
            } else {
                assertEquals(before, state.softPenalty());
            }
        }
        CostReport report = CostChecker.check(instance, initial, state.assignment());
        assertTrue(report.feasible(), report.examples().toString());
        assertEquals(report.total(), state.softPenalty());
        assertTrue(improved > 0, "no repack of " + name + "'s initial assignment found anything better");
    }
}
