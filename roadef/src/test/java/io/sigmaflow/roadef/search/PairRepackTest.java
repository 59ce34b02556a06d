package io.sigmaflow.roadef.search;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.roadef.RandomCase;
import io.sigmaflow.roadef.check.CostChecker;
import io.sigmaflow.roadef.check.CostReport;
import io.sigmaflow.roadef.io.Instance;
import io.sigmaflow.roadef.score.RoadefState;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The pair repack is exact: on random small instances its result is the best feasible split of
 * the two machines' processes, found by trying every split with the independent checker; its
 * cost change equals the checker's recomputation; when it finds nothing better the state is
 * exactly as before.
 */
class PairRepackTest {
    private static final int SEEDS = 300;
    /** Pairs with more processes than this are not enumerated by the test (2^n checker calls). */
    private static final int ENUMERATED = 12;
    private static final long UNKNOWN = Long.MIN_VALUE;

    @Test
    void findsTheBestSplitOfTwoMachinesAsTheCheckerSeesIt() {
        int improved = 0;
        int unchanged = 0;
        for (long seed = 0; seed < SEEDS; seed++) {
            RandomCase drawn = RandomCase.of(seed);
            Instance instance = drawn.instance();
            int[] initial = drawn.initial();
            RoadefState state = drawn.state();
            PairRepack repack = new PairRepack(state);
            SplittableRandom random = drawn.random();
            for (int i = 0; i < 5; i++) {
                int a = random.nextInt(state.machineCount());
                int b = random.nextInt(state.machineCount());
                int[] before = state.assignment();
                long bestSplit = bestSplitByChecker(instance, initial, before, a, b);
                if (bestSplit == UNKNOWN) {
                    continue;
                }
                long change = repack.apply(a, b);
                String what = instance.name() + " machines " + a + "," + b;
                if (RepackAssertions.assertBestOrUnchanged(instance, initial, state, before, bestSplit, change, a == b, what)) {
                    improved++;
                } else {
                    unchanged++;
                }
            }
        }
        assertTrue(improved > 50 && unchanged > 50, "improved " + improved + ", unchanged " + unchanged);
    }

    @Test
    void neverChangesAFeasibleStateForTheWorseOnAnAInstance() {
        RepackAssertions.assertNeverWorseOn("a2_3", 2, state -> {
            PairRepack repack = new PairRepack(state);
            return machines -> repack.apply(machines[0], machines[1]);
        });
    }

    /** The lowest checker cost over every split of machines a and b's processes between them (feasible ones only). */
    private static long bestSplitByChecker(Instance instance, int[] initial, int[] current, int a, int b) {
        List<Integer> onPair = new ArrayList<>();
        for (int p = 0; p < current.length; p++) {
            if (current[p] == a || current[p] == b) {
                onPair.add(p);
            }
        }
        if (onPair.size() > ENUMERATED) {
            return UNKNOWN;
        }
        long best = Long.MAX_VALUE;
        int[] split = current.clone();
        for (long mask = 0; mask < 1L << onPair.size(); mask++) {
            for (int i = 0; i < onPair.size(); i++) {
                split[onPair.get(i)] = (mask >> i & 1) == 0 ? a : b;
            }
            CostReport report = CostChecker.check(instance, initial, split);
            if (report.feasible()) {
                best = Math.min(best, report.total());
            }
        }
        return best;
    }
}
