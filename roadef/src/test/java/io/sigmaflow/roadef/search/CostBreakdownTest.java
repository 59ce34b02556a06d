package io.sigmaflow.roadef.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.roadef.RoadefData;
import io.sigmaflow.roadef.check.CostChecker;
import io.sigmaflow.roadef.check.CostReport;
import io.sigmaflow.roadef.io.Instance;
import io.sigmaflow.roadef.score.RoadefState;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The cost breakdown's table adds up to the checker's load cost, its transient columns agree with
 * the search state's own accounting ({@link RoadefState#receivableRoom}), and its search-first
 * form reports a feasible searched assignment.
 */
class CostBreakdownTest {
    private static final String NAME = "a2_2";

    @Test
    void theInitialAssignmentsTableAddsUpToTheCheckersLoadCost() {
        Instance in = RoadefData.instance(NAME);
        int[] initial = RoadefData.initial(NAME, in);
        String text = CostBreakdown.describe(in, initial, initial);
        List<String[]> rows = rows(text, in.resourceCount());
        CostReport report = CostChecker.check(in, initial, initial);
        long load = 0;
        for (int r = 0; r < in.resourceCount(); r++) {
            load += in.loadCostWeight()[r] * report.loadCost()[r];
        }
        assertEquals(load, rows.stream().mapToLong(row -> number(row[5])).sum(), text);
        assertTrue(text.startsWith(String.format(java.util.Locale.ROOT, "# %s: total %,d feasible true", in.name(), report.total())), text);
        for (String[] row : rows) {
            assertEquals(0, number(row[11]), "nothing moved, nothing held: " + String.join(" ", row));
            if (row[1].equals("-")) {
                assertEquals(number(row[9]), number(row[10]), "usable room is all room off a transient resource");
            }
        }
    }

    @Test
    void afterASearchTheUsableRoomIsWhatTheStateCanStillReceive() {
        Instance in = RoadefData.instance(NAME);
        int[] initial = RoadefData.initial(NAME, in);
        int[] searched = CostBreakdown.searched(in, initial, 300_000, 0);
        assertTrue(CostChecker.check(in, initial, searched).feasible());
        assertTrue(!Arrays.equals(initial, searched), "the search moved something");
        String text = CostBreakdown.describe(in, initial, searched);
        List<String[]> rows = rows(text, in.resourceCount());
        RoadefState state = RoadefData.state(in, initial, searched);
        long heldTotal = 0;
        for (int r = 0; r < in.resourceCount(); r++) {
            long usable = 0;
            for (int m = 0; m < in.machineCount(); m++) {
                long below = -state.loadExcess(m, r);
                if (below >= 0) {
                    usable += Math.max(0, Math.min(below, state.receivableRoom(m, r)));
                }
            }
            String[] row = rows.get(r);
            assertEquals(usable, number(row[10]), "usable room of r" + r);
            assertTrue(number(row[10]) <= number(row[9]));
            heldTotal += number(row[11]);
        }
        assertTrue(heldTotal > 0, "moved processes hold something at home");
    }

    /** The table's lines, split into columns, after checking the header. */
    private static List<String[]> rows(String text, int resources) {
        List<String> lines = text.lines().toList();
        int header = lines.indexOf(CostBreakdown.HEADER);
        assertTrue(header > 0, text);
        List<String[]> rows = lines.subList(header + 1, header + 1 + resources).stream().map(l -> l.split(" ")).toList();
        for (int r = 0; r < resources; r++) {
            assertEquals("r" + r, rows.get(r)[0]);
            assertEquals(CostBreakdown.HEADER.split(" ").length, rows.get(r).length, String.join(" ", rows.get(r)));
        }
        return rows;
    }

    private static long number(String column) {
        return Long.parseLong(column.replace(",", ""));
    }
}
