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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Ruin and recreate either returns the exact cost change of a feasible result or puts every
 * process back where it was, and undoing a kept move by hand restores the cost exactly. Run on
 * instances with each kind of hard constraint: a2_1 (packing only), a1_4 (dependencies,
 * transient, balance), a2_3 (dependencies, four transient resources).
 */
class RuinAndRecreateTest {

    @ParameterizedTest
    @ValueSource(strings = {"a2_1", "a1_4", "a2_3"})
    void keptMovesAreExactAndFeasibleRejectedOnesChangeNothing(String name) {
        Instance instance = RoadefData.instance(name);
        int[] initial = RoadefData.initial(name, instance);
        RoadefState state = RoadefData.state(instance, initial, initial);
        SplittableRandom random = new SplittableRandom(name.hashCode());
        RuinAndRecreate ruin = new RuinAndRecreate(state, new MoveDelta(state), random);
        int kept = 0;
        for (int i = 0; i < 400; i++) {
            long before = state.softPenalty();
            int[] assignment = state.assignment();
            int first = random.nextInt(state.machineCount());
            boolean anywhere = random.nextBoolean();
            // Half the tries accept any feasible result, half only one that costs no more.
            long limit = random.nextBoolean() ? Long.MAX_VALUE - 1 : 0;
            long change = ruin.apply(first, 2 + random.nextInt(2), anywhere, limit);
            if (change == MoveDelta.REJECTED) {
                assertArrayEquals(assignment, state.assignment(), name + " try " + i);
                assertEquals(before, state.softPenalty(), name + " try " + i);
                continue;
            }
            kept++;
            assertTrue(change <= limit, name + " try " + i);
            assertEquals(0, state.hardPenalty(), name + " try " + i);
            assertEquals(before + change, state.softPenalty(), name + " try " + i);
            CostReport report = CostChecker.check(instance, initial, state.assignment());
            assertTrue(report.feasible(), report.examples().toString());
            assertEquals(report.total(), state.softPenalty(), name + " try " + i);
            if (i % 2 == 0) {
                // Undo by hand: every process back on its machine from before the move.
                for (int p = 0; p < assignment.length; p++) {
                    if (state.machineOf(p) != assignment[p]) {
                        state.move(p, assignment[p]);
                    }
                }
                assertEquals(before, state.softPenalty(), name + " try " + i + " undone");
                assertEquals(0, state.hardPenalty(), name + " try " + i + " undone");
            }
        }
        assertTrue(kept > 20, name + ": only " + kept + " of 400 tries kept");
    }
}
