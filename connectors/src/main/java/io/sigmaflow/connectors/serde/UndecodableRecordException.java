package io.sigmaflow.connectors.serde;

/**
 * Bytes that cannot be decoded as the expected record. {@link #errorType()} is a stable code for
 * dead letters and metrics; the message says what was wrong in words a user can act on.
 */
public class UndecodableRecordException extends RuntimeException {
    /** Why the bytes could not be decoded. */
    public enum ErrorType {
        /** Null or zero-length value. */
        EMPTY,
        /** Not Avro single-object encoding (no C3 01 marker). */
        NOT_SINGLE_OBJECT,
        /** A well-formed header whose schema fingerprint this reader does not know. */
        UNKNOWN_SCHEMA,
        /** A known schema, but the body does not decode with it. */
        CORRUPT
    }

    private final ErrorType errorType;

    public UndecodableRecordException(ErrorType errorType, String message, Throwable cause) {
        super(message, cause);
        this.errorType = errorType;
    }

    public ErrorType errorType() {
        return errorType;
    }
}
