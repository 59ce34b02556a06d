package io.sigmaflow.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.sigmaflow.schema.CompactExplanation;
import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.PlacementAction;
import io.sigmaflow.schema.PlacementExplanation;
import io.sigmaflow.schema.Resources;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

/**
 * The compact explanation (issue 18, Placement v3) in a rolling upgrade: a reader before v3 reads a
 * new BIND whole but without its explanation (it skips compactExplanation; its own explanation
 * field is null), and a new reader keeps the named explanation of a BIND written before v3.
 */
class CompactBindSchemaEvolutionTest {

    @Test
    void aReaderBeforeV3ReadsANewBindWithoutItsExplanation() throws IOException {
        Placement bind = bind().setGpus(List.of(2))
                .setCompactExplanation(new CompactExplanation(0x1234, 0b011L, List.of(100f, 87.5f), "n2",
                        List.of(50f, 75f), 16))
                .build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<>(Placement.class).write(bind, enc);
        enc.flush();

        Schema v2 = version(2);
        GenericRecord read = new GenericDatumReader<GenericRecord>(Placement.getClassSchema(), v2)
                .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
        assertEquals("n1", read.get("nodeId").toString());
        assertEquals(List.of(2), read.get("gpus"), "fields after the explanation still line up");
        assertNull(read.get("explanation"), "an old explain prints: the BIND carries no explanation");
        assertNull(v2.getField("compactExplanation"));
    }

    @Test
    void aBindWrittenBeforeV3KeepsItsNamedExplanation() throws IOException {
        Schema v2 = version(2);
        Placement old = bind().setExplanation(new PlacementExplanation(Map.of("Dispersion", 100.0), "n2",
                Map.of("Dispersion", 50.0), 2)).build();
        // Written with v2's schema: the v3 record without its last field.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
        GenericRecord asV2 = new org.apache.avro.generic.GenericData.Record(v2);
        for (Schema.Field f : v2.getFields()) {
            asV2.put(f.name(), old.get(f.name()));
        }
        new SpecificDatumWriter<GenericRecord>(v2).write(asV2, enc);
        enc.flush();

        Placement read = new SpecificDatumReader<Placement>(v2, Placement.getClassSchema())
                .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
        assertNotNull(read.getExplanation());
        assertEquals(Map.of("Dispersion", 100.0), read.getExplanation().getWinnerScores());
        assertNull(read.getCompactExplanation());
    }

    private static Placement.Builder bind() {
        return Placement.newBuilder().setPodId("web-0").setAppId("web").setNodeId("n1").setAction(PlacementAction.BIND)
                .setGeneration(3).setResources(new Resources(1_000L, 1_024L, 0L));
    }

    private static Schema version(int v) {
        return SchemaHistory.versions(Placement.class).get(v - 1);
    }
}
