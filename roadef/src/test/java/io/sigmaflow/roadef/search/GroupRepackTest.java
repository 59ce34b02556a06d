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
 * The group repack is exact within its bound: on random small instances (after a few random
 * moves, so that processes are away from their original machines and hold transient shares
 * there) its result is the cheapest feasible re-assignment of three machines' processes among
 * them with at most three changes, found by trying every such re-assignment with the
 * independent checker; its cost change equals the checker's recomputation; when it finds
 * nothing better the state is exactly as before.
 */
class GroupRepackTest {
    private static final int SEEDS = 300;
    /** Groups with more processes than this are not enumerated by the test (thousands of checker calls). */
    private static final int ENUMERATED = 10;
    private static final long UNKNOWN = Long.MIN_VALUE;

    @Test
    void findsTheBestReassignmentOfThreeMachinesAsTheCheckerSeesIt() {
        int improved = 0;
        int unchanged = 0;
        for (long seed = 0; seed < SEEDS; seed++) {
            RandomCase drawn = RandomCase.of(seed);
            Instance instance = drawn.instance();
            int[] initial = drawn.initial();
            RoadefState state = drawn.state();
            if (state.machineCount() < 3) {
                continue;
            }
            GroupRepack repack = new GroupRepack(state);
            SplittableRandom random = drawn.random();
            for (int i = 0; i < 5; i++) {
                drawn.shiftAtRandom(3);
                int[] group = {random.nextInt(state.machineCount()), random.nextInt(state.machineCount()),
                    random.nextInt(state.machineCount())};
                int[] before = state.assignment();
                long best = bestByChecker(instance, initial, before, group);
                if (best == UNKNOWN) {
                    continue;
                }
                long change = repack.apply(group);
                boolean repeated = group[0] == group[1] || group[1] == group[2] || group[0] == group[2];
                String what = instance.name() + " machines " + group[0] + "," + group[1] + "," + group[2];
                if (RepackAssertions.assertBestOrUnchanged(instance, initial, state, before, best, change, repeated, what)) {
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
        RepackAssertions.assertNeverWorseOn("a2_2", 3, state -> new GroupRepack(state)::apply);
    }

    /**
     * The lowest checker cost over every re-assignment of the group's processes among its machines
     * with at most {@link GroupRepack#MAX_CHANGED} of them changing machine (feasible ones only); the
     * start's cost when the machines repeat; {@link #UNKNOWN} for a group of more than {@link #ENUMERATED}.
     */
    private static long bestByChecker(Instance instance, int[] initial, int[] current, int[] group) {
        long best = CostChecker.check(instance, initial, current).total();
        if (group[0] == group[1] || group[1] == group[2] || group[0] == group[2]) {
            return best;
        }
        List<Integer> inGroup = new ArrayList<>();
        for (int p = 0; p < current.length; p++) {
            if (current[p] == group[0] || current[p] == group[1] || current[p] == group[2]) {
                inGroup.add(p);
            }
        }
        if (inGroup.size() > ENUMERATED) {
            return UNKNOWN;
        }
        return Math.min(best, enumerate(instance, initial, current.clone(), group, inGroup, 0, GroupRepack.MAX_CHANGED));
    }

    private static long enumerate(Instance instance, int[] initial, int[] split, int[] group, List<Integer> inGroup,
            int i, int changes) {
        if (i == inGroup.size()) {
            CostReport report = CostChecker.check(instance, initial, split);
            return report.feasible() ? report.total() : Long.MAX_VALUE;
        }
        int p = inGroup.get(i);
        int start = split[p];
        long best = enumerate(instance, initial, split, group, inGroup, i + 1, changes);
        if (changes > 0) {
            for (int m : group) {
                if (m != start) {
                    split[p] = m;
                    best = Math.min(best, enumerate(instance, initial, split, group, inGroup, i + 1, changes - 1));
                }
            }
            split[p] = start;
        }
        return best;
    }
}
