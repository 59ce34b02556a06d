package io.sigmaflow.roadef.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.roadef.RandomInstances;
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
            RandomInstances.Drawn drawn = RandomInstances.draw(seed);
            RoadefState bounded = drawn.state();
            RoadefState plain = drawn.state();
            MoveDelta delta = new MoveDelta(bounded);
            PairRepack pairBounded = new PairRepack(bounded, Long.MAX_VALUE, true);
            PairRepack pairPlain = new PairRepack(plain, Long.MAX_VALUE, false);
            GroupRepack groupBounded = new GroupRepack(bounded, Long.MAX_VALUE, true);
            GroupRepack groupPlain = new GroupRepack(plain, Long.MAX_VALUE, false);
            SplittableRandom random = new SplittableRandom(seed);
            int n = bounded.machineCount();
            for (int i = 0; i < 10; i++) {
                for (int k = 0; k < 3; k++) {
                    int p = random.nextInt(bounded.processCount());
                    int m = random.nextInt(n);
                    if (delta.shift(p, m, Long.MAX_VALUE - 1) != MoveDelta.REJECTED) {
                        bounded.move(p, m);
                        plain.move(p, m);
                    }
                }
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
