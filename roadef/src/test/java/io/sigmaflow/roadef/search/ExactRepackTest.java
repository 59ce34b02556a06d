package io.sigmaflow.roadef.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.roadef.RandomCase;
import io.sigmaflow.roadef.score.MoveDelta;
import io.sigmaflow.roadef.score.RoadefState;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The repacks' lower bound prunes only branches that hold nothing better: without a node
 * limit, the pair and group repacks return the same re-assignment and cost change with the
 * bound as without it, on random instances after random moves (processes away from home).
 */
class ExactRepackTest {
    private static final int SEEDS = 300;

    @Test
    void theBoundChangesNoResult() {
        int improved = 0;
        for (long seed = 0; seed < SEEDS; seed++) {
            RandomCase drawn = RandomCase.of(seed);
            RoadefState bounded = drawn.state();
            RoadefState plain = drawn.freshState();
            PairRepack pairBounded = new PairRepack(bounded, Long.MAX_VALUE, true);
            PairRepack pairPlain = new PairRepack(plain, Long.MAX_VALUE, false);
            GroupRepack groupBounded = new GroupRepack(bounded, Long.MAX_VALUE, true);
            GroupRepack groupPlain = new GroupRepack(plain, Long.MAX_VALUE, false);
            SplittableRandom random = drawn.random();
            int n = bounded.machineCount();
            for (int i = 0; i < 10; i++) {
                drawn.shiftAtRandom(3, plain);
                int a = random.nextInt(n);
                int b = random.nextInt(n);
                int c = random.nextInt(n);
                boolean pair = random.nextBoolean();
                long withBound = pair ? pairBounded.apply(a, b) : groupBounded.apply(a, b, c);
                long without = pair ? pairPlain.apply(a, b) : groupPlain.apply(a, b, c);
                String what = drawn.instance().name() + " step " + i;
                assertEquals(without, withBound, what);
                assertArrayEquals(plain.assignment(), bounded.assignment(), what);
                improved += withBound != MoveDelta.REJECTED ? 1 : 0;
            }
        }
        assertTrue(improved > 100, "improved " + improved);
    }
}
