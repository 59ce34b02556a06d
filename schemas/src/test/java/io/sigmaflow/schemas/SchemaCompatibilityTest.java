package io.sigmaflow.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A rolling upgrade never breaks: each wire record's current schema reads every released
 * version (backward) and every released version reads the current one (forward), by Avro's own
 * {@link SchemaCompatibility} checker.
 */
class SchemaCompatibilityTest {

    static Stream<Class<? extends SpecificRecord>> wireRecords() {
        return WireRecords.ALL.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wireRecords")
    void currentSchemaIsTheLatestReleasedVersion(Class<? extends SpecificRecord> type) {
        List<Schema> released = SchemaHistory.versions(type);
        assertFalse(released.isEmpty(), type.getSimpleName() + " has no released schema: run ./sigma schemas snapshot");
        Schema latest = released.get(released.size() - 1);
        assertTrue(SchemaHistory.sameWireSchema(latest, WireRecords.currentSchema(type)),
                type.getSimpleName() + " changed since its last released version v" + released.size()
                        + ": run ./sigma schemas snapshot and commit the new version");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wireRecords")
    void currentSchemaIsBackwardAndForwardCompatibleWithEveryReleasedVersion(Class<? extends SpecificRecord> type) {
        Schema current = WireRecords.currentSchema(type);
        List<Schema> released = SchemaHistory.versions(type);
        for (int v = 0; v < released.size(); v++) {
            Schema old = released.get(v);
            assertCompatible(current, old, type.getSimpleName() + ": current reads v" + (v + 1) + " (backward)");
            assertCompatible(old, current, type.getSimpleName() + ": v" + (v + 1) + " reads current (forward)");
        }
    }

    @Test
    void theCheckerCatchesAFieldAddedWithoutADefault() {
        Schema old = SchemaHistory.versions(io.sigmaflow.schema.PodStatus.class).get(0);
        Schema broken = withExtraField(old, "{\"name\": \"restarts\", \"type\": \"int\"}");
        SchemaCompatibility.SchemaPairCompatibility newReadsOld =
                SchemaCompatibility.checkReaderWriterCompatibility(broken, old);
        assertEquals(SchemaCompatibilityType.INCOMPATIBLE, newReadsOld.getType());
        assertTrue(newReadsOld.getResult().getIncompatibilities().get(0).getMessage().contains("restarts"));
        // The same field with a default is fine both ways.
        Schema ok = withExtraField(old, "{\"name\": \"restarts\", \"type\": \"int\", \"default\": 0}");
        assertCompatible(ok, old, "field with default, backward");
        assertCompatible(old, ok, "field with default, forward");
    }

    @Test
    void theCheckerCatchesARemovedEnumSymbolWithoutDefault() {
        Schema old = SchemaHistory.versions(io.sigmaflow.schema.PlacementRequest.class).get(0);
        Schema fewer = new Schema.Parser().parse(old.toString().replace("\"RESERVE\"", "\"RESERVE_V2\""));
        assertEquals(SchemaCompatibilityType.INCOMPATIBLE,
                SchemaCompatibility.checkReaderWriterCompatibility(fewer, old).getType());
    }

    private static Schema withExtraField(Schema schema, String fieldJson) {
        String json = schema.toString();
        int end = json.lastIndexOf(']');
        return new Schema.Parser().parse(json.substring(0, end) + "," + fieldJson + json.substring(end));
    }

    private static void assertCompatible(Schema reader, Schema writer, String what) {
        SchemaCompatibility.SchemaPairCompatibility result =
                SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        assertEquals(SchemaCompatibilityType.COMPATIBLE, result.getType(),
                () -> what + ": " + result.getResult().getIncompatibilities());
    }
}
