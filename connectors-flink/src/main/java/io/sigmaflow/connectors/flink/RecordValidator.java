package io.sigmaflow.connectors.flink;

import io.sigmaflow.connectors.rules.FieldLimits;
import java.io.Serializable;
import org.apache.avro.generic.IndexedRecord;

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

    /** Refuses ids that are not safe as file or cgroup names on a host ({@link FieldLimits#safeIdProblem}). */
    static <T extends IndexedRecord> RecordValidator<T> safeIds() {
        return FieldLimits::safeIdProblem;
    }

    static <T> RecordValidator<T> acceptAll() {
        return record -> null;
    }
}
