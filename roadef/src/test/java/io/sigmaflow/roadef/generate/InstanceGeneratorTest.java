package io.sigmaflow.roadef.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.roadef.RoadefData;
import io.sigmaflow.roadef.check.CostChecker;
import io.sigmaflow.roadef.check.CostReport;
import io.sigmaflow.roadef.io.AssignmentFile;
import io.sigmaflow.roadef.io.Instance;
import io.sigmaflow.roadef.io.InstanceReader;
import io.sigmaflow.roadef.io.InstanceWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A scaled instance is feasible at the start, survives the file format, and is the same for a seed. */
class InstanceGeneratorTest {

    @Test
    void scaledInstanceIsFeasibleAndRoundTripsThroughTheFiles(@TempDir Path dir) {
        Instance template = RoadefData.instance("a2_3");
        int[] initial = RoadefData.initial("a2_3", template);
        InstanceGenerator.Generated g = InstanceGenerator.generate("big", template, initial, 1_000, 3, 7);
        Instance big = g.instance();
        assertEquals(300, big.machineCount());
        assertEquals(3_000, big.processCount());
        assertEquals(3 * template.serviceCount(), big.serviceCount());
        assertEquals(3_000, g.reference());
        CostReport report = CostChecker.check(big, g.initial(), g.initial());
        assertTrue(report.feasible(), report.examples().toString());
        // Copies of the template's initial assignment: three times its cost, less the service move
        // cost (a maximum, not a sum), which is zero at the start.
        assertEquals(3 * RoadefData.originalCost("a2_3"), report.total());

        InstanceWriter.write(dir.resolve("model_big.txt"), big);
        AssignmentFile.write(dir.resolve("assignment_big.txt"), g.initial());
        Instance read = InstanceReader.read(dir.resolve("model_big.txt"));
        int[] readInitial = AssignmentFile.read(dir.resolve("assignment_big.txt"), read);
        assertArrayEquals(g.initial(), readInitial);
        assertArrayEquals(big.serviceOfProcess(), read.serviceOfProcess());
        assertArrayEquals(big.location(), read.location());
        assertArrayEquals(big.machineMoveCost()[17], read.machineMoveCost()[17]);
        assertEquals(report.total(), CostChecker.check(read, readInitial, readInitial).total());
    }

    @Test
    void sameSeedSameInstanceOtherSeedAnother() {
        Instance template = RoadefData.instance("a1_4");
        int[] initial = RoadefData.initial("a1_4", template);
        var a = InstanceGenerator.generate("x", template, initial, 0, 4, 1);
        var b = InstanceGenerator.generate("x", template, initial, 0, 4, 1);
        var c = InstanceGenerator.generate("x", template, initial, 0, 4, 2);
        assertArrayEquals(a.initial(), b.initial());
        assertArrayEquals(a.instance().location(), b.instance().location());
        assertTrue(!java.util.Arrays.equals(a.initial(), c.initial()));
    }
}
