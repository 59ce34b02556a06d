package io.sigmaflow.connectors.flink;

import io.sigmaflow.schema.DeadLetter;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.util.OutputTag;

/**
 * Building dead letters, and the side output every operator uses for them.
 *
 * <p>A dead letter is bounded whatever it carries: at most {@link #MAX_VALUE_BYTES} of the
 * original value, {@link #MAX_KEY_BYTES} of its key and {@link #MAX_REASON_CHARS} of the reason;
 * what was cut is said at the end of the reason with the original size ("[value truncated to the
 * first 65536 of 1048400 bytes]"). So a dead letter is always far below Kafka's record limit,
 * and a huge bad record cannot stop the dead-letter sink.
 */
public final class DeadLetters {
    /** Side output for records an operator could not use. */
    public static final OutputTag<DeadLetter> TAG = new OutputTag<>("dead-letters", new AvroTypeInfo<>(DeadLetter.class));

    /** Error type of records that decode but break a rule (checked by the consuming operator). */
    public static final String INVALID = "INVALID";
    /** Error type of a record an operator setting says to skip ({@link SkippedRecords}). */
    public static final String SKIPPED = "SKIPPED";
    /** Error type of an output record over its topic's size limit ({@link RecordLimit}). */
    public static final String TOO_LARGE = "TOO_LARGE";
    /** Error type of a host report without a valid host signature ({@link SignatureCheck}): a security event. */
    public static final String SIGNATURE = "SIGNATURE";

    public static final int MAX_VALUE_BYTES = 64 * 1024;
    public static final int MAX_KEY_BYTES = 1024;
    public static final int MAX_REASON_CHARS = 4096;

    private DeadLetters() {}

    /** A dead letter for {@code source}, keeping its origin and (the first bytes of) its original bytes. */
    public static DeadLetter of(KafkaBytes source, String errorType, String reason, String stage) {
        return bounded(DeadLetter.newBuilder()
                .setReason(reason)
                .setErrorType(errorType)
                .setSourceTopic(source.topic)
                .setSourcePartition(source.partition)
                .setSourceOffset(source.offset)
                .setKey(source.key == null ? null : ByteBuffer.wrap(source.key))
                .setValue(source.value == null ? null : ByteBuffer.wrap(source.value))
                .setStage(stage)
                .setFailedAtMs(System.currentTimeMillis())
                .build());
    }

    /** {@code d} with its reason, key and value cut to the maxima, and the cuts noted in the reason. */
    public static DeadLetter bounded(DeadLetter d) {
        StringBuilder notes = new StringBuilder();
        ByteBuffer key = cut(d.getKey(), MAX_KEY_BYTES, "key", notes);
        ByteBuffer value = cut(d.getValue(), MAX_VALUE_BYTES, "value", notes);
        String reason = d.getReason() == null ? "" : d.getReason().toString();
        if (reason.length() > MAX_REASON_CHARS) {
            notes.append(" [reason truncated to the first ").append(MAX_REASON_CHARS).append(" of ")
                    .append(reason.length()).append(" characters]");
            reason = reason.substring(0, MAX_REASON_CHARS);
        }
        if (notes.isEmpty()) {
            return d;
        }
        d.setKey(key);
        d.setValue(value);
        d.setReason(reason + notes);
        return d;
    }

    private static ByteBuffer cut(ByteBuffer b, int max, String what, StringBuilder notes) {
        if (b == null || b.remaining() <= max) {
            return b;
        }
        byte[] all = new byte[b.remaining()];
        b.duplicate().get(all);
        notes.append(" [").append(what).append(" truncated to the first ").append(max).append(" of ")
                .append(all.length).append(" bytes]");
        return ByteBuffer.wrap(Arrays.copyOf(all, max));
    }
}
