package io.sigmaflow.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class AotTrainingTest {
    @Test
    void withoutArgumentsTrainsTheThroughputProfileAsBefore() {
        assertEquals(List.of(List.of("placement", "--nodes", "2000", "--pods", "40000")), AotTraining.runs(List.of()));
    }

    @Test
    void splitsCommandLinesAtThePlusSign() {
        assertEquals(List.of(List.of("placement", "--nodes", "5"), List.of("placement", "--core-only")),
                AotTraining.runs(List.of("placement", "--nodes", "5", "+", "placement", "--core-only", "+")));
        assertEquals(List.of(List.of("placement", "--profile", "latency"), List.of("placement", "--pods", "40000")),
                AotTraining.runs(List.of("placement", "--profile", "latency", "+", "--pods", "40000")));
        assertEquals(List.of(List.of("placement", "--pods", "9")), AotTraining.runs(List.of("placement", "--pods", "9")));
        // the launcher's earlier form: the arguments of one placement run
        assertEquals(List.of(List.of("placement", "--nodes", "2000", "--pods", "40000")),
                AotTraining.runs(List.of("--nodes", "2000", "--pods", "40000")));
    }

    @Test
    void runsEveryCommandInThisJvmAndStopsAtTheFirstFailure() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        List<String> core = List.of("placement", "--nodes", "50", "--pods", "200", "--core-only",
                "--hosts-per-chassis", "5", "--chassis-per-switch", "5");
        assertEquals(0, AotTraining.run(List.of(core, core), o, e));
        assertEquals(2, out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("\"mode\":\"core-only\"")).count());

        out.reset();
        List<String> bad = List.of("placement", "--nodes", "x", "--pods", "10", "--core-only");
        assertEquals(BenchCommand.USAGE_ERROR, AotTraining.run(List.of(bad, core), o, e));
        assertEquals(0, out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("\"mode\":\"core-only\"")).count());
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("exited " + BenchCommand.USAGE_ERROR), err.toString(StandardCharsets.UTF_8));
    }
}
