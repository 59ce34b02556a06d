package io.sigmaflow.roadef.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.cli.support.testing.CommandRun;
import io.sigmaflow.roadef.RoadefData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoadefBenchmarkTest {

    @Test
    void readsTheBestKnownTableOfTheTenAInstances() throws Exception {
        var best = RoadefBenchmark.readBestKnown(RoadefData.ROOT.resolve("bestknown_A.csv"));
        assertEquals(RoadefData.A_INSTANCES, java.util.List.copyOf(best.keySet()));
        assertEquals(44_306_501L, best.get("a1_1").bestKnown());
        for (String name : RoadefData.A_INSTANCES) {
            assertEquals(RoadefData.originalCost(name), best.get(name).initialCost(), name);
        }
    }

    @Test
    void gapIsRelativeToTheBestKnown() {
        assertEquals(1.0, RoadefBenchmark.gapPercent(101, 100), 1e-9);
        assertEquals(0.0, RoadefBenchmark.gapPercent(0, 0), 1e-9);
        assertEquals(Double.POSITIVE_INFINITY, RoadefBenchmark.gapPercent(5, 0));
    }

    @Test
    void printsOneCheckedRowPerInstance(@TempDir Path dir) throws Exception {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, RoadefBenchmark.run(new String[] {"--data", RoadefData.ROOT.toString(), "--seconds", "1",
                "--instances", "a1_1", "--seed", "5", "--out", dir.toString()}));
        } finally {
            System.setOut(saved);
        }
        String table = out.toString(StandardCharsets.UTF_8);
        assertTrue(table.contains("| a1_1 | 49,528,750 | ") && table.contains("| 44,306,501 | "), table);
        assertTrue(table.contains("1 of 1 feasible"), table);
        assertTrue(Files.isRegularFile(dir.resolve("solution_a1_1.txt")));
    }

    @Test
    void generatesASetOfTemplatesSizedByProcesses(@TempDir Path dir) throws Exception {
        Path set = dir.resolve("set");
        assertEquals(0, RoadefGenerateCommand.run(new String[] {"--data", RoadefData.ROOT.toString(), "--template", "a1_1,a1_5",
            "--processes", "1000", "--seed", "3", "--out", set.toString()}));
        assertEquals(java.util.List.of("a1_1x10_s3", "a1_5x1_s3"), RoadefBenchmark.modelNames(set));
        var best = RoadefBenchmark.readBestKnown(set.resolve("bestknown.csv"));
        assertEquals(10 * 44_306_501L, best.get("a1_1x10_s3").bestKnown());
        var model = io.sigmaflow.roadef.io.InstanceReader.read(set.resolve("model_a1_1x10_s3.txt"));
        assertEquals(40, model.machineCount());
        assertEquals(1000, model.processCount());
        assertEquals(2, RoadefGenerateCommand.run(new String[] {"--data", RoadefData.ROOT.toString(), "--template", "a1_5",
            "--processes", "1500", "--out", set.toString()}));
    }

    @Test
    void solvesEveryInstanceOfASetDirectoryAgainstItsBestKnown(@TempDir Path dir) throws Exception {
        Path set = Files.createDirectories(dir.resolve("set"));
        assertEquals(0, RoadefGenerateCommand.run(new String[] {"--data", RoadefData.ROOT.toString(), "--template", "a1_1",
            "--machines", "8", "--seed", "3", "--out", set.toString()}));
        assertEquals(java.util.List.of("a1_1x2_s3"), RoadefBenchmark.modelNames(set));
        var best = RoadefBenchmark.readBestKnown(set.resolve("bestknown.csv"));
        assertEquals(2 * 44_306_501L, best.get("a1_1x2_s3").bestKnown());
        assertEquals(2 * 49_528_750L, best.get("a1_1x2_s3").initialCost());
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, RoadefBenchmark.run(new String[] {"--set", set.toString(), "--seconds", "1",
                "--out", dir.resolve("solutions").toString()}));
        } finally {
            System.setOut(saved);
        }
        String table = out.toString(StandardCharsets.UTF_8);
        assertTrue(table.contains("| a1_1x2_s3 | 99,057,500 | ") && table.contains("| 88,613,002 | "), table);
        assertTrue(table.contains("1 of 1 feasible"), table);
        CommandRun empty = CommandRun.of(new RoadefBenchmark(), "--set", dir.resolve("solutions").toString());
        assertEquals(2, empty.code());
        assertTrue(empty.err().contains("has no model_<name>.txt"), empty.err());
    }

    @Test
    void helpAndUsageErrorsNameTheOption() {
        CommandRun.assertHelp(new RoadefBenchmark(), "roadef-all", "--data=DIR", "--seconds=S", "--instances=NAME");
        CommandRun.assertUnknownOptionRefused(new RoadefBenchmark(), "roadef-all");
        CommandRun unknown = CommandRun.of(new RoadefBenchmark(), "--data", RoadefData.ROOT.toString(), "--instances", "a9_9");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("roadef-all: --instances: unknown instance a9_9"), unknown.err());
    }
}
