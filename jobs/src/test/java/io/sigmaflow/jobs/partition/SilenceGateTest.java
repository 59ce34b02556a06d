package io.sigmaflow.jobs.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.connectors.flink.DeadLetters;
import io.sigmaflow.schema.DeadLetter;
import io.sigmaflow.schema.job.NodeLiveness;
import io.sigmaflow.schema.job.PartitionCommand;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The mass-silence gate (Flink harness): few silences pass after the window, many together pass none. */
class SilenceGateTest {
    private static final long WINDOW = 30_000;

    private static KeyedTwoInputStreamOperatorTestHarness<String, PartitionCommand, Tuple2<String, Boolean>, PartitionCommand>
            harness(int watchedNodes) throws Exception {
        var h = new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(
                new SilenceGate(0.10, WINDOW, true)), c -> SilenceGate.KEY, t -> SilenceGate.KEY, Types.STRING);
        h.open();
        for (int i = 0; i < watchedNodes; i++) {
            h.processElement2(new StreamRecord<>(Tuple2.of("n" + i, true), 1));
        }
        return h;
    }

    private static StreamRecord<PartitionCommand> verdict(String node, boolean alive, long time) {
        return new StreamRecord<>(PartitionCommand.newBuilder().setPartitionId("sw").setOrderKey("1:node:" + node).setSequence(7)
                .setLiveness(new NodeLiveness(node, alive, 1_000L, false)).build(), time);
    }

    /** Each output as "time node silent|alive". */
    private static List<String> out(KeyedTwoInputStreamOperatorTestHarness<String, PartitionCommand, Tuple2<String, Boolean>,
            PartitionCommand> h) {
        return h.extractOutputStreamRecords().stream().map(r -> r.getTimestamp() + " "
                + r.getValue().getLiveness().getNodeId() + " " + (r.getValue().getLiveness().getAlive() ? "alive" : "silent"))
                .toList();
    }

    private static List<DeadLetter> alerts(KeyedTwoInputStreamOperatorTestHarness<String, PartitionCommand,
            Tuple2<String, Boolean>, PartitionCommand> h) {
        var letters = h.getSideOutput(DeadLetters.TAG);
        return letters == null ? List.of() : letters.stream().map(StreamRecord::getValue).toList();
    }

    @Test
    void atLeastOneNodeOrTheShareMayBeEvictedTogether() {
        assertEquals(1, SilenceGate.limit(0.10, 3));
        assertEquals(1, SilenceGate.limit(0.10, 19));
        assertEquals(5, SilenceGate.limit(0.10, 50));
        assertEquals(1, SilenceGate.limit(0.0, 50));
    }

    @Test
    void aLoneSilencePassesWhenItsWindowClosesAndItsRevivalFollows() throws Exception {
        try (var h = harness(20)) {
            h.processElement1(verdict("n3", false, 61_000));
            h.processBothWatermarks(new Watermark(61_000 + WINDOW - 1));
            assertEquals(List.of(), out(h), "held for the window");
            h.processBothWatermarks(new Watermark(61_000 + WINDOW));
            assertEquals(List.of("91000 n3 silent"), out(h));
            h.processElement1(verdict("n3", false, 121_000)); // judged again while silent: the partition knows
            h.processElement1(verdict("n3", true, 130_000));
            assertEquals(List.of("91000 n3 silent", "130000 n3 alive"), out(h));
            assertEquals(List.of(), alerts(h));
        }
    }

    @Test
    void manyNodesSilentTogetherEvictNobodyRaiseOneAlertAndAreJudgedAgainAfterwards() throws Exception {
        try (var h = harness(20)) {
            for (int i = 0; i < 5; i++) {
                h.processElement1(verdict("n" + i, false, 61_000 + i * 5_000L)); // spread over the window
            }
            h.processBothWatermarks(new Watermark(61_000 + WINDOW));
            assertEquals(List.of(), out(h), "nobody evicted");
            List<DeadLetter> alerts = alerts(h);
            assertEquals(1, alerts.size());
            assertEquals(SilenceGate.MASS_SILENCE, alerts.get(0).getErrorType());
            assertEquals("liveness: 5 of 20 watched nodes went silent within 30000 ms (more than 2, the share 0.1):"
                    + " nobody evicted, nodes kept as they are and judged again as hosts report; check the network"
                    + " between hosts and Kafka. Nodes: n0, n1, n2, n3, n4", alerts.get(0).getReason());

            for (int i = 0; i < 4; i++) { // hosts report again: revivals of withheld silences are not news
                h.processElement1(verdict("n" + i, true, 100_000));
            }
            h.processElement1(verdict("n4", false, 121_000)); // the one still silent, judged again
            h.processBothWatermarks(new Watermark(121_000 + WINDOW));
            assertEquals(List.of("151000 n4 silent"), out(h), "alone now: evicted");
            assertEquals(1, alerts(h).size());
        }
    }

    @Test
    void aNodeBackBeforeItsWindowClosesKeepsItsPodsAndRemovedNodesAreNotCounted() throws Exception {
        try (var h = harness(3)) {
            h.processElement1(verdict("n1", false, 61_000));
            h.processElement1(verdict("n1", true, 70_000));
            h.processBothWatermarks(new Watermark(61_000 + WINDOW));
            assertEquals(List.of(), out(h));
            assertEquals(List.of(), alerts(h));

            h.processElement2(new StreamRecord<>(Tuple2.of("n2", false), 95_000)); // removed: 2 watched
            h.processElement1(verdict("n0", false, 100_000));
            h.processElement1(verdict("n1", false, 101_000));
            h.processBothWatermarks(new Watermark(100_000 + WINDOW));
            assertEquals(List.of(), out(h), "2 of 2: withheld");
            assertTrue(alerts(h).get(0).getReason().startsWith("liveness: 2 of 2 watched nodes"), alerts(h).toString());
        }
    }
}
