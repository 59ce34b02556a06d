package io.sigmaflow.jobs.deadletters;

import static io.sigmaflow.jobs.testing.JobRecords.publish;
import static io.sigmaflow.jobs.testing.JobRecords.template;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.connectors.flink.DeadLetters;
import io.sigmaflow.connectors.serde.AvroCodec;
import io.sigmaflow.schema.DeadLetter;
import io.sigmaflow.schema.PlacementRequest;
import io.sigmaflow.schema.PodTemplate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InvalidRecordsTest {
    @Test
    void aLargeRefusedRecordIsCutAndTheReasonSaysSo() {
        PodTemplate fat = template(100, 64);
        fat.getPayload().setEnv(Map.of("A", "x".repeat(60_000), "B", "y".repeat(60_000)));
        PlacementRequest r = publish("r1", "web", 1, fat);
        int size = AvroCodec.of(PlacementRequest.class).encode(r).length;
        DeadLetter d = InvalidRecords.of(PlacementRequest.class, r, "sigma.requests", "web", "x".repeat(5000), "App lifecycle");
        assertEquals(DeadLetters.MAX_VALUE_BYTES, d.getValue().remaining());
        assertTrue(d.getReason().endsWith(" [value truncated to the first 65536 of " + size + " bytes]"
                + " [reason truncated to the first 4096 of 5000 characters]"), d.getReason().substring(4000));
        assertEquals(-1, d.getSourceOffset());
    }
}
