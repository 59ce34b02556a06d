package io.sigmaflow.connectors.flink.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.formats.avro.typeutils.AvroSerializerSnapshot;
import org.apache.flink.util.StringUtils;

/**
 * The snapshot of an {@link AvroRecordSerializer}: the same payload as Flink's
 * {@link AvroSerializerSnapshot} version 3 (the record class's name, then the schema's JSON), with
 * the JSON kept instead of encoded again from the schema at every write. A JFR profile of the job's
 * checkpoint threads found 31 % of their time in {@code AvroSerializerSnapshot.writeSnapshot}'s
 * {@code Schema.toString}.
 *
 * <p>Compatibility is Flink's: the payload is handed to an {@code AvroSerializerSnapshot}, which
 * decides (same schema: as is; an Avro-compatible one: after migration). So a checkpoint written
 * by Flink's serializer restores into this one. The reverse does not: a checkpoint names each
 * snapshot's class before its payload, and a build without this class cannot load it.
 */
public final class AvroRecordSerializerSnapshot<T extends SpecificRecord> implements TypeSerializerSnapshot<T> {
    /** The version of {@code AvroSerializerSnapshot} whose payload this writes. */
    static final int VERSION = 3;

    /**
     * Each record class's snapshot, its schema encoded once (a ClassValue lets the class unload).
     * Shared: a snapshot made here is never read into, and its lazy fields are the same whoever sets them.
     */
    private static final ClassValue<AvroRecordSerializerSnapshot<?>> OF_CLASS = new ClassValue<>() {
        @Override
        @SuppressWarnings({"deprecation", "unchecked", "rawtypes"}) // toString(false) is what AvroSerializerSnapshot writes
        protected AvroRecordSerializerSnapshot<?> computeValue(Class<?> type) {
            return new AvroRecordSerializerSnapshot(type, SpecificData.getForClass(type).getSchema(type).toString(false));
        }
    };

    private Class<T> type;
    private String schemaJson;
    /** The payload as written, encoded once (writing the two strings each time cost a third of encoding the schema). */
    private transient volatile byte[] payload;
    private ClassLoader classLoader;
    /** Flink's reading of the same payload, for compatibility and migration; made when first asked. */
    private transient volatile AvroSerializerSnapshot<T> flinks;

    /** For Flink, which instantiates a snapshot by its class name to read it. */
    public AvroRecordSerializerSnapshot() {
    }

    private AvroRecordSerializerSnapshot(Class<T> type, String schemaJson) {
        this.type = type;
        this.schemaJson = schemaJson;
        this.classLoader = type.getClassLoader();
    }

    @SuppressWarnings("unchecked")
    static <T extends SpecificRecord> AvroRecordSerializerSnapshot<T> of(Class<T> type) {
        return (AvroRecordSerializerSnapshot<T>) OF_CLASS.get(type);
    }

    @Override
    public int getCurrentVersion() {
        return VERSION;
    }

    @Override
    public void writeSnapshot(DataOutputView out) throws IOException {
        byte[] encoded = payload;
        if (encoded == null) {
            DataOutputSerializer strings = new DataOutputSerializer(schemaJson.length() + 128);
            StringUtils.writeString(type.getName(), strings);
            StringUtils.writeString(schemaJson, strings);
            encoded = strings.getCopyOfBuffer();
            payload = encoded;
        }
        out.write(encoded);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void readSnapshot(int readVersion, DataInputView in, ClassLoader userCodeClassLoader) throws IOException {
        if (readVersion != VERSION) {
            throw new IOException("an AvroRecordSerializerSnapshot of version " + readVersion + ": only version " + VERSION + " is written");
        }
        String typeName = StringUtils.readString(in);
        schemaJson = StringUtils.readString(in);
        classLoader = userCodeClassLoader;
        try {
            type = (Class<T>) Class.forName(typeName, false, userCodeClassLoader);
        } catch (ClassNotFoundException e) {
            throw new IOException("the Avro record class " + typeName + " of a checkpointed state is not on the class path", e);
        }
    }

    /**
     * The record class's serializer when the written schema is the class's own (every checkpoint
     * of an unchanged job), else Flink's, which reads the written schema into the class's.
     */
    @Override
    public TypeSerializer<T> restoreSerializer() {
        if (schemaJson.equals(OF_CLASS.get(type).schemaJson)) {
            return new AvroRecordSerializer<>(type);
        }
        return flinks().restoreSerializer();
    }

    @Override
    @SuppressWarnings("unchecked")
    public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(TypeSerializerSnapshot<T> oldSnapshot) {
        TypeSerializerSnapshot<T> old = oldSnapshot instanceof AvroRecordSerializerSnapshot<?> ours
                ? ((AvroRecordSerializerSnapshot<T>) ours).flinks()
                : oldSnapshot;
        return flinks().resolveSchemaCompatibility(old);
    }

    private AvroSerializerSnapshot<T> flinks() {
        AvroSerializerSnapshot<T> read = flinks;
        if (read == null) {
            try {
                DataOutputSerializer payload = new DataOutputSerializer(schemaJson.length() + 128);
                writeSnapshot(payload);
                read = new AvroSerializerSnapshot<>();
                read.readSnapshot(VERSION, new DataInputDeserializer(payload.getSharedBuffer(), 0, payload.length()), classLoader);
                flinks = read;
            } catch (IOException e) {
                throw new UncheckedIOException("re-reading an Avro serializer snapshot in memory", e);
            }
        }
        return read;
    }
}
