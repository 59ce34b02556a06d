package io.sigmaflow.placement.placer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The search's heap pops a group's keys in exactly the order a full sort gives them. */
class CandidateSearchHeapTest {

    @Test
    void poppingTheHeapGivesTheSortedOrder() {
        Random random = new Random(18);
        for (int round = 0; round < 2000; round++) {
            int size = 1 + random.nextInt(round < 1000 ? 50 : 700);
            long[] keys = new long[size];
            for (int k = 0; k < size; k++) {
                // Few distinct hints (ties broken by position, as in the search), some negative or NaN.
                double hint = switch (random.nextInt(4)) {
                    case 0 -> random.nextInt(3);
                    case 1 -> -random.nextDouble() * 100;
                    case 2 -> Double.NaN;
                    default -> random.nextDouble() * 1e6;
                };
                keys[k] = CandidateSearch.hintKey(hint, k);
            }
            long[] sorted = keys.clone();
            Arrays.sort(sorted);
            long[] heap = keys.clone();
            CandidateSearch.heapify(heap, size);
            long[] popped = new long[size];
            for (int n = size, k = 0; n > 0; k++) {
                popped[k] = heap[0];
                n = CandidateSearch.popMin(heap, n);
            }
            assertArrayEquals(sorted, popped, "round " + round + ", " + size + " keys");
        }
    }
}
