package io.sigmaflow.connectors.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.connectors.testing.SampleRecords;
import io.sigmaflow.schema.NodeState;
import io.sigmaflow.schemas.WireRecords;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopicsTest {
    @Test
    void everyWireRecordHasExactlyOneTopicWithAUniqueName() {
        List<Topic<?>> all = List.copyOf(Topics.defaults().all());
        assertEquals(WireRecords.ALL.size(), all.size());
        assertEquals(new HashSet<>(WireRecords.ALL), new HashSet<>(all.stream().map(Topic::recordType).toList()));
        assertEquals(all.size(), new HashSet<>(all.stream().map(Topic::name).toList()).size());
        assertTrue(all.stream().allMatch(t -> t.name().equals("sigma." + t.id())));
    }

    @Test
    void prefixAndPartitionOverrideApplyToEveryTopicButKeepTheLogicalId() {
        for (Topic<?> t : Topics.of("test-1-", 2).all()) {
            assertTrue(t.name().startsWith("test-1-sigma."), t.name());
            assertEquals(2, t.partitions());
            assertEquals(t.name(), "test-1-sigma." + t.id());
        }
        assertEquals(Topics.DEFAULT_PARTITIONS, Topics.defaults().requests().partitions());
    }

    @Test
    void hostFacingTopicsAreSizedFromTheHostCountByTheRuleTheOthersAreNot() {
        assertEquals(8, Topics.partitionsForHosts(0));
        assertEquals(8, Topics.partitionsForHosts(128));
        assertEquals(9, Topics.partitionsForHosts(129));
        assertEquals(63, Topics.partitionsForHosts(1_000));
        assertEquals(625, Topics.partitionsForHosts(10_000));
        assertEquals(6_250, Topics.partitionsForHosts(100_000));
        Topics sized = Topics.of("p-", 4).withHosts(1_000);
        for (Topic<?> t : sized.all()) {
            assertEquals(Topics.HOST_FACING.contains(t.id()) ? 63 : 4, t.partitions(), t.name());
            assertTrue(t.name().startsWith("p-sigma."), t.name());
        }
        assertEquals(2, sized.all().stream().filter(t -> t.partitions() == 63).count());
        // Not sized by hosts: today's uniform catalogue.
        assertEquals(Topics.DEFAULT_PARTITIONS, Topics.defaults().placements().partitions());
        assertEquals(Topics.DEFAULT_PARTITIONS, Topics.defaults().withHosts(100).priorityChanges().partitions());
        assertThrows(IllegalArgumentException.class, () -> Topics.defaults().withHosts(-1));
    }

    @Test
    void stateTopicsAreCompactedEventTopicsAreNot() {
        Topics topics = Topics.defaults();
        assertEquals("compact", topics.nodeState().configs().get("cleanup.policy"));
        assertTrue(topics.nodeEvents().compacted());
        assertEquals("delete", topics.placements().configs().get("cleanup.policy"));
    }

    @Test
    void keysAreTheEntityThatMustStayInOrder() {
        Topics topics = Topics.defaults();
        assertEquals("cart", topics.requests().keyOf(SampleRecords.publish("r", "cart", 1)));
        assertEquals("node-7", topics.placements().keyOf(SampleRecords.placement("p", "node-7", 1)));
        NodeState state = (NodeState) SampleRecords.all().get(8);
        assertEquals("node-1", topics.nodeState().keyOf(state));
    }

    @Test
    void partitionOfIsStableAndInRange() {
        for (int i = 0; i < 1000; i++) {
            int p = Topic.partitionOf("node-" + i, 8);
            assertTrue(p >= 0 && p < 8);
            assertEquals(p, Topic.partitionOf("node-" + i, 8));
        }
    }

    @Test
    void badPartitionCountsAreRefusedWithTheTopicName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Topics.defaults().requests().withPartitions(0));
        assertTrue(e.getMessage().contains("sigma.requests"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Topics.of("", -1));
    }
}
