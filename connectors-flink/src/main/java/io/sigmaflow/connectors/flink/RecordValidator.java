package io.sigmaflow.connectors.flink;

import java.io.Serializable;

/** A rule a decoded record must follow before a job uses it. */
@FunctionalInterface
public interface RecordValidator<T> extends Serializable {
    /** The problem with {@code record} in words a user can act on, or null when it is valid. */
    String problem(T record);

    static <T> RecordValidator<T> acceptAll() {
        return record -> null;
    }
}
