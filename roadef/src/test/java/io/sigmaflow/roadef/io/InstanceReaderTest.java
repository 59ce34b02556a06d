package io.sigmaflow.roadef.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.roadef.RoadefData;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InstanceReaderTest {

    @Test
    void readsTheSpecificationExampleFieldByField() {
        Instance example = InstanceReader.read(RoadefData.EXAMPLE_MODEL);
        assertEquals("example", example.name());
        assertEquals(2, example.resourceCount());
        assertArrayEquals(new boolean[] {true, false}, example.transientResource());
        assertArrayEquals(new long[] {100, 10}, example.loadCostWeight());
        assertEquals(4, example.machineCount());
        assertArrayEquals(new int[] {0, 0, 1, 1}, example.neighborhood());
        assertArrayEquals(new int[] {0, 0, 1, 2}, example.location());
        assertArrayEquals(new long[] {15, 100}, example.capacity()[2]);
        assertArrayEquals(new long[] {12, 80}, example.safetyCapacity()[2]);
        assertArrayEquals(new int[] {5, 4, 2, 0}, example.machineMoveCost()[3]);
        assertArrayEquals(new int[] {2, 1}, example.spreadMin());
        assertArrayEquals(new int[] {0}, example.dependsOn()[1]);
        assertArrayEquals(new int[] {0, 0, 1}, example.serviceOfProcess());
        assertArrayEquals(new long[] {6, 200}, example.requirement()[2]);
        assertArrayEquals(new long[] {1000, 100, 1}, example.processMoveCost());
        assertEquals(List.of(new Balance(0, 1, 20, 10)), example.balances());
        assertEquals(1, example.processMoveWeight());
        assertEquals(10, example.serviceMoveWeight());
        assertEquals(100, example.machineMoveWeight());
    }

    @Test
    void readsEveryAInstanceWithItsAssignment() {
        for (String name : RoadefData.A_INSTANCES) {
            Instance instance = RoadefData.instance(name);
            int[] initial = RoadefData.initial(name, instance);
            assertEquals(instance.processCount(), initial.length, name);
            assertEquals(name, instance.name());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "letter instead of a number | 2 1 x                 | line 1 (resource 0): expected load cost weight (an integer), found 'x'",
        "file ends early            | 1 0 5 1 0 0 10          | line 1 (machine 0): expected safety capacity but the file ends",
        "transient flag not boolean | 1 2 5                 | line 1 (resource 0): transient flag (0 or 1) is 2, must be in [0, 1]",
        "negative number            | 1 0 -5                | expected load cost weight (an integer), found '-'",
        "dependency out of range    | 1 0 1 1 0 0 10 8 0 1 1 1 3 | line 1 (service 0): dependency (a service index) is 3, must be in [0, 0]",
    })
    void namesTheFieldLineAndRecordOfBadInput(String description, String content, String expected) {
        RoadefFormatException e = assertThrows(RoadefFormatException.class, () ->
                InstanceReader.read(new ByteArrayInputStream(content.getBytes(StandardCharsets.US_ASCII)), "bad.txt", "bad"));
        assertTrue(e.getMessage().startsWith("bad.txt") && e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void rejectsTrailingContentAndCountsLines() {
        String model = "1\n0 5\n1\n0 0 10 8 0\n1\n1 0\n1\n0 3 7\n0\n1 1 1\nextra";
        RoadefFormatException e = assertThrows(RoadefFormatException.class, () ->
                InstanceReader.read(new ByteArrayInputStream(model.getBytes(StandardCharsets.US_ASCII)), "m.txt", "m"));
        assertTrue(e.getMessage().contains("m.txt line 11") && e.getMessage().contains("unexpected content"), e.getMessage());
    }

    @Test
    void assignmentMustNameOneValidMachinePerProcess(@TempDir Path dir) throws Exception {
        Instance example = InstanceReader.read(RoadefData.EXAMPLE_MODEL);
        Path shortFile = Files.writeString(dir.resolve("short.txt"), "0 3");
        assertTrue(assertThrows(RoadefFormatException.class, () -> AssignmentFile.read(shortFile, example))
                .getMessage().contains("(process 2): expected machine index but the file ends"));
        Path badMachine = Files.writeString(dir.resolve("bad.txt"), "0 4 0");
        assertTrue(assertThrows(RoadefFormatException.class, () -> AssignmentFile.read(badMachine, example))
                .getMessage().contains("(process 1): machine index is 4, must be in [0, 3]"));
        Path tooLong = Files.writeString(dir.resolve("long.txt"), "0 1 2 3");
        assertTrue(assertThrows(RoadefFormatException.class, () -> AssignmentFile.read(tooLong, example))
                .getMessage().contains("unexpected content"));
    }

    @Test
    void writtenAssignmentReadsBackInTheOfficialFormat(@TempDir Path dir) throws Exception {
        Instance example = InstanceReader.read(RoadefData.EXAMPLE_MODEL);
        Path out = dir.resolve("solution.txt");
        AssignmentFile.write(out, new int[] {0, 2, 1});
        assertEquals("0 2 1\n", Files.readString(out));
        assertArrayEquals(new int[] {0, 2, 1}, AssignmentFile.read(out, example));
        assertArrayEquals(AssignmentFile.read(RoadefData.EXAMPLE_BETTER, example), AssignmentFile.read(out, example));
    }

    @Test
    void instanceNameComesFromTheModelFileName() {
        assertEquals("a1_1", InstanceReader.instanceName(Path.of("x/model_a1_1.txt")));
        assertEquals("b_10", InstanceReader.instanceName(Path.of("model_b_10.txt")));
        assertEquals("custom", InstanceReader.instanceName(Path.of("custom")));
    }

    @Test
    void streamsALargeInstanceInOnePass(@TempDir Path dir) throws Exception {
        // B-sized processes (20,000) on 1,000 machines: a 1,000 x 1,000 move cost matrix, ~2.5 MB of text.
        int machines = 1_000;
        int services = 2_000;
        int processes = 20_000;
        Path model = dir.resolve("model_big.txt");
        try (var out = new java.io.PrintWriter(Files.newBufferedWriter(model))) {
            out.println("2\n1 10\n0 1\n" + machines);
            for (int m = 0; m < machines; m++) {
                out.print(m / 10 + " " + m / 5 + " 1000 1000 800 800");
                for (int to = 0; to < machines; to++) {
                    out.print(to == m ? " 0" : " 1");
                }
                out.println();
            }
            out.println(services);
            for (int s = 0; s < services; s++) {
                out.println(s == 0 ? "1 0" : "1 1 " + (s - 1));
            }
            out.println(processes);
            for (int p = 0; p < processes; p++) {
                out.println(p % services + " 10 20 " + p % 7);
            }
            out.println("1\n0 1 2 1\n1 10 100");
        }
        Instance big = InstanceReader.read(model);
        assertEquals(machines, big.machineCount());
        assertEquals(processes, big.processCount());
        assertArrayEquals(new int[] {services - 2}, big.dependsOn()[services - 1]);
        assertEquals((processes - 1) % 7, big.processMoveCost()[processes - 1]);

        // Service s's k-th process on machine (s + k): no conflicts; 20 processes per machine.
        int[] assignment = new int[processes];
        for (int p = 0; p < processes; p++) {
            assignment[p] = (p % services + p / services) % machines;
        }
        var report = io.sigmaflow.roadef.check.CostChecker.check(big, assignment, assignment);
        assertEquals(0, report.violations().conflict() + report.violations().capacity());
        // Only balance costs: every machine has 2 * (1000 - 200) - (1000 - 400) = 1,000.
        assertEquals(1_000L * machines, report.total());
    }
}
