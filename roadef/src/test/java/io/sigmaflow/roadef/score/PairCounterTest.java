package io.sigmaflow.roadef.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The hash table (large instances) counts exactly as the dense array (small ones), through growth and zeros. */
class PairCounterTest {

    @Test
    void tableAgreesWithDenseArrayUnderRandomUpdates() {
        int services = 300;
        int width = 500;
        PairCounter dense = new PairCounter(services, width, Long.MAX_VALUE);
        PairCounter table = new PairCounter(services, width, 0);
        int[][] expected = new int[services][width];
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            int s = random.nextInt(services);
            int x = random.nextInt(width);
            if (expected[s][x] > 0 && random.nextInt(3) == 0) {
                expected[s][x]--;
                assertEquals(expected[s][x], table.decrement(s, x));
                assertEquals(expected[s][x], dense.decrement(s, x));
            } else {
                expected[s][x]++;
                assertEquals(expected[s][x], table.increment(s, x));
                assertEquals(expected[s][x], dense.increment(s, x));
            }
            int qs = random.nextInt(services);
            int qx = random.nextInt(width);
            assertEquals(expected[qs][qx], table.get(qs, qx));
            assertEquals(expected[qs][qx], dense.get(qs, qx));
        }
    }

    @Test
    void decrementingAnAbsentPairIsABug() {
        PairCounter table = new PairCounter(10, 10, 0);
        assertThrows(IllegalStateException.class, () -> table.decrement(3, 4));
    }
}
