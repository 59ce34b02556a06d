package io.sigmaflow.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) throws Exception {
        return BenchCommand.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String lastLine() {
        String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
        return lines[lines.length - 1];
    }

    @Test
    void coreOnlyRunPrintsTheSummaryAndWritesRecountableFiles(@TempDir Path dir) throws Exception {
        assertEquals(0, run("placement", "--nodes", "300", "--pods", "4000", "--core-only", "--out", dir.toString(),
                "--seed", "9", "--hosts-per-chassis", "10", "--chassis-per-switch", "5"));
        String json = lastLine();
        for (String key : List.of("\"mode\":\"core-only\"", "\"nodes\":300", "\"pods\":4000", "\"placed\":",
                "\"pending\":", "\"seconds\":", "\"placements_per_s\":", "\"p50_ms\":", "\"p99_ms\":",
                "\"overcommitted_nodes\":0", "\"avoidable_colocations\":0")) {
            assertTrue(json.contains(key), key + " in " + json);
        }
        assertTrue(json.startsWith("{") && json.endsWith("}"));
        assertEquals(301, Files.readAllLines(dir.resolve("nodes.csv")).size());
        List<String> placements = Files.readAllLines(dir.resolve("placements.csv"));
        assertEquals("pod,app,node,cpu_millis,memory_mb,order", placements.get(0));

        out.reset();
        assertEquals(0, run("recount", "--dir", dir.toString()));
        assertTrue(lastLine().contains("\"placements\":" + (placements.size() - 1)), lastLine());
        assertTrue(lastLine().contains("\"avoidable_colocations\":0"));
    }

    @Test
    void recountFlagsABadPlacementWithANonZeroExit(@TempDir Path dir) throws Exception {
        BenchCsv.write(dir, List.of(new NodeRow("n1", "s0", "c0", 1000, 1000), new NodeRow("n2", "s1", "c0", 1000, 1000)),
                List.of(new PlacementRow("a", "x", "n1", 100, 100, 1), new PlacementRow("b", "x", "n1", 100, 100, 2)));
        assertEquals(BenchCommand.VIOLATION, run("recount", "--dir", dir.toString()));
        assertTrue(lastLine().contains("\"avoidable_colocations\":1"), lastLine());
    }

    @Test
    void usageErrorsExitWithTwoAndSayWhatIsWrong(@TempDir Path dir) throws Exception {
        assertEquals(BenchCommand.USAGE_ERROR, run("placement", "--nodes", "10", "--pods", "10", "--order", "random"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--order must be event-time or arrival, got 'random'"));
        assertEquals(BenchCommand.USAGE_ERROR, run("placement", "--nodes", "x", "--pods", "10", "--core-only"));
        assertEquals(BenchCommand.USAGE_ERROR, run("sideways"));
        assertEquals(BenchCommand.USAGE_ERROR, run());
        assertEquals(BenchCommand.USAGE_ERROR, run("recount", "--dir", dir.resolve("missing").toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no such file"));
    }
}
