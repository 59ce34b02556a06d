package io.sigmaflow.connectors.flink.state;

import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.formats.avro.typeutils.AvroSerializer;

/**
 * Flink's {@link AvroSerializer} for a generated record class, whose snapshot (written for every
 * Avro-typed state, by every subtask, at every checkpoint) is encoded once per class instead of
 * encoding the schema as JSON again each time ({@link AvroRecordSerializerSnapshot}).
 * Records are encoded exactly as by {@code AvroSerializer}.
 */
public class AvroRecordSerializer<T extends SpecificRecord> extends AvroSerializer<T> {
    private static final long serialVersionUID = 1L;

    public AvroRecordSerializer(Class<T> type) {
        super(type);
    }

    @Override
    public TypeSerializerSnapshot<T> snapshotConfiguration() {
        return AvroRecordSerializerSnapshot.of(getType());
    }

    /** Not stateless (Avro's reader and writer are per instance): a copy of the same class. */
    @Override
    public TypeSerializer<T> duplicate() {
        return new AvroRecordSerializer<>(getType());
    }

    @Override
    public boolean equals(Object other) {
        return other == this
                || other != null && other.getClass() == getClass() && ((AvroRecordSerializer<?>) other).getType() == getType();
    }

    @Override
    public int hashCode() {
        return 43 + getType().hashCode();
    }
}
