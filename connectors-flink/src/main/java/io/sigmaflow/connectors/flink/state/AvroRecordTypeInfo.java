package io.sigmaflow.connectors.flink.state;

import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;

/**
 * Flink's Avro type information for a generated record class, with a serializer whose checkpoint
 * snapshot keeps its schema's JSON ({@link AvroRecordSerializer}). Everything else, the record
 * encoding included, is Flink's {@link AvroTypeInfo}.
 */
public final class AvroRecordTypeInfo<T extends SpecificRecordBase> extends AvroTypeInfo<T> {
    private static final long serialVersionUID = 1L;

    public AvroRecordTypeInfo(Class<T> type) {
        super(type);
    }

    @Override
    public TypeSerializer<T> createSerializer(SerializerConfig config) {
        return new AvroRecordSerializer<>(getTypeClass());
    }
}
