package io.sigmaflow.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.PlacementAction;
import io.sigmaflow.schema.Resources;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

/**
 * The GPU fields (issue 15) in a rolling upgrade: a BIND from a producer without them reads as a
 * pod without GPUs, and a reader without them skips the GPU indexes of a new BIND.
 */
class GpuSchemaEvolutionTest {

    @Test
    void aBindWrittenBeforeGpusReadsWithNoGpuIndexes() throws IOException {
        Schema v1 = SchemaHistory.versions(Placement.class).get(0);
        GenericRecord old = new GenericData.Record(v1);
        old.put("podId", "p1");
        old.put("appId", "a");
        old.put("nodeId", "n1");
        old.put("action", new GenericData.EnumSymbol(v1.getField("action").schema(), "BIND"));
        old.put("generation", 3L);
        GenericRecord res = new GenericData.Record(v1.getField("resources").schema());
        res.put("cpuMillis", 1000L);
        res.put("memoryMb", 512L);
        res.put("diskMb", 0L);
        old.put("resources", res);
        old.put("priority", 0);
        old.put("qos", new GenericData.EnumSymbol(v1.getField("qos").schema(), "LS"));
        old.put("decidedAtMs", 0L);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(v1).write(old, enc);
        enc.flush();

        Placement read = new SpecificDatumReader<Placement>(v1, Placement.getClassSchema())
                .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
        assertEquals("p1", read.getPodId());
        assertTrue(read.getGpus().isEmpty(), "no GPU indexes on an old BIND");
    }

    @Test
    void aReaderBeforeGpusReadsANewBindAndIgnoresItsGpuIndexes() throws IOException {
        Placement bind = Placement.newBuilder().setPodId("p1").setAppId("a").setNodeId("n1")
                .setAction(PlacementAction.BIND).setGeneration(3).setResources(new Resources(1000L, 512L, 0L))
                .setGpus(List.of(1, 3)).build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<>(Placement.class).write(bind, enc);
        enc.flush();

        Schema v1 = SchemaHistory.versions(Placement.class).get(0);
        GenericRecord read = new GenericDatumReader<GenericRecord>(Placement.getClassSchema(), v1)
                .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
        assertEquals("n1", read.get("nodeId").toString());
        assertNull(v1.getField("gpus"), "v1 has no gpus field");

        // And the current reader sees the indexes.
        Placement back = new SpecificDatumReader<>(Placement.class)
                .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
        assertEquals(List.of(1, 3), back.getGpus());
    }
}
