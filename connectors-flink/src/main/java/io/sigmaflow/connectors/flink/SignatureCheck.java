package io.sigmaflow.connectors.flink;

import java.io.Serializable;

/**
 * A check of who produced a record, which needs the record as it arrived (its headers, key and
 * bytes) and as decoded (the node it speaks for): run by {@link DecodeRecords} after the field
 * rules. A refusal is a dead letter and a security event ({@code hostSignatureRejected}).
 */
@FunctionalInterface
public interface SignatureCheck<T> extends Serializable {
    /** Why {@code record} is not from whom it claims to be, or null when it is. */
    String problem(KafkaBytes raw, T record);
}
