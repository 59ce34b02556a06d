package io.sigmaflow.connectors.flink.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.connectors.flink.FlinkKafka;
import io.sigmaflow.schema.job.PartitionClock;
import io.sigmaflow.schema.job.PodRef;
import java.util.Arrays;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.formats.avro.typeutils.AvroSerializer;
import org.apache.flink.formats.avro.typeutils.AvroSerializerSnapshot;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.junit.jupiter.api.Test;

class AvroRecordSerializerTest {
    private static byte[] versioned(TypeSerializerSnapshot<?> snapshot) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(256);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
        return out.getCopyOfBuffer();
    }

    /** What follows the snapshot's class name in a checkpoint: its version, then its payload. */
    private static byte[] afterClassName(byte[] versioned) throws Exception {
        DataInputDeserializer in = new DataInputDeserializer(versioned);
        in.readUTF();
        return Arrays.copyOfRange(versioned, in.getPosition(), versioned.length);
    }

    private static <T> TypeSerializerSnapshot<T> readBack(byte[] versioned) throws Exception {
        return TypeSerializerSnapshot.readVersionedSnapshot(new DataInputDeserializer(versioned), AvroRecordSerializerTest.class.getClassLoader());
    }

    @Test
    void writesFlinksVersionAndPayloadUnderItsOwnClassName() throws Exception {
        for (Class<? extends org.apache.avro.specific.SpecificRecordBase> type : java.util.List.of(PodRef.class, PartitionClock.class)) {
            byte[] flinks = versioned(new AvroSerializer<>(type).snapshotConfiguration());
            byte[] ours = versioned(new AvroRecordSerializer<>(type).snapshotConfiguration());
            assertArrayEquals(afterClassName(flinks), afterClassName(ours), type.getSimpleName());
            assertEquals(AvroRecordSerializerSnapshot.class.getName(), new DataInputDeserializer(ours).readUTF());
        }
    }

    @Test
    void itsPayloadReadsAsFlinksSnapshot() throws Exception {
        DataOutputSerializer payload = new DataOutputSerializer(256);
        new AvroRecordSerializer<>(PodRef.class).snapshotConfiguration().writeSnapshot(payload);
        AvroSerializerSnapshot<PodRef> flinks = new AvroSerializerSnapshot<>();
        flinks.readSnapshot(AvroRecordSerializerSnapshot.VERSION, new DataInputDeserializer(payload.getCopyOfBuffer()), getClass().getClassLoader());
        PodRef pod = new PodRef("p-1", 7L);
        TypeSerializer<PodRef> restored = flinks.restoreSerializer();
        DataOutputSerializer bytes = new DataOutputSerializer(64);
        new AvroRecordSerializer<>(PodRef.class).serialize(pod, bytes);
        assertEquals(pod, restored.deserialize(new DataInputDeserializer(bytes.getCopyOfBuffer())));
    }

    @Test
    void aSnapshotOfFlinksSerializerIsCompatibleAsIs() throws Exception {
        TypeSerializerSnapshot<PodRef> old = readBack(versioned(new AvroSerializer<>(PodRef.class).snapshotConfiguration()));
        assertInstanceOf(AvroSerializerSnapshot.class, old);
        TypeSerializerSchemaCompatibility<PodRef> compatibility =
                new AvroRecordSerializer<>(PodRef.class).snapshotConfiguration().resolveSchemaCompatibility(old);
        assertTrue(compatibility.isCompatibleAsIs(), compatibility.toString());
    }

    @Test
    void itsOwnSnapshotRestoresItself() throws Exception {
        TypeSerializerSnapshot<PodRef> old = readBack(versioned(new AvroRecordSerializer<>(PodRef.class).snapshotConfiguration()));
        assertInstanceOf(AvroRecordSerializerSnapshot.class, old);
        assertEquals(new AvroRecordSerializer<>(PodRef.class), old.restoreSerializer());
        assertTrue(new AvroRecordSerializer<>(PodRef.class).snapshotConfiguration().resolveSchemaCompatibility(old).isCompatibleAsIs());
    }

    @Test
    void anotherRecordIsIncompatible() throws Exception {
        TypeSerializerSnapshot<PodRef> other = readBack(versioned(new AvroRecordSerializer<>(PartitionClock.class).snapshotConfiguration()));
        assertTrue(new AvroRecordSerializer<>(PodRef.class).snapshotConfiguration().resolveSchemaCompatibility(other).isIncompatible());
    }

    @Test
    void theTypeInfoGivesItsSerializerAndDuplicatesKeepIt() {
        TypeSerializer<PodRef> serializer = FlinkKafka.typeInfo(PodRef.class).createSerializer(new SerializerConfigImpl());
        assertInstanceOf(AvroRecordSerializer.class, serializer);
        assertInstanceOf(AvroRecordSerializer.class, serializer.duplicate());
        assertEquals(serializer, serializer.duplicate());
        assertEquals(new AvroTypeInfo<>(PodRef.class), FlinkKafka.typeInfo(PodRef.class));
    }
}
