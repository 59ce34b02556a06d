package io.sigmaflow.roadef.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The parallel search is deterministic at its exchange points: the same seed and thread count
 * give the same best cost and assignment after the same number of exchange points, run twice
 * (threads scheduled however the machine's load has it), and the best is always feasible.
 */
class PortfolioSearchTest {
    private static final long CANDIDATES = 8L * SimulatedAnnealing.CHECK_EVERY * PortfolioSearch.EXCHANGES;

    private record Run(List<Long> bestPerExchange, int[] best, long evaluations) {}

    private static Run run(Instance instance, int[] initial, long seed, int threads, int exchanges) throws InterruptedException {
        RoadefSearchPhase.Settings settings =
                RoadefSearchPhase.Settings.defaults(seed, threads, Duration.ofSeconds(1)).withCandidates(CANDIDATES);
        PortfolioSearch search = new PortfolioSearch(() -> RoadefData.state(instance, initial, initial), settings);
        List<Long> costs = new ArrayList<>();
        for (int i = 0; i < exchanges; i++) {
            assertTrue(search.runEpoch(() -> false));
            costs.add(search.bestCost());
        }
        assertEquals(exchanges, search.epochs());
        return new Run(costs, search.bestAssignment(), search.evaluations());
    }

    @ParameterizedTest
    @CsvSource({"a2_1, 3", "a1_4, 2", "a2_3, 1"})
    void sameSeedAndThreadsGiveTheSameSearchTwice(String name, int threads) throws InterruptedException {
        Instance instance = RoadefData.instance(name);
        int[] initial = RoadefData.initial(name, instance);
        int exchanges = 55; // past the first shares of the schedule, where the searches adopt the best

        Run first = run(instance, initial, 11, threads, exchanges);
        Run second = run(instance, initial, 11, threads, exchanges);

        assertEquals(first.bestPerExchange(), second.bestPerExchange());
        assertArrayEquals(first.best(), second.best());
        assertEquals((long) threads * exchanges * CANDIDATES / PortfolioSearch.EXCHANGES, first.evaluations());
        CostReport report = CostChecker.check(instance, initial, first.best());
        assertTrue(report.feasible(), report.examples().toString());
        assertEquals(report.total(), first.bestPerExchange().get(exchanges - 1));
        assertTrue(report.total() < RoadefData.originalCost(name), "improved on the initial assignment");
    }

    @Test
    void aScaledInstanceIsAsDeterministicAndAnotherSeedSearchesElsewhere() throws InterruptedException {
        Instance template = RoadefData.instance("a2_3");
        var generated = InstanceGenerator.generate("a2_3x3", template, RoadefData.initial("a2_3", template), 0, 3, 5);

        Run first = run(generated.instance(), generated.initial(), 1, 2, 8);
        Run second = run(generated.instance(), generated.initial(), 1, 2, 8);
        Run other = run(generated.instance(), generated.initial(), 2, 2, 8);

        assertEquals(first.bestPerExchange(), second.bestPerExchange());
        assertArrayEquals(first.best(), second.best());
        assertNotEquals(first.bestPerExchange(), other.bestPerExchange());
        assertTrue(CostChecker.check(generated.instance(), generated.initial(), other.best()).feasible());
    }

    @Test
    void aStopBeforeTheExchangePointKeepsAFeasibleBestAndNoExchange() throws InterruptedException {
        Instance instance = RoadefData.instance("a2_1");
        int[] initial = RoadefData.initial("a2_1", instance);
        RoadefSearchPhase.Settings settings =
                RoadefSearchPhase.Settings.defaults(3, 2, Duration.ofSeconds(1)).withCandidates(1_000 * CANDIDATES);
        PortfolioSearch search = new PortfolioSearch(() -> RoadefData.state(instance, initial, initial), settings);
        int[] looks = {0};

        assertFalse(search.runEpoch(() -> looks[0]++ > 0));

        assertEquals(0, search.epochs());
        assertTrue(search.evaluations() < 2 * search.exchangeEvery(), "cut short: " + search.evaluations());
        CostReport report = CostChecker.check(instance, initial, search.bestAssignment());
        assertTrue(report.feasible());
        assertEquals(report.total(), search.bestCost());
    }
}
