package io.sigmaflow.jobs.app;

import static io.sigmaflow.jobs.testing.JobRecords.publish;
import static io.sigmaflow.jobs.testing.JobRecords.register;
import static io.sigmaflow.jobs.testing.JobRecords.template;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.jobs.routing.PartitionSpec;
import io.sigmaflow.jobs.testing.JobFixtures;
import io.sigmaflow.schema.PlacementRequest;
import io.sigmaflow.schema.TopologyLevel;
import io.sigmaflow.schema.job.PartitionCommand;
import io.sigmaflow.schema.job.RoutingInput;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.tasks.mailbox.Mail;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.runtime.tasks.mailbox.TaskMailbox;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The app side releases the requests a watermark makes due in slices, one per mailbox step, so
 * that a checkpoint barrier behind the watermark passes between slices; the result is the same as
 * in one step, with a snapshot between slices too.
 */
class AppReleaseSlicesTest {
    private static final PartitionSpec SPEC = new PartitionSpec(Map.of(), TopologyLevel.CORE_SWITCH);
    private static final int REQUESTS = 10;

    private record Run(AppLifecycleOperator operator,
                       KeyedTwoInputStreamOperatorTestHarness<String, PlacementRequest, RoutingInput, PartitionCommand> h) {
    }

    private static Run run(int slice) throws Exception {
        AppLifecycleOperator op = JobFixtures.appLifecycleOperator(SPEC, true, "requests");
        op.releaseSlice(slice);
        return new Run(op, new KeyedTwoInputStreamOperatorTestHarness<>(op, PlacementRequest::getAppId, null, Types.STRING));
    }

    private static StreamRecord<RoutingInput> node(String sw, int n, long time) {
        String id = sw + "-c0-h" + n;
        PartitionCommand change = PartitionCommand.newBuilder().setPartitionId(sw).setOrderKey("1:node:" + id)
                .setNodeEvent(register(id, sw, sw + "-c0", 64000, 262144)).build();
        return new StreamRecord<>(new RoutingInput(null, change, 0L, null, 0L), time);
    }

    /** Two nodes at t=1, ten requests at t=2..11, one more node at t=6 (between them). */
    private static void input(KeyedTwoInputStreamOperatorTestHarness<String, PlacementRequest, RoutingInput, PartitionCommand> h)
            throws Exception {
        h.processElement2(node("s0", 0, 1));
        h.processElement2(node("s1", 0, 1));
        for (int i = 0; i < REQUESTS; i++) {
            h.processElement1(new StreamRecord<>(publish("r" + i, "app" + i, 2, template(1000, 1024)), 2 + i));
        }
        h.processElement2(node("s2", 0, 6));
    }

    private static void watermark(KeyedTwoInputStreamOperatorTestHarness<String, PlacementRequest, RoutingInput, PartitionCommand> h,
                                  long time) throws Exception {
        h.processWatermark1(new Watermark(time));
        h.processWatermark2(new Watermark(time));
    }

    /** Runs the queued mails one at a time; returns how many ran. */
    private static int runMails(KeyedTwoInputStreamOperatorTestHarness<?, ?, ?, ?> h, int max) throws Exception {
        int ran = 0;
        Optional<Mail> mail;
        while (ran < max && (mail = h.getTaskMailbox().tryTake(TaskMailbox.MIN_PRIORITY)).isPresent()) {
            mail.get().run();
            ran++;
        }
        return ran;
    }

    /** Each command as time, partition, app and pods: what a partition would apply, in order. */
    private static List<String> commands(List<StreamRecord<? extends PartitionCommand>> out) {
        List<String> all = new ArrayList<>();
        for (StreamRecord<? extends PartitionCommand> r : out) {
            PartitionCommand c = r.getValue();
            all.add(r.getTimestamp() + " " + c.getPartitionId() + " "
                    + (c.getPlace() == null ? c.toString() : c.getPlace().getAppId() + " " + c.getPlace().getPods()));
        }
        return all;
    }

    private static List<Long> marks(KeyedTwoInputStreamOperatorTestHarness<?, ?, ?, ?> h) {
        return h.getOutput().stream().filter(o -> o instanceof Watermark).map(o -> ((Watermark) o).getTimestamp()).toList();
    }

    /** The reference: every request of the watermark released in one step. */
    private static List<String> unsliced() throws Exception {
        Run r = run(0);
        try (var h = r.h()) {
            h.open();
            input(h);
            watermark(h, 20);
            assertFalse(h.getTaskMailbox().hasMail());
            assertEquals(List.of(20L), marks(h));
            return commands(h.extractOutputStreamRecords());
        }
    }

