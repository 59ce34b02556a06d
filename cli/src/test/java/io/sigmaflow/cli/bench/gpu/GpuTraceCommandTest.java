package io.sigmaflow.cli.bench.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.cli.bench.BenchCommand;
import io.sigmaflow.cli.support.SigmaCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GpuTraceCommandTest {
    private static final String NODES = "sn,cpu_milli,memory_mib,gpu,model\nn1,32000,65536,4,T4\nn2,16000,65536,2,P100\n";
    private static final String PODS = "name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos\n"
            + "p1,4000,8192,1,1000,,LS\np2,2000,4096,1,500,,BE\np3,2000,4096,0,0,,BE\np4,8000,8192,2,1000,T4,LS\n";
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return SigmaCli.execute(new BenchCommand(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
    }

    @Test
    void runsEveryPolicyAndWritesTheCurvePlotAndPlacements(@TempDir Path dir) throws Exception {
        Path nodes = Files.writeString(dir.resolve("nodes.csv"), NODES);
        Path pods = Files.writeString(dir.resolve("pods.csv"), PODS);
        Path outDir = dir.resolve("out");
        assertEquals(0, run("gpu-trace", "--nodes", nodes.toString(), "--pods", pods.toString(), "--seeds", "1..3",
                "--policy", "all", "--out", outDir.toString()), err.toString(StandardCharsets.UTF_8));
        String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
        String json = lines[lines.length - 1];
        for (String key : List.of("\"policy\":\"SigmaFlow\"", "\"seeds\":3", "\"unallocated_gpu_pct\":",
                "\"fragmentation_pct\":", "\"policies\":{\"Random\":", "\"recount_violations\":0")) {
            assertTrue(json.contains(key), key + " in " + json);
        }
        List<String> placements = Files.readAllLines(outDir.resolve("placements.csv"));
        assertEquals("seed,index,pod,node,gpus", placements.get(0));
        assertTrue(placements.size() > 3 * 4, "one row per arriving pod and seed: " + placements.size());
        assertTrue(placements.stream().anyMatch(l -> l.matches("1,\\d+,p4(#\\d+)?,n1,\\d;\\d")),
                "a 2-GPU pod names two GPUs on the T4 node: " + placements);
        assertTrue(Files.readString(outDir.resolve("curve.svg")).startsWith("<svg"));
        assertTrue(Files.readAllLines(outDir.resolve("curve.csv")).get(0).startsWith("policy,seed,index,arrived_pct"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '!', value = {
        "share over two GPUs!p9,1000,1000,2,500,,LS!line 6, field gpu_milli: only one GPU can be shared",
        "too many GPUs!p9,1000,1000,9,1000,,LS!line 6, field num_gpu: expected an integer 0..8, got '9'",
        "not a number!p9,lots,1000,1,1000,,LS!line 6, field cpu_milli: expected an integer",
        "empty model!p9,1000,1000,1,1000,T4|,LS!line 6, field gpu_spec: empty model name",
        "short row!p9,1000!line 6: expected 7 fields as in the header, got 2",
        "twice!p1,1000,1000,1,1000,,LS!line 6, field name: pod p1 is listed twice"})
    void aBadPodRowExitsTwoNamingFileLineAndField(String name, String row, String expected, @TempDir Path dir)
            throws Exception {
        Path nodes = Files.writeString(dir.resolve("nodes.csv"), NODES);
        Path pods = Files.writeString(dir.resolve("pods.csv"), PODS + row + "\n");
        assertEquals(2, run("gpu-trace", "--nodes", nodes.toString(), "--pods", pods.toString(), "--seeds", "1"));
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains("pods.csv " + expected), message);
    }

    @Test
    void aBadNodeRowAndBadOptionsExitTwo(@TempDir Path dir) throws Exception {
        Path nodes = Files.writeString(dir.resolve("nodes.csv"), NODES + "n3,8000,1000,2,\n");
        Path pods = Files.writeString(dir.resolve("pods.csv"), PODS);
        assertEquals(2, run("gpu-trace", "--nodes", nodes.toString(), "--pods", pods.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("nodes.csv line 4, field model: a node with 2 GPU(s)"
                + " must name their model"), err.toString(StandardCharsets.UTF_8));
        assertEquals(2, run("gpu-trace", "--nodes", nodes.toString(), "--pods", pods.toString(), "--policy", "Nope"));
        assertEquals(2, run("gpu-trace", "--nodes", nodes.toString(), "--pods", pods.toString(), "--seeds", "9..1"));
    }
}
