package io.sigmaflow.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The steady-state window: from a quarter to three quarters of the BINDs read, its throughput and cpu per placement. */
class SteadyStateTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void fromAQuarterToThreeQuartersOfThePodsOffered() {
        assertEquals(50_000, SteadyState.startAt(200_000));
        assertEquals(150_000, SteadyState.endAt(200_000));
        assertEquals(3, SteadyState.startAt(10)); // rounded up: at least a quarter
        assertEquals(8, SteadyState.endAt(10));
        assertEquals(1, SteadyState.startAt(1));
        assertEquals(1, SteadyState.endAt(1));
        assertEquals(1, SteadyState.startAt(0));
    }

    @Test
    void windowBetweenTheTwoReadings() {
        // 50,000 read at 4 s (cpu 8 s, JIT 3 s, GC 0.2 s); 200,000 at 14 s (cpu 23 s, JIT 3.6 s, GC 1.2 s)
        SteadyState.Mark start = new SteadyState.Mark(50_000, 4 * SECOND, 8 * SECOND, 3 * SECOND, SECOND / 5);
        SteadyState.Mark end = new SteadyState.Mark(200_000, 14 * SECOND, 23 * SECOND, 36 * SECOND / 10, 12 * SECOND / 10);
        Map<String, Object> out = SteadyState.between(start, end);
        assertEquals(150_000, out.get("steady_placements"));
        assertEquals(10.0, out.get("steady_seconds"));
        assertEquals(15_000.0, out.get("steady_placements_per_s"));
        assertEquals(15.0, out.get("steady_cpu_seconds"));
        assertEquals(100.0, out.get("steady_cpu_us_per_placement"));
        assertEquals(4.0, out.get("steady_jit_us_per_placement"));
        assertEquals(6.7, out.get("steady_gc_us_per_placement"));
    }

    @Test
    void nativeThreadsLeftOutWhereNotRead() {
        SteadyState.Mark start = new SteadyState.Mark(10, 0, 0, -1, -1);
        SteadyState.Mark end = new SteadyState.Mark(30, SECOND, SECOND / 1000, -1, -1);
        Map<String, Object> out = SteadyState.between(start, end);
        assertEquals(20.0, out.get("steady_placements_per_s"));
        assertEquals(50.0, out.get("steady_cpu_us_per_placement"));
        assertFalse(out.containsKey("steady_jit_us_per_placement"));
        assertFalse(out.containsKey("steady_gc_us_per_placement"));
    }

    @Test
    void noWindowWithoutAQuarterPlacedOrNothingAfterIt() {
        SteadyState.Mark end = new SteadyState.Mark(30, SECOND, SECOND, 0, 0);
        assertTrue(SteadyState.between(null, end).isEmpty());
        assertTrue(SteadyState.between(end, end).isEmpty());
    }
}
