package io.sigmaflow.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The run's timeline: BINDs written and readable per slot, the cores used, the checkpoints triggered. */
class RunTimelineTest {
    @Test
    void slotsCountWrittenAndReadableAtTheirEndAndTheCoresBetweenReadings() {
        long t0 = 1_000_000;
        List<RunTimeline.Reading> readings = List.of(
                new RunTimeline.Reading(t0, 0, 0),
                new RunTimeline.Reading(t0 + 500, 100, 1_000_000_000L), // 1 cpu s in 0.5 s: 2 cores
                new RunTimeline.Reading(t0 + 1_000, 300, 1_500_000_000L)); // 0.5 cpu s in 0.5 s: 1 core
        List<TailSplit.Bind> binds = List.of(new TailSplit.Bind(t0, t0 + 700), new TailSplit.Bind(t0, t0 + 700),
                new TailSplit.Bind(t0, t0 + 1_200));
        List<TailSplit.Checkpoint> checkpoints = List.of(new TailSplit.Checkpoint(1, t0 + 100, t0 + 650),
                new TailSplit.Checkpoint(2, t0 + 900, t0 + 1_150));

        List<RunTimeline.Slot> slots = RunTimeline.slots(t0, 500, readings, binds, checkpoints);

        assertEquals(3, slots.size()); // to the last BIND read, 1.2 s
        assertEquals(new RunTimeline.Slot(0, 100, 0, 2.0, List.of("1:550")), slots.get(0));
        assertEquals(new RunTimeline.Slot(500, 300, 2, 1.0, List.of("2:250")), slots.get(1));
        assertEquals(300, slots.get(2).written()); // no reading after the last: the count stays
        assertEquals(3, slots.get(2).readable());
        assertTrue(Double.isNaN(slots.get(2).cores()));

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        RunTimeline.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), slots);
        String log = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(log.startsWith("the run by 500 ms"), log);
        assertTrue(log.contains("2:250"), log);
    }

    @Test
    void theReadingAtOrBeforeAnInstantIsTheLastNotAfterIt() {
        List<RunTimeline.Reading> readings = List.of(new RunTimeline.Reading(100, 1, 0),
                new RunTimeline.Reading(200, 2, 0), new RunTimeline.Reading(200, 3, 0),
                new RunTimeline.Reading(350, 4, 0));
        assertNull(RunTimeline.atOrBefore(readings, 99));
        assertNull(RunTimeline.atOrBefore(List.of(), 1_000));
        assertEquals(1, RunTimeline.atOrBefore(readings, 100).written());
        assertEquals(1, RunTimeline.atOrBefore(readings, 199).written());
        assertEquals(3, RunTimeline.atOrBefore(readings, 200).written()); // the later of two at one instant
        assertEquals(3, RunTimeline.atOrBefore(readings, 349).written());
        assertEquals(4, RunTimeline.atOrBefore(readings, 10_000).written());
    }

    @Test
    void offUnlessAsked() {
        assertEquals(Boolean.getBoolean(RunTimeline.PROPERTY), RunTimeline.enabled());
    }
}
