package io.sigmaflow.connectors.flink;

import java.io.Serializable;

/** A rule a decoded record must follow before a job uses it. */
@FunctionalInterface
public interface RecordValidator<T> extends Serializable {
    /** The problem with {@code record} in words a user can act on, or null when it is valid. */
    String problem(T record);

    /** This rule, then {@code next} (the first problem wins). */
    default RecordValidator<T> and(RecordValidator<T> next) {
        RecordValidator<T> first = this;
        return record -> {
            String p = first.problem(record);
            return p != null ? p : next.problem(record);
        };
    }

    static <T> RecordValidator<T> acceptAll() {
        return record -> null;
    }
}
