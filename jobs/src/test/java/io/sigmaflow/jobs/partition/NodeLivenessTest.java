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
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;

/** The node directory's host input: reports at their instant, silence and revival in event time (Flink harness). */
class NodeLivenessTest {
    private static final long TIMEOUT = HostSettings.DEFAULT_SILENCE_TIMEOUT_MS;

    private static HostReport inventory(String node, long time) {
        return HostReport.newBuilder().setNodeId(node).setTimeMs(time)
                .setInventory(new NodeInventory(node, List.of(), time)).build();
    }

    /** Each output command as "time kind", e.g. "61000 silent", "70000 inventory". */
    private static List<String> describe(List<StreamRecord<? extends PartitionCommand>> out) {
        return out.stream().map(r -> {
            PartitionCommand c = r.getValue();
            String kind = c.getNodeEvent() != null ? c.getNodeEvent().getType().toString()
                    : c.getInventory() != null ? "inventory" : c.getPodStatus() != null ? "status"
                    : c.getLiveness().getAlive() ? "alive" : "silent";
            return r.getTimestamp() + " " + kind;
        }).toList();
    }

    @Test
    void reportsApplyAtTheirInstantASilentNodeIsDeclaredAtItsDeadlineAndRevivedByItsNextReport() throws Exception {
        try (var h = NodeDirectoryTest.harness()) {
            h.open();
            h.processElement1(register("n1", "sw1", "ch1", 1000, 1000), 1);
            h.processElement1(register("n2", "sw1", "ch2", 1000, 1000), 1);
            h.processElement2(inventory("n1", 1000), 1000);
            assertEquals(List.of("1 REGISTER", "1 REGISTER"), describe(h.extractOutputStreamRecords()),
                    "a report waits for the watermark");
            h.processBothWatermarks(new Watermark(1000));
            h.processBothWatermarks(new Watermark(1000 + TIMEOUT - 1));
            assertEquals(List.of("1 REGISTER", "1 REGISTER", "1000 inventory"), describe(h.extractOutputStreamRecords()));

            h.processBothWatermarks(new Watermark(1000 + TIMEOUT));
            h.processElement2(inventory("n1", 70_000), 70_000);
            h.processBothWatermarks(new Watermark(70_000));
            List<StreamRecord<? extends PartitionCommand>> out = h.extractOutputStreamRecords();
            assertEquals(List.of("1 REGISTER", "1 REGISTER", "1000 inventory", (1000 + TIMEOUT) + " silent",
                    "70000 alive", "70000 inventory"), describe(out));
            assertEquals(1000, out.get(3).getValue().getLiveness().getLastReportMs());
            assertTrue(out.stream().allMatch(r -> r.getValue().getPartitionId().equals("sw1")));
            assertEquals(List.of(1L, 1L, 2L, 3L, 4L, 5L), out.stream().map(r -> r.getValue().getSequence()).toList(),
                    "one sequence per node");
        }
    }

    @Test
    void aNodeThatNeverReportedIsNotWatchedAndTheEndOfInputIsNotSilence() throws Exception {
        try (var h = NodeDirectoryTest.harness()) {
            h.open();
            h.processElement1(register("n1", "sw1", "ch1", 1000, 1000), 1);
            h.processElement1(register("n2", "sw1", "ch1", 1000, 1000), 1);
            h.processElement2(inventory("n2", 5), 5);
            h.processBothWatermarks(new Watermark(Long.MAX_VALUE));
            assertEquals(List.of("1 REGISTER", "1 REGISTER", "5 inventory"), describe(h.extractOutputStreamRecords()));
        }
    }

    @Test
    void reportsBehindTheWatermarkApplyAtOnceAndADrainedNodeStaysDrainedWhenItReportsAgain() throws Exception {
        try (var h = NodeDirectoryTest.harness()) {
            h.open();
            h.processElement1(register("n1", "sw1", "ch1", 1000, 1000), 1);
            h.processBothWatermarks(new Watermark(10));
            h.processElement2(inventory("n1", 5), 5); // behind the watermark: applied at once
            h.processElement1(event("n1", NodeEventType.DRAIN), 6);
            h.processElement2(HostReport.newBuilder().setNodeId("n1").setTimeMs(7)
                    .setPodStatus(new PodStatus("n1", "p", "a", 3L, PodState.FAILED, 1, "boom", 7L)).build(), 7);
            h.processBothWatermarks(new Watermark(7 + TIMEOUT)); // the deadline passed as it came (no gap: no grace)
            h.processBothWatermarks(new Watermark(100_000));
            h.processElement2(inventory("n1", 70_000), 70_000);
            List<StreamRecord<? extends PartitionCommand>> out = h.extractOutputStreamRecords();
            assertEquals(List.of("1 REGISTER", "5 inventory", "6 DRAIN", "7 status", (7 + TIMEOUT) + " silent",
                    "70000 alive", "70000 inventory"), describe(out));
            assertTrue(out.get(5).getValue().getLiveness().getDrained(), "a drained node stays drained");
        }
    }

    @Test
    void reportsFromUnknownNodesAreDeadLetteredAndARemovedNodeLeavesNoState() throws Exception {
        try (var h = NodeDirectoryTest.harness()) {
            h.open();
            h.processElement2(inventory("ghost", 5), 5);
            h.processElement2(HostReport.newBuilder().setNodeId("n1").setTimeMs(5).build(), 5);
            h.processElement1(register("n1", "sw1", "ch1", 1000, 1000), 6);
            h.processElement2(HostReport.newBuilder().setNodeId("n1").setTimeMs(7).build(), 7);
            List<String> reasons = NodeDirectoryTest.reasons(h);
            assertEquals(3, reasons.size(), reasons.toString());
            assertTrue(reasons.get(0).contains("unknown node ghost"), reasons.get(0));
            assertTrue(reasons.get(1).contains("exactly one of podStatus, inventory"), reasons.get(1));
            assertTrue(reasons.get(2).contains("exactly one of podStatus, inventory"), reasons.get(2));

            h.processElement2(inventory("n1", 8), 8);
            h.processBothWatermarks(new Watermark(8));
            h.processElement1(event("n1", NodeEventType.REMOVE), 9);
            assertEquals(0, h.numKeyedStateEntries(), "a removed node leaves no state");
        }
    }
}
