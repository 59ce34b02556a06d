package io.sigmaflow.roadef.check;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.roadef.RoadefData;
import io.sigmaflow.roadef.io.AssignmentFile;
import io.sigmaflow.roadef.io.Instance;
import io.sigmaflow.roadef.io.InstanceReader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.api.Test;

class CostCheckerTest {
    private static final java.util.List<String> A_INSTANCES = RoadefData.A_INSTANCES;

    private final Instance example = InstanceReader.read(RoadefData.EXAMPLE_MODEL);
    private final int[] initial = AssignmentFile.read(RoadefData.EXAMPLE_INITIAL, example);

    @Test
    void specificationExampleInitialCosts4200() {
        CostReport report = CostChecker.check(example, initial, initial);
        // Specification 2.2: (400 + 1300) + 2500 + 0 + 0 + 0.
        assertArrayEquals(new long[] {4, 130}, report.loadCost());
        assertArrayEquals(new long[] {250}, report.balanceCost());
        assertEquals(4200, report.total());
        assertTrue(report.feasible());
    }

    @Test
    void specificationExampleBetterSolutionCosts2411() {
        int[] better = AssignmentFile.read(RoadefData.EXAMPLE_BETTER, example);
        CostReport report = CostChecker.check(example, initial, better);
        // 400 + 1600 + 101 + 10 + 300.
        assertEquals(101, report.processMoveCost());
        assertEquals(1, report.serviceMoveCost());
        assertEquals(3, report.machineMoveCost());
        assertEquals(2411, report.total());
        assertTrue(report.feasible());
    }

    @Test
    void intermediateSolutionOfTheSpecificationCosts3510() {
        // Moving p2 from m4 to m3 only: (200 + 1300) + 1700 + 100 + 10 + 200.
        assertEquals(3510, CostChecker.check(example, initial, new int[] {0, 2, 0}).total());
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("A_INSTANCES")
    void initialAssignmentOfEveryAInstanceCostsItsPublishedOriginalCost(String name) {
        Instance instance = RoadefData.instance(name);
        int[] start = RoadefData.initial(name, instance);
        CostReport report = CostChecker.check(instance, start, start);
        assertEquals(RoadefData.originalCost(name), report.total());
        assertTrue(report.feasible(), report.examples().toString());
    }

    @Test
    void findsEachBrokenHardConstraint() {
        // p0 and p1 (service 0, spreadMin 2) both on m0: conflict, and one location only.
        CostReport conflict = CostChecker.check(example, initial, new int[] {0, 0, 1});
        assertEquals(new CostReport.Violations(0, 1, 1, 0, 0), conflict.violations());
        assertFalse(conflict.feasible());

        // p2 (service 1, depends on service 0) on m2, in neighborhood 1 where service 0 has no process
        // (p0 and p1 are both in neighborhood 0, and location 0: spread too); p2's 200 units of r1
        // also exceed m2's 100.
        CostReport dependency = CostChecker.check(example, initial, new int[] {0, 1, 2});
        assertEquals(new CostReport.Violations(1, 0, 1, 1, 0), dependency.violations());

        // p0 (r0 = 12) onto m1 (capacity 10): capacity; r0 is transient, so transient usage too.
        CostReport capacity = CostChecker.check(example, initial, new int[] {1, 3, 0});
        assertEquals(new CostReport.Violations(1, 0, 0, 0, 1), capacity.violations());
    }

    @Test
    void swappingTwoProcessesBreaksTransientUsageOnly() {
        // One transient resource; two machines of capacity 10, each running a process of 6.
        String model = "1  1 1  2  0 0 10 10 0 1  0 0 10 10 1 0  2 1 0 1 0  2 0 6 1 1 6 1  0  1 1 1";
        Instance two = InstanceReader.read(new ByteArrayInputStream(model.getBytes(StandardCharsets.US_ASCII)), "two", "two");
        CostReport swapped = CostChecker.check(two, new int[] {0, 1}, new int[] {1, 0});
        // Both machines hold 6 now but 6 + 6 while the copies run.
        assertEquals(new CostReport.Violations(0, 0, 0, 0, 2), swapped.violations());
        assertTrue(swapped.examples().get(0).startsWith("transient usage: machine 0"), swapped.examples().toString());
        // Process moves 1 + 1, service moves 1, machine moves 1 + 1.
        assertEquals(5, swapped.total());
    }
}
