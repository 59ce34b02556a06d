package io.sigmaflow.solver.rebalance.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.cli.support.SigmaCli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** {@code ./sigma rebalance}'s command line: picocli's parse, then {@link RebalanceCli#args}'s checks. */
class RebalanceArgsTest {
    private static RebalanceArgs parse(String... args) {
        RebalanceCli cli = new RebalanceCli();
        new CommandLine(cli).parseArgs(args);
        return cli.args();
    }

    private static List<String> problems(String... args) {
        return List.of(assertThrows(ParameterException.class, () -> parse(args)).getMessage().split("\n"));
    }

    @Test
    void everyOptionParsed(@TempDir Path dir) throws IOException {
        Path config = Files.writeString(dir.resolve("r.properties"), "");
        RebalanceArgs a = parse("--bootstrap", "k1:9092,k2:9093", "--every", "10m",
            "--seconds", "45", "--max-moves", "20", "--max-moves-per-app", "3", "--prefix", "test-", "--config",
            config.toString());
        assertEquals(new RebalanceArgs("k1:9092,k2:9093", RebalanceArgs.Mode.EVERY, Duration.ofMinutes(10),
                Duration.ofSeconds(45), 20, 3, "test-", config), a);
    }

    @Test
    void defaultsLeaveTheConfigInCharge() {
        RebalanceArgs a = parse("--dry-run", "--bootstrap", "127.0.0.1:9092");
        assertEquals(RebalanceArgs.Mode.DRY_RUN, a.mode());
        assertNull(a.seconds());
        assertNull(a.maxMoves());
        assertEquals("", a.prefix());
        assertEquals(Duration.ofSeconds(30), parse("--every", "30s", "--bootstrap", "h:1").every());
        assertEquals(Duration.ofHours(2), parse("--every", "2h", "--bootstrap", "h:1").every());
        assertEquals(Duration.ofMinutes(15), parse("--every", "PT15M", "--bootstrap", "h:1").every());
    }

    @Test
    void everyValueProblemIsNamedAtOnce() {
        assertEquals(List.of(
                "--seconds: 0 must be between 1 and 3600",
                "--max-moves: -1 must not be negative",
                "--max-moves-per-app: -3 must not be negative"),
                problems("--once", "--bootstrap", "h:1", "--seconds", "0", "--max-moves", "-1",
                        "--max-moves-per-app", "-3"));
    }

    @Test
    void exactlyOneMode() {
        assertEquals(List.of("one of --once, --every PERIOD, --dry-run is required"), problems("--bootstrap", "h:1"));
        assertEquals(List.of("--once, --dry-run: choose one of --once, --every, --dry-run"),
                problems("--once", "--dry-run", "--bootstrap", "h:1"));
        assertEquals(List.of("--every, --dry-run: choose one of --once, --every, --dry-run"),
                problems("--dry-run", "--every", "10m", "--bootstrap", "h:1"));
    }

    @Test
    void badValues() {
        assertEquals(List.of("--bootstrap: required"), problems("--once"));
        assertEquals(List.of("Invalid value for option '--every': '10' is not a duration (use 500ms, 30s, 10m, 1h, 2d or PT30S)"),
                problems("--every", "10", "--bootstrap", "h:1"));
        assertEquals(List.of("--every: PT0S must be above 0 and at most 7 days"), problems("--every", "0m", "--bootstrap", "h:1"));
        assertEquals(List.of("Missing required parameter for option '--every' (PERIOD)"), problems("--bootstrap", "h:1", "--every"));
        assertEquals(List.of("--config: 'no/such/file' is not a readable file"),
                problems("--once", "--bootstrap", "h:1", "--config", "no/such/file"));
        assertEquals(List.of("option '--once' should be specified only once"), problems("--once", "--once", "--bootstrap", "h:1"));
        assertEquals(List.of("Invalid value for option '--bootstrap': 'h:99999' is not HOST:PORT"),
                problems("--once", "--bootstrap", "h:99999"));
        assertEquals(List.of("Invalid value for option '--max-moves-per-app': 'x' is not an int"),
                problems("--once", "--bootstrap", "h:1", "--max-moves-per-app", "x"));
        assertEquals(List.of("Unknown option: '--frobnicate'"), problems("--once", "--bootstrap", "h:1", "--frobnicate"));
    }

    @Test
    void helpExitsZeroWithAnExampleAndUnknownOptionsExitTwo() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, SigmaCli.execute(new RebalanceCli(), new PrintStream(out), new PrintStream(err), "--help"));
        String help = out.toString(StandardCharsets.UTF_8);
        assertTrue(help.contains("Usage: ./sigma rebalance") && help.contains("--every=PERIOD") && help.contains("Example:"), help);
        assertEquals(2, SigmaCli.execute(new RebalanceCli(), new PrintStream(out), new PrintStream(err), "--frobnicate"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("rebalance: Unknown option: '--frobnicate'"), err.toString());
    }
}
