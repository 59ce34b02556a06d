package io.sigmaflow.roadef.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.roadef.RoadefData;
import io.sigmaflow.roadef.check.CostChecker;
import io.sigmaflow.roadef.check.CostReport;
import io.sigmaflow.roadef.generate.InstanceGenerator;
import io.sigmaflow.roadef.io.Instance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The partitioned search on a 1,000-machine instance (a2_3 x 10): deterministic at its exchange
 * points for a seed and a thread count (twice the same merged costs and assignment, however the
 * threads were scheduled), every merged best feasible and costed as the independent checker
 * costs it, and the parts' gains actually merged (more than one part kept per exchange on
 * average: otherwise it is a portfolio that throws work away).
 */
class PartitionedSearchTest {
    private static final long CANDIDATES = 4L * SimulatedAnnealing.CHECK_EVERY * PortfolioSearch.EXCHANGES;
    private static final int EXCHANGES = 12;
    private static InstanceGenerator.Generated large;

    private record Run(List<Long> bestPerExchange, int[] best, long evaluations, String merges) {}

    @BeforeAll
    static void generate() {
        Instance template = RoadefData.instance("a2_3");
        large = InstanceGenerator.generate("a2_3x10", template, RoadefData.initial("a2_3", template), 0, 10, 3);
    }

    private static Run run(long seed, int threads, int exchanges) throws InterruptedException {
        RoadefSearchPhase.Settings settings =
                RoadefSearchPhase.Settings.defaults(seed, threads, Duration.ofSeconds(1)).withCandidates(CANDIDATES);
        PartitionedSearch search = new PartitionedSearch(
                () -> RoadefData.state(large.instance(), large.initial(), large.initial()), settings);
        List<Long> costs = new ArrayList<>();
        for (int i = 0; i < exchanges; i++) {
            assertTrue(search.runEpoch(() -> false));
            costs.add(search.bestCost());
            CostReport report = CostChecker.check(large.instance(), large.initial(), search.bestAssignment());
            assertTrue(report.feasible(), "exchange " + i + ": " + report.examples());
            assertEquals(report.total(), search.bestCost(), "exchange " + i);
        }
        return new Run(costs, search.bestAssignment(), search.evaluations(), search.mergeStatistics());
    }

    @Test
    void sameSeedAndThreadsMergeToTheSameFeasibleAssignmentTwice() throws InterruptedException {
        Run first = run(5, 2, EXCHANGES);
        Run second = run(5, 2, EXCHANGES);
        Run other = run(6, 2, EXCHANGES);

        assertEquals(first.bestPerExchange(), second.bestPerExchange());
        assertArrayEquals(first.best(), second.best());
        assertNotEquals(first.bestPerExchange(), other.bestPerExchange());
        assertEquals(2L * EXCHANGES * CANDIDATES / PortfolioSearch.EXCHANGES, first.evaluations());
        long initialCost = CostChecker.check(large.instance(), large.initial(), large.initial()).total();
        assertTrue(first.bestPerExchange().get(EXCHANGES - 1) < initialCost, "improved on the initial assignment");
        String[] kept = first.merges().split(" of ");
        assertTrue(Long.parseLong(kept[0]) > EXCHANGES, "parts kept by the merges: " + first.merges());
    }

    @Test
    void threeThreadsAreDeterministicToo() throws InterruptedException {
        assertEquals(run(9, 3, 4).bestPerExchange(), run(9, 3, 4).bestPerExchange());
    }

    @Test
    void severalThreadsOnALargeInstancePartitionAndTheASetKeepsThePortfolio() {
        RoadefSearchPhase.Settings two = RoadefSearchPhase.Settings.defaults(1, 2, Duration.ofSeconds(1));
        assertInstanceOf(PartitionedSearch.class, ParallelSearch.create(
                () -> RoadefData.state(large.instance(), large.initial(), large.initial()), two));
        assertInstanceOf(PortfolioSearch.class, ParallelSearch.create(
                () -> RoadefData.state(large.instance(), large.initial(), large.initial()),
                RoadefSearchPhase.Settings.defaults(1, 1, Duration.ofSeconds(1))));
        Instance a23 = RoadefData.instance("a2_3");
        int[] initial = RoadefData.initial("a2_3", a23);
        assertInstanceOf(PortfolioSearch.class, ParallelSearch.create(() -> RoadefData.state(a23, initial, initial), two));
    }

    @Test
    void aStopBeforeTheExchangePointKeepsAFeasibleMergedBest() throws InterruptedException {
        RoadefSearchPhase.Settings settings =
                RoadefSearchPhase.Settings.defaults(3, 2, Duration.ofSeconds(1)).withCandidates(50 * CANDIDATES);
        PartitionedSearch search = new PartitionedSearch(
                () -> RoadefData.state(large.instance(), large.initial(), large.initial()), settings);
        int[] looks = {0};

        assertFalse(search.runEpoch(() -> looks[0]++ > 0));

        assertEquals(0, search.epochs());
        CostReport report = CostChecker.check(large.instance(), large.initial(), search.bestAssignment());
        assertTrue(report.feasible());
        assertEquals(report.total(), search.bestCost());
        // The epoch goes on from where it was cut, to the exchange point.
        assertTrue(search.runEpoch(() -> false));
        assertEquals(1, search.epochs());
        assertTrue(CostChecker.check(large.instance(), large.initial(), search.bestAssignment()).feasible());
    }
}
