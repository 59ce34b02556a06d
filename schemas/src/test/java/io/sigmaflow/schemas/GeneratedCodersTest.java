package io.sigmaflow.schemas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import io.sigmaflow.schema.Placement;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.Encoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.api.Test;

/**
 * Avro's generated encoders ({@code -Dorg.apache.avro.specific.use_custom_coders=true}, set by
 * {@code ./sigma}, the cluster's processes, flink-conf and the tests) write exactly the bytes the
 * schema-driven writer writes, for every generated record type: switching them on or off changes
 * no byte on the wire or in a checkpoint, so old checkpoints restore and old readers read. Reading
 * is unchanged (Avro's fast reader, which resolves writer schemas, ignores the flag).
 */
class GeneratedCodersTest {
    private static final int RECORDS_PER_TYPE = 40;

    @Test
    void generatedEncodersWriteTheSchemaWritersBytesForEveryRecordType() throws Exception {
        List<Class<? extends SpecificRecordBase>> types = generatedRecordTypes();
        assertTrue(types.containsAll(WireRecords.ALL), "every wire record is among the types checked: " + types);
        assertTrue(types.size() > 40, "the job's state types are checked too: " + types.size());
        SpecificData schemaDriven = new SpecificData();
        schemaDriven.setCustomCoders(false);
        SpecificData generated = new SpecificData();
        generated.setCustomCoders(true);
        Random random = new Random(18);
        for (Class<? extends SpecificRecordBase> type : types) {
            Schema schema = SpecificData.get().getSchema(type);
            for (int i = 0; i < RECORDS_PER_TYPE; i++) {
                byte[] original = encode(new GenericDatumWriter<>(schema), randomValue(schema, random, 0));
                SpecificRecordBase record = new SpecificDatumReader<SpecificRecordBase>(schema, schema, schemaDriven)
                        .read(null, DecoderFactory.get().binaryDecoder(original, null));

                CountingWriter bySchema = new CountingWriter(schema, schemaDriven);
                CountingWriter byGeneratedCode = new CountingWriter(schema, generated);
                // Compared with each other, not with `original`: a map read back is a HashMap, so its
                // entries may come out in another order than they were written in.
                byte[] expected = encode(bySchema, record);
                byte[] actual = encode(byGeneratedCode, record);
                assertArrayEquals(expected, actual, type.getSimpleName() + ": generated code vs schema");
                assertEquals(original.length, actual.length, type.getSimpleName() + ": as long as the random record");
                assertEquals(record, new SpecificDatumReader<SpecificRecordBase>(schema, schema, schemaDriven)
                        .read(null, DecoderFactory.get().binaryDecoder(actual, null)), type.getSimpleName() + " reads back");
                assertEquals(0, byGeneratedCode.fieldWrites, type.getSimpleName() + ": the generated encoder ran");
                assertTrue(bySchema.fieldWrites > 0 || schema.getFields().isEmpty(), "the schema writer ran");
            }
        }
    }

    /** Counts the schema-driven writer's field writes: none means the generated encoder did it all. */
    private static final class CountingWriter extends SpecificDatumWriter<Object> {
        int fieldWrites;

        CountingWriter(Schema schema, SpecificData model) {
            super(schema, model);
        }

        @Override
        protected void writeField(Object datum, Schema.Field f, Encoder out, Object state) throws IOException {
            fieldWrites++;
            super.writeField(datum, f, out, state);
        }
    }

    private static byte[] encode(org.apache.avro.io.DatumWriter<Object> writer, Object value) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        writer.write(value, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    /** A value of {@code schema} with every branch, length and sign drawn at random. */
    private static Object randomValue(Schema schema, Random random, int depth) {
        return switch (schema.getType()) {
            case RECORD -> {
                GenericData.Record record = new GenericData.Record(schema);
                for (Schema.Field f : schema.getFields()) {
                    record.put(f.pos(), randomValue(f.schema(), random, depth + 1));
                }
                yield record;
            }
            case UNION -> {
                List<Schema> branches = schema.getTypes();
                // Deep nesting takes the first branch (null in this project's optional fields).
                Schema branch = depth > 6 ? branches.get(0) : branches.get(random.nextInt(branches.size()));
                yield randomValue(branch, random, depth + 1);
            }
            case ARRAY -> {
                List<Object> items = new ArrayList<>();
                for (int n = depth > 6 ? 0 : random.nextInt(4); n > 0; n--) {
                    items.add(randomValue(schema.getElementType(), random, depth + 1));
                }
                yield items;
            }
            case MAP -> {
                Map<String, Object> entries = new LinkedHashMap<>();
                for (int n = depth > 6 ? 0 : random.nextInt(4); n > 0; n--) {
                    entries.put(randomString(random), randomValue(schema.getValueType(), random, depth + 1));
                }
                yield entries;
            }
            case ENUM -> new GenericData.EnumSymbol(schema,
                    schema.getEnumSymbols().get(random.nextInt(schema.getEnumSymbols().size())));
            case FIXED -> {
                byte[] bytes = new byte[schema.getFixedSize()];
                random.nextBytes(bytes);
                yield new GenericData.Fixed(schema, bytes);
            }
            case STRING -> randomString(random);
            case BYTES -> {
                byte[] bytes = new byte[random.nextInt(6)];
                random.nextBytes(bytes);
                yield ByteBuffer.wrap(bytes);
            }
            case INT -> random.nextBoolean() ? random.nextInt() : random.nextInt(200) - 100;
            case LONG -> random.nextBoolean() ? random.nextLong() : random.nextInt(200) - 100L;
            case FLOAT -> random.nextFloat() * 1000 - 500;
            case DOUBLE -> random.nextDouble() * 1e6 - 5e5;
            case BOOLEAN -> random.nextBoolean();
            case NULL -> null;
        };
    }

    private static String randomString(Random random) {
        String[] parts = {"", "web-0", "n-10000", "rack/α", "ünïcode", "app." + random.nextInt(1000)};
        return parts[random.nextInt(parts.length)] + (random.nextBoolean() ? "" : Integer.toString(random.nextInt()));
    }

    /** Every generated record class of this module (under io/sigmaflow/schema in the build's classes). */
    private static List<Class<? extends SpecificRecordBase>> generatedRecordTypes()
            throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(Placement.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<? extends SpecificRecordBase>> types = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root.resolve("io/sigmaflow/schema"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class") && !f.toString().contains("$")).sorted().toList()) {
                String name = root.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type = Class.forName(name);
                if (SpecificRecordBase.class.isAssignableFrom(type)) {
                    types.add(type.asSubclass(SpecificRecordBase.class));
                }
            }
        }
        return types;
    }
}
