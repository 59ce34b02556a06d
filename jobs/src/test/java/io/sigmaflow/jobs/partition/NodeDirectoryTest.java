package io.sigmaflow.jobs.partition;

import io.sigmaflow.jobs.testing.JobFixtures;
import static io.sigmaflow.jobs.testing.JobRecords.event;
import static io.sigmaflow.jobs.testing.JobRecords.register;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.connectors.flink.DeadLetters;
import io.sigmaflow.jobs.routing.PartitionSpec;
import io.sigmaflow.schema.DeadLetter;
import io.sigmaflow.schema.NodeEvent;
import io.sigmaflow.schema.NodeEventType;
import io.sigmaflow.schema.TopologyLevel;
import io.sigmaflow.schema.job.HostReport;
import io.sigmaflow.schema.job.PartitionCommand;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class NodeDirectoryTest {
    /** The job's clock (the wall clock) in these tests: reports are stamped well before it. */
    static final long WALL_CLOCK = 1_000_000_000L;

    static KeyedTwoInputStreamOperatorTestHarness<String, NodeEvent, HostReport, PartitionCommand> harness() throws Exception {
        return harness(JobFixtures.hostSettings());
    }

    static KeyedTwoInputStreamOperatorTestHarness<String, NodeEvent, HostReport, PartitionCommand> harness(HostSettings host)
            throws Exception {
        var h = new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(new NodeDirectory(
                new PartitionSpec(Map.of(), TopologyLevel.CORE_SWITCH), "node-events", host, true)), NodeEvent::getNodeId,
                HostReport::getNodeId, Types.STRING);
        h.setProcessingTime(WALL_CLOCK);
        return h;
    }

    static List<String> reasons(KeyedTwoInputStreamOperatorTestHarness<String, NodeEvent, HostReport, PartitionCommand> h) {
        var letters = h.getSideOutput(DeadLetters.TAG);
        return letters == null ? List.of() : letters.stream().map(StreamRecord::getValue).map(DeadLetter::getReason).toList();
    }

    @Test
    void routesEveryEventOfANodeToItsPartitionAndForgetsRemovedNodes() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processElement1(register("n1", "sw1", "ch1", 1000, 1000), 5);
            h.processElement1(event("n1", NodeEventType.DRAIN), 6);
            h.processElement1(event("n1", NodeEventType.REMOVE), 7);
            List<StreamRecord<? extends PartitionCommand>> out = h.extractOutputStreamRecords();
            assertEquals(List.of("sw1", "sw1", "sw1"), out.stream().map(r -> r.getValue().getPartitionId()).toList());
            assertEquals(List.of(5L, 6L, 7L), out.stream().map(StreamRecord::getTimestamp).toList(), "event time is kept");
            assertEquals(List.of(1L, 2L, 3L), out.stream().map(r -> r.getValue().getSequence()).toList());
            assertEquals(0, h.numKeyedStateEntries(), "a removed node leaves no state");
        }
    }

    @Test
    void aRegisterThatMovesANodeRemovesItFromItsOldPartitionFirst() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processElement1(register("n1", "sw1", "ch1", 1000, 1000), 1);
            h.processElement1(register("n1", "sw2", "ch1", 1000, 1000), 2);
            List<PartitionCommand> out = h.extractOutputValues();
            assertEquals(3, out.size());
            assertEquals("sw1", out.get(1).getPartitionId());
            assertEquals(NodeEventType.REMOVE, out.get(1).getNodeEvent().getType());
            assertEquals("sw2", out.get(2).getPartitionId());
        }
    }

    @Test
    void refusesWhatNoPartitionCouldApplyWithTheFieldAtFault() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processElement1(event("ghost", NodeEventType.UPDATE), 1);
            h.processElement1(NodeEvent.newBuilder().setNodeId("n2").setType(NodeEventType.REGISTER).build(), 2);
            h.processElement1(register("bad id", "sw1", "ch1", 1000, 1000), 3);
            h.processElement1(register("n3", "sw/1", "ch1", 1000, 1000), 4);
            h.processElement1(register("n4", "sw1", "ch1", 1000, 1000), 5);
            h.processElement1(NodeEvent.newBuilder(register("n4", "sw9", "ch1", 1000, 1000)).setType(NodeEventType.UPDATE)
                    .build(), 6);
            List<String> reasons = reasons(h);
            assertEquals(5, reasons.size(), reasons.toString());
            assertTrue(reasons.get(0).contains("nodeId: unknown node ghost; REGISTER it first"), reasons.get(0));
            assertTrue(reasons.get(1).contains("capacity is required"), reasons.get(1));
            assertTrue(reasons.get(2).contains("nodeId: 'bad id'"), reasons.get(2));
            assertTrue(reasons.get(3).contains("must not contain '/'"), reasons.get(3));
            assertTrue(reasons.get(4).contains("send a REGISTER"), reasons.get(4));
            assertEquals(1, h.extractOutputValues().size(), "only n4's REGISTER went through");
        }
    }
}
