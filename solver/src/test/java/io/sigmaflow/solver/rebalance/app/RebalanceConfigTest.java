package io.sigmaflow.solver.rebalance.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.solver.rebalance.domain.NodeEligibility;
import io.sigmaflow.solver.rebalance.domain.RebalanceSettings;
import io.sigmaflow.solver.rebalance.score.RebalanceWeights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RebalanceConfigTest {
    @Test
    void defaults() {
        RebalanceConfig c = RebalanceConfig.defaults();
        assertEquals(new RebalanceSettings(50, 5, 10), c.settings());
        assertEquals(Duration.ofSeconds(30), c.solveTime());
        assertNull(c.seed());
        assertEquals(RebalanceWeights.DEFAULT, c.weights());
        assertEquals(1, c.maxUnavailable("any-app"));
        assertEquals(NodeEligibility.DEFAULT_FILTERS, c.filters());
    }

    @Test
    void theShippedSampleFileIsTheDefaults() {
        Path sample = Path.of("dist/rebalancer.properties");
        assertEquals(RebalanceConfig.defaults(), RebalanceConfig.load(sample));
    }

    @Test
    void aFileSetsEveryKey(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("r.properties"), String.join("\n",
                "budget.max-moves = 100", "budget.max-moves-per-app = 8", "plan.max-waves = 4", "solver.seconds = 60",
                "solver.seed = 42", "app.max-unavailable.default = 2", "app.max-unavailable.payments = 0",
                "weight.dispersion.core-switch = 1", "weight.dispersion.chassis = 2", "weight.dispersion.host = 3",
                "weight.balance = 4", "weight.migration = 5", "eligibility.filters = NodeSchedulable",
                "snapshot.timeout-seconds = 9"));
        RebalanceConfig c = RebalanceConfig.load(file);
        assertEquals(new RebalanceSettings(100, 8, 4), c.settings());
        assertEquals(Duration.ofSeconds(60), c.solveTime());
        assertEquals(42L, c.seed());
        assertEquals(new RebalanceWeights(1, 2, 3, 4, 5), c.weights());
        assertEquals(2, c.maxUnavailable("web"));
        assertEquals(0, c.maxUnavailable("payments"));
        assertEquals("NodeSchedulable", c.filters());
        assertEquals(Duration.ofSeconds(9), c.snapshotTimeout());
    }

    @Test
    void theCommandLineOverridesTheFile() {
        RebalanceConfig c = RebalanceConfig.parse(Map.of("budget.max-moves", "100", "solver.seconds", "60"), "f")
                .with(Duration.ofSeconds(5), 7, null);
        assertEquals(new RebalanceSettings(7, 5, 10), c.settings());
        assertEquals(Duration.ofSeconds(5), c.solveTime());
    }

    @Test
    void everyProblemNamesTheFileAndTheKey() {
        RebalanceConfig.ConfigException e = assertThrows(RebalanceConfig.ConfigException.class, () -> RebalanceConfig.parse(
                Map.of("budget.max-moves", "many", "plan.max-waves", "0", "weight.balance", "-3",
                        "app.max-unavailable.", "1", "eligibility.filters", "NodeResourcesFit", "budget.maxmoves", "1"),
                "r.properties"));
        List<String> problems = e.problems();
        assertTrue(problems.contains("r.properties: budget.max-moves: 'many' is not an integer"), problems.toString());
        assertTrue(problems.contains("r.properties: plan.max-waves: 0 is below the minimum 1"), problems.toString());
        assertTrue(problems.contains("r.properties: weight.balance: -3 must be between 0 and 1000000"), problems.toString());
        assertTrue(problems.contains("r.properties: app.max-unavailable.: names no app"), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("r.properties: eligibility.filters: NodeResourcesFit is not allowed")),
                problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("r.properties: budget.maxmoves: unknown key; known: budget.max-moves")),
                problems.toString());
        assertEquals(6, problems.size(), problems.toString());
    }

    @Test
    void anUnreadableFile(@TempDir Path dir) {
        RebalanceConfig.ConfigException e = assertThrows(RebalanceConfig.ConfigException.class,
                () -> RebalanceConfig.load(dir.resolve("missing.properties")));
        assertTrue(e.getMessage().contains("missing.properties: cannot read"), e.getMessage());
    }
}
