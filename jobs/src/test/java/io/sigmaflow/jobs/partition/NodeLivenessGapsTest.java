package io.sigmaflow.jobs.partition;

import static io.sigmaflow.jobs.testing.JobRecords.event;
import static io.sigmaflow.jobs.testing.JobRecords.register;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.schema.NodeEventType;
import io.sigmaflow.schema.NodeInventory;
import io.sigmaflow.schema.PodState;
import io.sigmaflow.schema.PodStatus;
import io.sigmaflow.schema.job.HostReport;
import io.sigmaflow.schema.job.PartitionCommand;
import java.util.List;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;

/** The node directory against hostile and jumping clocks (Flink harness): future reports, gaps, judging again. */
class NodeLivenessGapsTest {
    private static final long TIMEOUT = HostSettings.DEFAULT_SILENCE_TIMEOUT_MS;
    private static final long GRACE = HostSettings.DEFAULT_REPORT_GRACE_MS;

    private static HostReport inventory(String node, long time) {
        return HostReport.newBuilder().setNodeId(node).setTimeMs(time)
                .setInventory(new NodeInventory(node, List.of(), time)).build();
    }

    private static List<String> verdicts(List<StreamRecord<? extends PartitionCommand>> out) {
        return out.stream().filter(r -> r.getValue().getLiveness() != null)
                .map(r -> r.getTimestamp() + " " + r.getValue().getLiveness().getNodeId() + " "
                        + (r.getValue().getLiveness().getAlive() ? "alive" : "silent")).toList();
    }

    @Test
    void aReportStampedFarAheadOfTheJobsClockIsDeadLetteredAndChangesNothing() throws Exception {
        try (var h = NodeDirectoryTest.harness()) {
            h.open();
            h.processElement1(register("n1", "sw1", "ch1", 1000, 1000), 1);
            long ahead = NodeDirectoryTest.WALL_CLOCK + 50 * 60_000;
            h.processElement2(HostReport.newBuilder().setNodeId("n1").setTimeMs(ahead)
                    .setPodStatus(new PodStatus("n1", "p", "a", 1L, PodState.RUNNING, 0, null, ahead)).build(), ahead);
            List<String> reasons = NodeDirectoryTest.reasons(h);
            assertEquals(List.of("PodStatus n1/p: timestamp " + ahead + " is 3000000 ms ahead of the job's clock ("
                    + NodeDirectoryTest.WALL_CLOCK + "; at most 30000 ms): not applied, event time not moved;"
                    + " check the host's clock"), reasons);
            assertEquals(0, h.numEventTimeTimers(), "nothing waits for it");
            long near = NodeDirectoryTest.WALL_CLOCK + 30_000; // within the skew
            h.processElement2(inventory("n1", near), near);
            assertEquals(1, h.numEventTimeTimers());
            assertEquals(1, NodeDirectoryTest.reasons(h).size());
        }
    }

    @Test
    void afterAGapHostsGetTheGraceToReportAndOnlyThoseThatDoNotAreSilent() throws Exception {
        try (var h = NodeDirectoryTest.harness()) {
            h.open();
            h.processElement1(register("n1", "sw1", "ch1", 1000, 1000), 1);
            h.processElement1(register("n2", "sw1", "ch2", 1000, 1000), 1);
            h.processElement2(inventory("n1", 1_000), 1_000);
            h.processElement2(inventory("n2", 1_000), 1_000);
            h.processBothWatermarks(new Watermark(1_000));
            // the job was down 75 s: after the restore, event time starts again near the wall clock
            long back = 1_000 + 75_000;
            h.processBothWatermarks(new Watermark(back));
            assertEquals(List.of(), verdicts(h.extractOutputStreamRecords()), "no verdict in the jump");
            h.processElement2(inventory("n1", back + 5_000), back + 5_000);
            h.processBothWatermarks(new Watermark(back + GRACE - 1));
            assertEquals(List.of(), verdicts(h.extractOutputStreamRecords()), "n1 reported within the grace");
            h.processBothWatermarks(new Watermark(back + GRACE));
            assertEquals(List.of((back + GRACE) + " n2 silent"), verdicts(h.extractOutputStreamRecords()),
                    "n2 did not: silent at the end of its grace");
        }
    }

    @Test
    void aDeadlinePassedAsEventTimeMovesIsJudgedAtOnceAndASilentNodeIsJudgedAgainEveryTimeout() throws Exception {
        try (var h = NodeDirectoryTest.harness()) {
            h.open();
            h.processElement1(register("n1", "sw1", "ch1", 1000, 1000), 1);
            h.processElement2(inventory("n1", 1_000), 1_000);
            for (long t = 1_000; t <= 1_000 + 3 * TIMEOUT; t += 500) { // other hosts keep event time moving
                h.processBothWatermarks(new Watermark(t));
            }
            assertEquals(List.of((1_000 + TIMEOUT) + " n1 silent", (1_000 + 2 * TIMEOUT) + " n1 silent",
                    (1_000 + 3 * TIMEOUT) + " n1 silent"), verdicts(h.extractOutputStreamRecords()),
                    "judged again each timeout (the gate may have withheld the verdict)");
        }
    }

    @Test
    void watchedNodesAreAnnouncedForTheGate() throws Exception {
        try (var h = NodeDirectoryTest.harness()) {
            h.open();
            h.processElement1(register("n1", "sw1", "ch1", 1000, 1000), 1);
            h.processElement1(register("n2", "sw1", "ch1", 1000, 1000), 1);
            h.processElement2(inventory("n1", 5), 5);
            h.processElement2(inventory("n1", 6), 6);
            h.processBothWatermarks(new Watermark(6));
            h.processElement1(event("n1", NodeEventType.REMOVE), 9);
            h.processElement1(event("n2", NodeEventType.REMOVE), 9); // never reported: never watched
            var watched = h.getSideOutput(NodeDirectory.WATCHED);
            assertTrue(watched != null);
            assertEquals(List.of(Tuple2.of("n1", true), Tuple2.of("n1", false)),
                    watched.stream().map(StreamRecord::getValue).toList());
        }
    }
}
