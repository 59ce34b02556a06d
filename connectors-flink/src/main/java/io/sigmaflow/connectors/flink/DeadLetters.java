package io.sigmaflow.connectors.flink;

import io.sigmaflow.schema.DeadLetter;
import java.nio.ByteBuffer;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.util.OutputTag;

/** Building dead letters, and the side output every operator uses for them. */
public final class DeadLetters {
    /** Side output for records an operator could not use. */
    public static final OutputTag<DeadLetter> TAG = new OutputTag<>("dead-letters", new AvroTypeInfo<>(DeadLetter.class));

    /** Error type of records that decode but break a rule (checked by the consuming operator). */
    public static final String INVALID = "INVALID";

    private DeadLetters() {}

    /** A dead letter for {@code source}, keeping its origin and original bytes. */
    public static DeadLetter of(KafkaBytes source, String errorType, String reason, String stage) {
        return DeadLetter.newBuilder()
                .setReason(reason)
                .setErrorType(errorType)
                .setSourceTopic(source.topic)
                .setSourcePartition(source.partition)
                .setSourceOffset(source.offset)
                .setKey(source.key == null ? null : ByteBuffer.wrap(source.key))
                .setValue(source.value == null ? null : ByteBuffer.wrap(source.value))
                .setStage(stage)
                .setFailedAtMs(System.currentTimeMillis())
                .build();
    }
}
