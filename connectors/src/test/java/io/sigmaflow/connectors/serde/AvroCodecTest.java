package io.sigmaflow.connectors.serde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.connectors.serde.UndecodableRecordException.ErrorType;
import io.sigmaflow.connectors.testing.SampleRecords;
import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.PlacementRequest;
import io.sigmaflow.schema.PodStatus;
import io.sigmaflow.schemas.WireRecords;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AvroCodecTest {

    static Stream<SpecificRecord> everyWireRecord() {
        return SampleRecords.all().stream();
    }

    @Test
    void samplesCoverEveryWireRecordType() {
        assertEquals(WireRecords.ALL, SampleRecords.all().stream().map(Object::getClass).toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyWireRecord")
    @SuppressWarnings({"unchecked", "rawtypes"})
    void roundTripsEveryRecordType(SpecificRecord record) {
        AvroCodec codec = AvroCodec.of(record.getClass());
        byte[] bytes = codec.encode(record);
        assertEquals((byte) 0xC3, bytes[0]);
        assertEquals((byte) 0x01, bytes[1]);
        assertEquals(SchemaNormalization.parsingFingerprint64(record.getSchema()), AvroCodec.fingerprint(bytes));
        assertEquals(record, codec.decode(bytes));
    }

    @Test
    void emptyAndNullValuesAreRefusedAsEmpty() {
        AvroCodec<PodStatus> codec = AvroCodec.of(PodStatus.class);
        assertEquals(ErrorType.EMPTY, assertThrows(UndecodableRecordException.class, () -> codec.decode(null)).errorType());
        assertEquals(ErrorType.EMPTY, assertThrows(UndecodableRecordException.class, () -> codec.decode(new byte[0])).errorType());
    }

    @Test
    void plainJsonIsNotSingleObjectEncoding() {
        byte[] json = "{\"appId\": \"cart\"}".getBytes();
        UndecodableRecordException e = assertThrows(UndecodableRecordException.class,
                () -> AvroCodec.of(PlacementRequest.class).decode(json));
        assertEquals(ErrorType.NOT_SINGLE_OBJECT, e.errorType());
        assertTrue(e.getMessage().contains("expected marker C3 01, got 7b 22 61"), e.getMessage());
    }

    @Test
    void unknownFingerprintNamesTheFingerprint() {
        byte[] bytes = AvroCodec.of(PodStatus.class).encode((PodStatus) SampleRecords.all().get(4));
        Arrays.fill(bytes, 2, 10, (byte) 0x5A);
        UndecodableRecordException e = assertThrows(UndecodableRecordException.class,
                () -> AvroCodec.of(PodStatus.class).decode(bytes));
        assertEquals(ErrorType.UNKNOWN_SCHEMA, e.errorType());
        assertTrue(e.getMessage().contains("5a5a5a5a5a5a5a5a"), e.getMessage());
    }

    @Test
    void aRecordOfAnotherTypeIsNamed() {
        byte[] placement = AvroCodec.of(Placement.class).encode(SampleRecords.placement("p", "n", 1));
        UndecodableRecordException e = assertThrows(UndecodableRecordException.class,
                () -> AvroCodec.of(PlacementRequest.class).decode(placement));
        assertEquals(ErrorType.UNKNOWN_SCHEMA, e.errorType());
        assertTrue(e.getMessage().contains("a Placement where a PlacementRequest was expected"), e.getMessage());
    }

    @Test
    void truncatedBodyIsCorrupt() {
        byte[] full = AvroCodec.of(Placement.class).encode(SampleRecords.placement("cart-0", "node-1", 1));
        byte[] truncated = Arrays.copyOf(full, 14);
        UndecodableRecordException e = assertThrows(UndecodableRecordException.class,
                () -> AvroCodec.of(Placement.class).decode(truncated));
        assertEquals(ErrorType.CORRUPT, e.errorType());
        assertTrue(e.getMessage().startsWith("corrupt Placement body (14 bytes"), e.getMessage());
    }

    @Test
    void garbageAfterAValidHeaderIsCorrupt() {
        byte[] full = AvroCodec.of(Placement.class).encode(SampleRecords.placement("cart-0", "node-1", 1));
        for (int i = 10; i < full.length; i++) {
            full[i] = (byte) 0xFF; // varints that never end, negative lengths
        }
        UndecodableRecordException e = assertThrows(UndecodableRecordException.class,
                () -> AvroCodec.of(Placement.class).decode(full));
        assertEquals(ErrorType.CORRUPT, e.errorType());
    }

    @Test
    void resolvesAnOlderWriterThatLacksAFieldWithDefault() {
        Schema current = PodStatus.getClassSchema();
        Schema older = withoutField(current, "message");
        GenericRecord old = new GenericData.Record(older);
        old.put("nodeId", "node-1");
        old.put("podId", "cart-0");
        old.put("appId", "cart");
        old.put("generation", 3L);
        old.put("state", new GenericData.EnumSymbol(older.getField("state").schema(), "RUNNING"));
        old.put("exitCode", null);
        old.put("observedAtMs", 10L);
        byte[] bytes = encodeGeneric(older, old);

        AvroCodec<PodStatus> codec = AvroCodec.of(PodStatus.class);
        assertEquals(ErrorType.UNKNOWN_SCHEMA,
                assertThrows(UndecodableRecordException.class, () -> codec.decode(bytes)).errorType());
        PodStatus read = codec.withKnownWriterSchemas(older).decode(bytes);
        assertEquals("cart-0", read.getPodId());
        assertNull(read.getMessage());
        assertEquals(3L, read.getGeneration());
    }

    @Test
    void resolvesANewerWriterWithAnExtraField() {
        Schema current = PodStatus.getClassSchema();
        String json = current.toString();
        int end = json.lastIndexOf(']');
        Schema newer = new Schema.Parser().parse(
                json.substring(0, end) + ",{\"name\":\"restarts\",\"type\":\"int\",\"default\":0}" + json.substring(end));
        GenericRecord rec = new GenericData.Record(newer);
        for (Schema.Field f : current.getFields()) {
            rec.put(f.name(), f.name().equals("state")
                    ? new GenericData.EnumSymbol(newer.getField("state").schema(), "STOPPED")
                    : ((PodStatus) SampleRecords.all().get(4)).get(f.name()));
        }
        rec.put("restarts", 4);
        PodStatus read = AvroCodec.of(PodStatus.class).withKnownWriterSchemas(newer).decode(encodeGeneric(newer, rec));
        assertEquals("STOPPED", read.getState().name());
        assertEquals("killed", read.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyWireRecord")
    @SuppressWarnings({"unchecked", "rawtypes"})
    void writesTheBytesAvrosMessageEncoderWrites(SpecificRecord record) throws Exception {
        Schema current = WireRecords.currentSchema(record.getClass());
        ByteBuffer buffer = new BinaryMessageEncoder<SpecificRecord>(SpecificData.getForClass(record.getClass()), current)
                .encode(record);
        byte[] avros = new byte[buffer.remaining()];
        buffer.get(avros);
        AvroCodec codec = AvroCodec.of(record.getClass());
        assertArrayEquals(avros, codec.encode(record));
        assertArrayEquals(avros, codec.encode(record), "the kept buffer starts empty again");
    }

    @Test
    void aRecordLargerThanTheKeptBufferEncodesWhole() {
        String big = "x".repeat(200_000);
        Placement p = SampleRecords.placement("cart-0", "node-1", 1);
        p.setReason(big);
        AvroCodec<Placement> codec = AvroCodec.of(Placement.class);
        assertEquals(big, codec.decode(codec.encode(p)).getReason());
        Placement small = SampleRecords.placement("cart-1", "node-1", 2);
        assertEquals(small, codec.decode(codec.encode(small)));
    }

    @Test
    void encodingIsDeterministic() {
        Placement p = SampleRecords.placement("cart-0", "node-1", 1);
        assertArrayEquals(AvroCodec.of(Placement.class).encode(p), AvroCodec.of(Placement.class).encode(p));
    }

    private static Schema withoutField(Schema schema, String field) {
        java.util.List<Schema.Field> fields = schema.getFields().stream()
                .filter(f -> !f.name().equals(field))
                .map(f -> new Schema.Field(f, f.schema()))
                .toList();
        return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
    }

    private static byte[] encodeGeneric(Schema schema, GenericRecord record) {
        try {
            ByteBuffer buffer = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema).encode(record);
            byte[] out = new byte[buffer.remaining()];
            buffer.get(out);
            return out;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
