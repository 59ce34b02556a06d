package io.sigmaflow.roadef.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.roadef.RoadefData;
import io.sigmaflow.roadef.check.CostChecker;
import io.sigmaflow.roadef.io.AssignmentFile;
import io.sigmaflow.roadef.io.Instance;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code ./sigma roadef} end to end: arguments, files, the checked JSON line; and the smoke solves. */
class RoadefCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream savedOut;
    private PrintStream savedErr;

    @BeforeEach
    void captureOutput() {
        savedOut = System.out;
        savedErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreOutput() {
        System.setOut(savedOut);
        System.setErr(savedErr);
    }

    private String lastLine() {
        String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
        return lines[lines.length - 1];
    }

    @Test
    void solvesTheSpecificationExampleToItsOptimum2411() throws Exception {
        Path solution = dir.resolve("example.txt");
        int rc = RoadefCommand.run(new String[] {"--model", RoadefData.EXAMPLE_MODEL.toString(), "--assignment",
            RoadefData.EXAMPLE_INITIAL.toString(), "--seconds", "1", "--out", solution.toString(), "--seed", "3"});
        assertEquals(0, rc, err.toString());
        assertTrue(lastLine().matches("\\{\"instance\":\"example\",\"seconds\":[0-9.]+,\"initial_cost\":4200,"
                + "\"cost\":2411,\"feasible\":true}"), lastLine());
        assertEquals("0 2 1\n", Files.readString(solution));
    }

    @Test
    void solvesA11IntoItsKnownRangeInAFewSeconds() {
        Path solution = dir.resolve("a1_1.txt");
        int rc = RoadefCommand.run(new String[] {"--model", RoadefData.model("a1_1").toString(), "--assignment",
            RoadefData.assignment("a1_1").toString(), "--seconds", "4", "--out", solution.toString(), "--seed", "1"});
        assertEquals(0, rc, err.toString());
        Instance instance = RoadefData.instance("a1_1");
        int[] initial = RoadefData.initial("a1_1", instance);
        long cost = CostChecker.check(instance, initial, AssignmentFile.read(solution, instance)).total();
        // Optimum 44,306,501 (proven by MIP), 300 s finds it; the initial assignment costs 49,528,750.
        assertTrue(cost >= 44_306_501 && cost <= 44_500_000, "cost " + cost);
        assertTrue(lastLine().contains("\"cost\":" + cost + ",\"feasible\":true"), lastLine());
    }

    /** A run stopped by --candidates is the same run on any machine: twice the same solution file, to the byte. */
    @Test
    void aRunOfGivenCandidatesWritesTheSameSolutionTwice() throws Exception {
        String[] solutions = new String[2];
        for (int i = 0; i < 2; i++) {
            Path solution = dir.resolve("a2_1-" + i + ".txt");
            int rc = RoadefCommand.run(new String[] {"--model", RoadefData.model("a2_1").toString(), "--assignment",
                RoadefData.assignment("a2_1").toString(), "--seconds", "600", "--out", solution.toString(),
                "--seed", "5", "--threads", "2", "--candidates", "2000000"});
            assertEquals(0, rc, err.toString());
            solutions[i] = Files.readString(solution);
        }
        assertEquals(solutions[0], solutions[1]);
        Instance instance = RoadefData.instance("a2_1");
        int[] initial = RoadefData.initial("a2_1", instance);
        assertTrue(CostChecker.check(instance, initial, AssignmentFile.read(dir.resolve("a2_1-0.txt"), instance))
                .total() < RoadefData.originalCost("a2_1"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "no arguments           | ''                                                      | --model: required",
        "unknown option         | --modle x                                               | Unknown options: '--modle', 'x'",
        "missing value          | --model                                                 | Missing required parameter for option '--model' (FILE)",
        "model not a file       | --model /nonexistent/model.txt                          | --model: '/nonexistent/model.txt' is not a readable file",
        "seconds not a number   | --model MODEL --assignment ASSIGNMENT --seconds ten      | --seconds: 'ten' is not a number",
        "seconds zero           | --model MODEL --assignment ASSIGNMENT --seconds 0       | --seconds: 0 must be above 0",
        "seed not an integer    | --model MODEL --seed 1.5                                | Invalid value for option '--seed': '1.5' is not a long",
        "out in a missing dir   | --model MODEL --out /nonexistent/dir/solution.txt       | --out: the directory of '/nonexistent/dir/solution.txt' does not exist",
        "option twice           | --model MODEL --model MODEL                             | option '--model' (FILE) should be specified only once",
        "out missing            | --model MODEL --assignment ASSIGNMENT --seconds 1       | --out: required",
        "threads zero           | --model MODEL --threads 0                               | --threads: 0 must be between 1 and 1024",
        "candidates too few     | --model MODEL --candidates 1000                         | --candidates: 1000 must be at least 409600",
    })
    void rejectsBadArgumentsNamingTheOptionWithExitCode2(String description, String args, String expected) {
        String line = args.replace("MODEL", RoadefData.EXAMPLE_MODEL.toString())
                .replace("ASSIGNMENT", RoadefData.EXAMPLE_INITIAL.toString());
        String[] argv = line.isBlank() ? new String[0] : line.trim().split("\\s+");
        assertEquals(2, RoadefCommand.run(argv));
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains("roadef: " + expected) && message.contains("Usage: ./sigma roadef"), message);
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpExitsZeroWithUsageAndAnExample() {
        assertEquals(0, RoadefCommand.run(new String[] {"--help"}));
        String help = out.toString(StandardCharsets.UTF_8);
        assertTrue(help.contains("Usage: ./sigma roadef") && help.contains("--assignment=FILE")
                && help.contains("Example:"), help);
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void malformedModelFileExitsWith1NamingTheLineAndField() throws Exception {
        Path model = Files.writeString(dir.resolve("model_bad.txt"), "2\n1 100\n0 x\n");
        int rc = RoadefCommand.run(new String[] {"--model", model.toString(), "--assignment",
            RoadefData.EXAMPLE_INITIAL.toString(), "--seconds", "1", "--out", dir.resolve("s.txt").toString()});
        assertEquals(1, rc);
        assertTrue(err.toString().contains("line 3 (resource 1): expected load cost weight (an integer), found 'x'"),
                err.toString());
    }

    @Test
    void assignmentOfAnotherInstanceExitsWith1() {
        int rc = RoadefCommand.run(new String[] {"--model", RoadefData.EXAMPLE_MODEL.toString(), "--assignment",
            RoadefData.assignment("a1_1").toString(), "--seconds", "1", "--out", dir.resolve("s.txt").toString()});
        assertEquals(1, rc);
        assertTrue(err.toString().contains("roadef: " + RoadefData.assignment("a1_1") + " line 1"), err.toString());
    }
}
