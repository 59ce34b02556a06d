package io.sigmaflow.jobs.deadletters;

import io.sigmaflow.connectors.flink.DeadLetters;
import io.sigmaflow.connectors.serde.AvroCodec;
import io.sigmaflow.schema.DeadLetter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.avro.specific.SpecificRecord;

/**
 * Dead letters for records that decoded but that an operator refused (an invalid request, an
 * UPDATE of an unknown node): the record is re-encoded (single-object, current schema) so nothing
 * is lost, with its topic, key, the reason and the stage that refused it. The offset is not known
 * past the decoder (-1). Bounded like every dead letter ({@link DeadLetters#bounded}): the value, key
 * and reason are cut to their maxima, and the reason says so.
 */
public final class InvalidRecords {
    private InvalidRecords() {}

    public static <T extends SpecificRecord> DeadLetter of(Class<T> type, T record, String topic, String key,
                                                           String reason, String stage) {
        return DeadLetters.bounded(DeadLetter.newBuilder()
                .setReason(reason)
                .setErrorType(DeadLetters.INVALID)
                .setSourceTopic(topic)
                .setKey(key == null ? null : ByteBuffer.wrap(key.getBytes(StandardCharsets.UTF_8)))
                .setValue(ByteBuffer.wrap(AvroCodec.of(type).encode(record)))
                .setStage(stage)
                .setFailedAtMs(System.currentTimeMillis())
                .build());
    }
}
