package io.sigmaflow.jobs.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.connectors.flink.FlinkKafka;
import io.sigmaflow.schema.job.AppPod;
import io.sigmaflow.schema.job.AppState;
import io.sigmaflow.schema.job.PodMigration;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * What a checkpoint written before "shard" was renamed to "partition" gives the renamed job. The
 * fixtures in {@code state-before-partition-rename/} were written by the job's own serializers
 * before the rename: each state type's serializer snapshot (what a checkpoint's state meta data
 * holds, and what a restore reads first) and one value. See docs/decisions.md.
 */
class StateBeforePartitionRenameTest {

    @Test
    void renamedFieldsOfAppStateRestoreThroughTheirAliases() throws Exception {
        AppPod pod = migrated(AppPod.class, "AppPod");
        assertEquals("sw-1", pod.getPartitionId());
        assertEquals("sw-2", pod.getSlotPartition());
        assertEquals(4L, pod.getGeneration());

        PodMigration move = migrated(PodMigration.class, "PodMigration");
        assertEquals("sw-1", move.getFromPartition());
        assertEquals("sw-2", move.getToPartition());

        AppState app = migrated(AppState.class, "AppState");
        assertEquals(Map.of("sw-1", 2, "sw-2", 1), app.getPartitionCounts());
    }

    /** Flink's Avro serializer snapshot names the record class; a renamed record is not found. */
    @Test
    void renamedPartitionRecordsCannotBeRestored() {
        for (String old : new String[] {"ShardCommand", "ShardClock"}) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> oldSnapshot(old));
            assertTrue(e.getMessage().contains("io.sigmaflow.schema.job." + old), e.getMessage());
        }
    }

    /** As a RocksDB restore does: the old snapshot, the compatibility verdict, old bytes rewritten by the new serializer. */
    private static <T extends SpecificRecord> T migrated(Class<T> type, String name) throws Exception {
        TypeSerializer<T> current = FlinkKafka.typeInfo(type).createSerializer(new SerializerConfigImpl());
        TypeSerializerSnapshot<T> old = oldSnapshot(name);
        TypeSerializerSchemaCompatibility<T> verdict = current.snapshotConfiguration().resolveSchemaCompatibility(old);
        assertTrue(verdict.isCompatibleAsIs() || verdict.isCompatibleAfterMigration(), name + ": " + verdict);
        T value = old.restoreSerializer().deserialize(new DataInputDeserializer(fixture(name + ".value")));
        DataOutputSerializer rewritten = new DataOutputSerializer(256);
        current.serialize(value, rewritten);
        return current.deserialize(new DataInputDeserializer(rewritten.getCopyOfBuffer()));
    }

    private static <T> TypeSerializerSnapshot<T> oldSnapshot(String name) throws IOException {
        return TypeSerializerSnapshot.readVersionedSnapshot(new DataInputDeserializer(fixture(name + ".serializer")),
                StateBeforePartitionRenameTest.class.getClassLoader());
    }

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = StateBeforePartitionRenameTest.class.getResourceAsStream("/state-before-partition-rename/" + name)) {
            return in.readAllBytes();
        }
    }
}
