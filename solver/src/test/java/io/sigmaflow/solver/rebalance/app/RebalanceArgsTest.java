package io.sigmaflow.solver.rebalance.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RebalanceArgsTest {
    private static List<String> problems(String... args) {
        return assertThrows(UsageException.class, () -> RebalanceArgs.parse(args)).problems();
    }

    @Test
    void everyOptionParsed(@TempDir Path dir) throws IOException {
        Path config = Files.writeString(dir.resolve("r.properties"), "");
        RebalanceArgs a = RebalanceArgs.parse(new String[] {"--bootstrap", "k1:9092,k2:9093", "--every", "10m",
            "--seconds", "45", "--max-moves", "20", "--max-moves-per-app", "3", "--prefix", "test-", "--config",
            config.toString()});
        assertEquals(new RebalanceArgs("k1:9092,k2:9093", RebalanceArgs.Mode.EVERY, Duration.ofMinutes(10),
                Duration.ofSeconds(45), 20, 3, "test-", config), a);
    }

    @Test
    void defaultsLeaveTheConfigInCharge() {
        RebalanceArgs a = RebalanceArgs.parse(new String[] {"--dry-run", "--bootstrap", "127.0.0.1:9092"});
        assertEquals(RebalanceArgs.Mode.DRY_RUN, a.mode());
        assertNull(a.seconds());
        assertNull(a.maxMoves());
        assertEquals("", a.prefix());
        assertEquals(Duration.ofSeconds(30), RebalanceArgs.parse(new String[] {"--every", "30s", "--bootstrap", "h:1"}).every());
        assertEquals(Duration.ofHours(2), RebalanceArgs.parse(new String[] {"--every", "2h", "--bootstrap", "h:1"}).every());
    }

    @Test
    void everyProblemIsNamedAtOnce() {
        assertEquals(List.of(
                "--bootstrap: 'localhost' is not HOST:PORT",
                "--seconds: 'ten' is not a whole number of seconds",
                "--max-moves: -1 must not be negative",
                "--max-moves-per-app: 'x' is not an integer",
                "--frobnicate: unknown option"),
                problems("--once", "--bootstrap", "localhost", "--seconds", "ten", "--max-moves", "-1",
                        "--max-moves-per-app", "x", "--frobnicate"));
    }

    @Test
    void exactlyOneMode() {
        assertEquals(List.of("one of --once, --every PERIOD, --dry-run is required"), problems("--bootstrap", "h:1"));
        assertEquals(List.of("--dry-run: choose one of --once, --every, --dry-run (--once is given too)"),
                problems("--once", "--dry-run", "--bootstrap", "h:1"));
        assertEquals(List.of("--every: choose one of --once, --every, --dry-run (--dry-run is given too)"),
                problems("--dry-run", "--every", "10m", "--bootstrap", "h:1"));
    }

    @Test
    void badValues() {
        assertEquals(List.of("--bootstrap: required"), problems("--once"));
        assertEquals(List.of("--every: '10' is not a period (use 30s, 10m or 1h)"), problems("--every", "10", "--bootstrap", "h:1"));
        assertEquals(List.of("--every: 0m must be above 0 and at most 7 days"), problems("--every", "0m", "--bootstrap", "h:1"));
        assertEquals(List.of("--every: missing value"), problems("--bootstrap", "h:1", "--every"));
        assertEquals(List.of("--seconds: 0 must be between 1 and 3600"), problems("--once", "--bootstrap", "h:1", "--seconds", "0"));
        assertEquals(List.of("--config: 'no/such/file' is not a readable file"),
                problems("--once", "--bootstrap", "h:1", "--config", "no/such/file"));
        assertEquals(List.of("--once: given more than once"), problems("--once", "--once", "--bootstrap", "h:1"));
        assertEquals(List.of("--bootstrap: 'h:99999' is not HOST:PORT"), problems("--once", "--bootstrap", "h:99999"));
    }
}
