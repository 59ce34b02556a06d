package io.sigmaflow.solver.rebalance.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RunBudgetTest {
    private static final long SECOND = 1_000_000_000L;
    private static final int BIG = 158_919;

    @Test
    void theSearchGetsWhatTheSetUpAndTheWorkAfterItLeave() {
        long started = System.nanoTime() - 5 * SECOND; // the snapshot took 5 s to read
        Duration search = new RunBudget(started, Duration.ofSeconds(60)).search(SECOND, BIG);
        // 60 - 5 elapsed - 6 x 1 s around the search - 5 % margin (3 s) - 10 % for repairs (6 s) = 40 s,
        // less the time this took.
        assertTrue(search.compareTo(Duration.ofSeconds(40)) <= 0 && search.compareTo(Duration.ofSeconds(39)) > 0,
                "search " + search);
    }

    @Test
    void aClusterTooBigForItsBudgetStillSearchesATenth() {
        Duration search = new RunBudget(System.nanoTime(), Duration.ofSeconds(60)).search(20 * SECOND, BIG);
        assertEquals(Duration.ofSeconds(6), search);
    }

    @Test
    void repairRoundsStopWhenTheBudgetHasNoRoomForThem() {
        RunBudget roomy = new RunBudget(System.nanoTime(), Duration.ofSeconds(60));
        roomy.search(SECOND, BIG);
        assertEquals(Duration.ofSeconds(3), roomy.repair(Duration.ofSeconds(3)));

        RunBudget spent = new RunBudget(System.nanoTime() - 51 * SECOND, Duration.ofSeconds(60));
        spent.search(SECOND, BIG);
        assertNull(spent.repair(Duration.ofSeconds(3)), "no room left before the reserve (9 s)");
    }

    @Test
    void aSmallClusterRepairsEvenWhenLate() {
        RunBudget late = new RunBudget(System.nanoTime() - 70 * SECOND, Duration.ofSeconds(60));
        late.search(SECOND / 1000, 15_845);
        assertEquals(Duration.ofSeconds(3), late.repair(Duration.ofSeconds(3)));
    }
}
