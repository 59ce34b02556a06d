package io.sigmaflow.executor.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.connectors.security.HostSignatures;
import io.sigmaflow.connectors.topics.Topics;
import io.sigmaflow.schema.NodeEvent;
import io.sigmaflow.schema.NodeEventType;
import io.sigmaflow.schema.NodeInventory;
import io.sigmaflow.schema.PodState;
import io.sigmaflow.schema.PodStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The executor's records carry its signature, which verifies under its node's key for the exact topic,
 * key and value sent. Kafka's MockProducer stands in for the broker here: what is checked is what the
 * sink hands the producer; HostSignatureIT (jobs) runs the same header through a real broker and job.
 */
class KafkaStatusSinkTest {
    private static final byte[] MASTER = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    @Test
    void everyRecordIsSignedWithTheHostsKey() {
        MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
        byte[] key = HostSignatures.nodeKey(MASTER, "node-1");
        try (KafkaStatusSink sink = new KafkaStatusSink(producer, Topics.of("t.", 0), new HostSignatures.Signer(key))) {
            sink.podStatus(new PodStatus("node-1", "web-0", "web", 1L, PodState.RUNNING, null, null, 1L));
            sink.inventory(new NodeInventory("node-1", List.of(), 1L));
            NodeEvent register = NodeEvent.newBuilder().setNodeId("node-1").setType(NodeEventType.REGISTER).build();
            sink.nodeEvent(register);
        }
        List<ProducerRecord<String, byte[]>> sent = producer.history();
        assertEquals(List.of("t.sigma.pod-status", "t.sigma.inventory", "t.sigma.node-events"), sent.stream().map(ProducerRecord::topic).toList());
        for (ProducerRecord<String, byte[]> r : sent) {
            Header sig = r.headers().lastHeader(HostSignatures.HEADER);
            byte[] k = r.key().getBytes(StandardCharsets.UTF_8);
            assertTrue(HostSignatures.verify(HostSignatures.hmac(key), r.topic(), k, r.value(), sig.value()), r.topic());
            assertFalse(HostSignatures.verify(HostSignatures.hmac(HostSignatures.nodeKey(MASTER, "node-2")),
                    r.topic(), k, r.value(), sig.value()), r.topic());
        }
    }

    @Test
    void withoutAKeyRecordsAreUnsignedAsBefore() {
        MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
        try (KafkaStatusSink sink = new KafkaStatusSink(producer, Topics.of("", 0), null)) {
            sink.inventory(new NodeInventory("node-1", List.of(), 1L));
        }
        assertNull(producer.history().get(0).headers().lastHeader(HostSignatures.HEADER));
    }
}
