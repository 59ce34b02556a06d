package io.sigmaflow.roadef.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.roadef.RoadefData;
import io.sigmaflow.roadef.check.CostChecker;
import io.sigmaflow.roadef.check.CostReport;
import io.sigmaflow.roadef.io.Instance;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * {@link MoveDelta} predicts exactly what applying a move does: for random shifts and swaps from
 * feasible states of every A instance, an accepted move changes the state's cost by the predicted
 * amount and leaves it feasible, a rejected one breaks a hard constraint, and undoing either
 * restores the cost exactly; along the way the state agrees with the independent checker.
 */
class MoveDeltaTest {
    private static final List<String> A_INSTANCES = RoadefData.A_INSTANCES;

    @ParameterizedTest(name = "{0}")
    @FieldSource("A_INSTANCES")
    void predictedChangesAreExactAndRejectionsAreInfeasible(String name) {
        Instance instance = RoadefData.instance(name);
        int[] initial = RoadefData.initial(name, instance);
        RoadefState state = RoadefData.state(instance, initial, initial);
        MoveDelta delta = new MoveDelta(state);
        Random random = new Random(name.hashCode());
        int accepted = 0;
        int rejected = 0;
        for (int i = 0; i < 20_000; i++) {
            long before = state.softPenalty();
            int p = random.nextInt(state.processCount());
            int from = state.machineOf(p);
            boolean swap = random.nextBoolean();
            int q = random.nextInt(state.processCount());
            int m = random.nextInt(state.machineCount());
            if (swap ? state.machineOf(q) == from : m == from) {
                continue;
            }
            int qFrom = state.machineOf(q);
            long change = swap ? delta.swap(p, q, Long.MAX_VALUE - 1) : delta.shift(p, m, Long.MAX_VALUE - 1);
            if (swap) {
                state.move(p, qFrom);
                state.move(q, from);
            } else {
                state.move(p, m);
            }
            String move = name + (swap ? " swap " + p + "," + q : " shift " + p + "->" + m);
            if (change == MoveDelta.REJECTED) {
                // Same-service swaps are skipped by design, not for feasibility.
                if (!(swap && state.serviceOf(p) == state.serviceOf(q))) {
                    assertTrue(state.hardPenalty() > 0, move + " was rejected but is feasible");
                }
                rejected++;
            } else {
                assertEquals(0, state.hardPenalty(), move + " was accepted but breaks a hard constraint");
                assertEquals(before + change, state.softPenalty(), move);
                accepted++;
            }
            boolean keep = change != MoveDelta.REJECTED && random.nextInt(3) > 0;
            if (!keep) {
                if (swap) {
                    state.move(q, qFrom);
                }
                state.move(p, from);
                assertEquals(before, state.softPenalty(), move + " undone");
                assertEquals(0, state.hardPenalty(), move + " undone");
            }
            if (i % 5_000 == 0) {
                CostReport report = CostChecker.check(instance, initial, state.assignment());
                assertEquals(report.total(), state.softPenalty(), name + " after " + i + " moves");
                assertTrue(report.feasible(), report.examples().toString());
            }
        }
        assertTrue(accepted > 100 && rejected > 100, name + ": accepted " + accepted + ", rejected " + rejected);
    }
}