    @Test
    void aLargeReleaseFiresOverSeveralMailStepsInTheSameOrder() throws Exception {
        List<String> expected = unsliced();
        assertTrue(expected.size() >= REQUESTS, "a command per request at least: " + expected);
        Run r = run(3);
        try (var h = r.h()) {
            h.open();
            input(h);
            watermark(h, 20);
            assertEquals(3, h.extractOutputValues().stream().filter(c -> c.getPlace() != null)
                    .map(c -> c.getPlace().getAppId()).distinct().count(), "the first slice: three requests");
            assertTrue(h.getTaskMailbox().hasMail(), "the rest is a mail");
            assertEquals(List.of(3L), marks(h), "event time out: before the last request fired (t=4)");
            watermark(h, 25); // a later watermark while the release runs only moves the target
            assertEquals(1, h.getTaskMailbox().size(), "one continuation at a time");
            int steps = runMails(h, 100);
            assertTrue(steps >= 3, "ten requests in slices of three: three more steps at least, " + steps);
            assertEquals(expected, commands(h.extractOutputStreamRecords()));
            List<Long> marks = marks(h);
            assertEquals(25L, marks.get(marks.size() - 1), "the watermark out once everything up to it fired");
            for (int i = 1; i < marks.size(); i++) {
                assertTrue(marks.get(i) > marks.get(i - 1), marks.toString());
            }
            assertEquals(0, h.numEventTimeTimers());
        }
    }

    @Test
    void aSnapshotBetweenSlicesRestoresToTheSameResult() throws Exception {
        List<String> expected = unsliced();
        List<String> got = new ArrayList<>();
        OperatorSubtaskState snapshot;
        Run first = run(3);
        try (var h = first.h()) {
            h.open();
            input(h);
            watermark(h, 20);
            assertEquals(1, runMails(h, 1));
            assertTrue(h.getTaskMailbox().hasMail(), "still releasing when the barrier comes");
            snapshot = h.snapshot(1, 1);
            got.addAll(commands(h.extractOutputStreamRecords()));
            assertTrue(h.numEventTimeTimers() > 0);
        }
        Run second = run(3);
        try (var h = second.h()) {
            h.initializeState(snapshot);
            h.open();
            assertTrue(h.numEventTimeTimers() > 0, "the unfired requests' timers are in the snapshot");
            watermark(h, 20); // the sources' watermark again after the restore
            runMails(h, 100);
            got.addAll(commands(h.extractOutputStreamRecords()));
            assertEquals(0, h.numEventTimeTimers());
        }
        assertEquals(expected, got);
    }

    @Test
    void aRequestBehindTheWatermarkWaitsForTheReleaseUnderWay() throws Exception {
        List<String> expected;
        Run ref = run(0);
        try (var h = ref.h()) {
            h.open();
            input(h);
            watermark(h, 20);
            h.processElement1(new StreamRecord<>(publish("late", "late", 1, template(1000, 1024)), 3));
            expected = commands(h.extractOutputStreamRecords());
        }
        Run r = run(3);
        try (var h = r.h()) {
            h.open();
            input(h);
            watermark(h, 20);
            h.processElement1(new StreamRecord<>(publish("late", "late", 1, template(1000, 1024)), 3));
            assertEquals(0, h.numEventTimeTimers(), "the release under way finished first");
            runMails(h, 100);
            assertEquals(expected, commands(h.extractOutputStreamRecords()));
            assertTrue(expected.get(expected.size() - 1).contains(" late "), expected.toString());
        }
    }

    @Test
    void theEndOfTheInputFiresEverything() throws Exception {
        List<String> expected;
        Run ref = run(0);
        try (var h = ref.h()) {
            h.open();
            input(h);
            watermark(h, Long.MAX_VALUE);
            expected = commands(h.extractOutputStreamRecords());
        }
        Run r = run(3);
        try (var h = r.h()) {
            h.open();
            input(h);
            watermark(h, Long.MAX_VALUE);
            h.endInput1();
            h.endInput2();
            r.operator().finish(); // what the task does after the end of input, before the mails are drained
            assertEquals(expected, commands(h.extractOutputStreamRecords()));
            assertEquals(0, h.numEventTimeTimers());
            List<Long> marks = marks(h);
            assertEquals(Long.MAX_VALUE, marks.get(marks.size() - 1));
            h.getOutput().clear();
            runMails(h, 100); // the queued continuation finds nothing left
            assertTrue(h.getOutput().isEmpty(), h.getOutput().toString());
        }
    }

    /**
     * The requests' input goes idle while a release runs (in the job, ~1 s after the last request):
     * the output stays active until the release is done, since an output announced idle drops
     * its watermarks and the partitions would hold the release's commands for ever.
     */
    @Test
    void theOutputGoesIdleOnlyAfterTheRelease() throws Exception {
        Run r = run(3);
        try (var h = r.h()) {
            h.open();
            input(h);
            watermark(h, 20);
            h.processWatermarkStatus1(WatermarkStatus.IDLE);
            h.processWatermarkStatus2(WatermarkStatus.IDLE);
            assertTrue(h.getOutput().stream().noneMatch(o -> o instanceof WatermarkStatus), "still releasing: active");
            runMails(h, 100);
            List<Object> tail = h.getOutput().stream().filter(o -> o instanceof Watermark || o instanceof WatermarkStatus)
                    .map(o -> (Object) o).toList();
            assertEquals(List.of(new Watermark(20), WatermarkStatus.IDLE), tail.subList(tail.size() - 2, tail.size()));
            h.processWatermarkStatus1(WatermarkStatus.ACTIVE);
            assertEquals(WatermarkStatus.ACTIVE, h.getOutput().stream().reduce((a, b) -> b).orElseThrow());
        }
    }
}
