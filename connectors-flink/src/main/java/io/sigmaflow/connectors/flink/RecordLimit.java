package io.sigmaflow.connectors.flink;

import java.io.Serializable;

/**
 * The largest record (key plus value) a sink may write, and the dead-letter topic that gets a
 * small dead letter in its place when a record is larger: a record over the broker's
 * {@code max.message.bytes} would fail the exactly-once sink's transaction, and with it the job,
 * on every restart.
 *
 * @param maxBytes key plus value bytes; default {@link #KAFKA_DEFAULT}
 * @param deadLetterTopic the topic the dead letter goes to (in the same transaction)
 */
public record RecordLimit(int maxBytes, String deadLetterTopic) implements Serializable {
    /**
     * Kafka's default {@code max.message.bytes} (1 MiB + 12) and producer {@code max.request.size}
     * (1 MiB) bound a whole batch; one record in its own batch carries at most 61 bytes of batch
     * header and 21 of record framing. 1 KiB less than 1 MiB leaves room for both.
     */
    public static final int KAFKA_DEFAULT = 1024 * 1024 - 1024;
    /** A dead letter stays below this (DeadLetters' truncation), so a limit must be above it. */
    public static final int MIN = 128 * 1024;

    public RecordLimit {
        if (maxBytes < MIN) {
            throw new IllegalArgumentException("a record limit must be at least " + MIN + " bytes, got " + maxBytes);
        }
    }
}
