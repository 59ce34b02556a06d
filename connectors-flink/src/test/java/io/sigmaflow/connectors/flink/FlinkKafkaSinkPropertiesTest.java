package io.sigmaflow.connectors.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.junit.jupiter.api.Test;

class FlinkKafkaSinkPropertiesTest {
    @Test
    void anExactlyOnceSinkBatchesUntilTheCheckpointFlushes() {
        Map<String, String> p = FlinkKafka.producerProperties(KafkaEndpoint.exactlyOnce("b:9092", "job"));
        assertEquals("100", p.get("linger.ms"));
        assertEquals("262144", p.get("batch.size"));
    }

    @Test
    void theOperatorsClientPropertiesWin() {
        KafkaEndpoint endpoint = new KafkaEndpoint("b:9092", "job", "job", DeliveryGuarantee.EXACTLY_ONCE,
                Map.of("linger.ms", "5", "security.protocol", "SSL"));
        Map<String, String> p = FlinkKafka.producerProperties(endpoint);
        assertEquals("5", p.get("linger.ms"));
        assertEquals("262144", p.get("batch.size"));
        assertEquals("SSL", p.get("security.protocol"));
    }

    @Test
    void aSinkWhoseRecordsAreReadableAtOnceDoesNotWait() {
        Map<String, String> p = FlinkKafka.producerProperties(
                KafkaEndpoint.exactlyOnce("b:9092", "job").withGuarantee(DeliveryGuarantee.AT_LEAST_ONCE));
        assertFalse(p.containsKey("linger.ms"));
    }
}
