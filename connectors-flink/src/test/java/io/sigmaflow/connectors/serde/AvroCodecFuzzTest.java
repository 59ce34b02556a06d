package io.sigmaflow.connectors.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.sigmaflow.connectors.rules.FieldLimits;
import io.sigmaflow.connectors.serde.UndecodableRecordException.ErrorType;
import io.sigmaflow.connectors.testing.SampleRecords;
import io.sigmaflow.schema.PlacementRequest;
import io.sigmaflow.schemas.WireRecords;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * Hostile input for the codec: random bytes, and mutated encodings of every wire record type
 * (bit flips, random bytes, cuts, inserted huge lengths, spliced and repeated ranges). Each input
 * must decode to a record of the type (that re-encodes) or be refused with an
 * {@link UndecodableRecordException} and a reason; nothing else may escape. Seeded: a failure
 * names the seed and the input.
 */
class AvroCodecFuzzTest {
    private static final long SEED = Long.getLong("fuzz.seed", 20261206L);
    private static final int PER_TYPE = Integer.getInteger("fuzz.perType", 12_000);
    private static final int RANDOM = Integer.getInteger("fuzz.random", 20_000);

    private final Map<ErrorType, Integer> refused = new EnumMap<>(ErrorType.class);
    private int decoded;

    @Test
    void theRecordOfIssue10IsRefusedAsCorrupt() {
        // C3 01, the PlacementRequest fingerprint, then requestId's length as a zig-zag varint of 2^33.
        long fingerprint = SchemaNormalization.parsingFingerprint64(WireRecords.currentSchema(PlacementRequest.class));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xC3);
        out.write(0x01);
        for (int i = 0; i < 8; i++) {
            out.write((int) (fingerprint >>> (8 * i)) & 0xFF);
        }
        writeVarint(out, 1L << 34); // zig-zag of 2^33
        out.writeBytes(new byte[31 - out.size()]);
        byte[] poison = out.toByteArray();
        assertEquals(31, poison.length);

        UndecodableRecordException e = refuse(AvroCodec.of(PlacementRequest.class), poison);
        assertEquals(ErrorType.CORRUPT, e.errorType());
        assertTrue(e.getMessage().contains("PlacementRequest.requestId: length 8589934592, but only"), e.getMessage());
    }

    @Test
    void noInputEscapesTheCodec() {
        SplittableRandom random = new SplittableRandom(SEED);
        List<SpecificRecord> samples = SampleRecords.all();
        assertEquals(WireRecords.ALL, samples.stream().map(Object::getClass).toList(), "one sample per wire type");
        long start = System.nanoTime();
        int inputs = 0;
        for (SpecificRecord sample : samples) {
            AvroCodec<SpecificRecord> codec = codec(sample.getClass());
            byte[] valid = codec.encode(sample);
            for (int i = 0; i < PER_TYPE; i++) {
                check(codec, mutate(valid, random), i);
                inputs++;
            }
        }
        List<AvroCodec<SpecificRecord>> codecs = new ArrayList<>();
        samples.forEach(s -> codecs.add(codec(s.getClass())));
        for (int i = 0; i < RANDOM; i++) {
            AvroCodec<SpecificRecord> codec = codecs.get(random.nextInt(codecs.size()));
            byte[] bytes = new byte[random.nextInt(80)];
            random.nextBytes(bytes);
            if (bytes.length >= 10 && random.nextBoolean()) { // a valid header, so the body is what gets read
                System.arraycopy(codec.encode(samples.get(codecs.indexOf(codec))), 0, bytes, 0, 10);
            }
            check(codec, bytes, i);
            inputs++;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("fuzz: %d inputs in %.2f s (%.0f/s), seed %d: %d decoded, refused %s%n",
                inputs, seconds, inputs / seconds, SEED, decoded, refused);
        assertTrue(inputs >= 100_000, "at least 100,000 inputs, got " + inputs);
        assertTrue(decoded > 0 && refused.getOrDefault(ErrorType.CORRUPT, 0) > 0,
                "the mutations reach both outcomes: " + decoded + " decoded, refused " + refused);
    }

    private void check(AvroCodec<SpecificRecord> codec, byte[] bytes, int i) {
        try {
            SpecificRecord r = codec.decode(bytes);
            assertNotNull(r);
            assertEquals(codec.type(), r.getClass());
            FieldLimits.problem(r); // the edge check runs on anything that decodes
            codec.encode(r); // outputs and dead letters re-encode what was read
            decoded++;
        } catch (UndecodableRecordException e) {
            assertNotNull(e.getMessage());
            assertFalse(e.getMessage().isBlank());
            refused.merge(e.errorType(), 1, Integer::sum);
        } catch (Throwable t) {
            fail("seed " + SEED + ", input " + i + " for " + codec.type().getSimpleName() + ": " + t + " from "
                    + HexFormat.of().formatHex(bytes), t);
        }
    }

    /** One to three random mutations of {@code valid}. */
    private static byte[] mutate(byte[] valid, SplittableRandom random) {
        byte[] b = valid.clone();
        int n = 1 + random.nextInt(3);
        for (int k = 0; k < n && b.length > 0; k++) {
            int at = random.nextInt(b.length);
            switch (random.nextInt(7)) {
                case 0 -> b[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> b[at] = (byte) random.nextInt(256);
                case 2 -> b = Arrays.copyOf(b, at); // cut
                case 3 -> { // a huge or negative length where any varint may be
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    out.write(b, 0, at);
                    writeVarint(out, random.nextBoolean() ? random.nextLong() : 1L << (20 + random.nextInt(40)));
                    out.write(b, at, b.length - at);
                    b = out.toByteArray();
                }
                case 4 -> { // a range repeated
                    int len = Math.min(b.length - at, 1 + random.nextInt(16));
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    out.write(b, 0, at + len);
                    out.write(b, at, b.length - at);
                    b = out.toByteArray();
                }
                case 5 -> { // a range removed
                    int len = Math.min(b.length - at, 1 + random.nextInt(8));
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    out.write(b, 0, at);
                    out.write(b, at + len, b.length - at - len);
                    b = out.toByteArray();
                }
                default -> Arrays.fill(b, at, Math.min(b.length, at + 1 + random.nextInt(6)), (byte) 0xFF);
            }
        }
        return b;
    }

    private static void writeVarint(ByteArrayOutputStream out, long zigzag) {
        long v = zigzag;
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private static UndecodableRecordException refuse(AvroCodec<?> codec, byte[] bytes) {
        try {
            codec.decode(bytes);
        } catch (UndecodableRecordException e) {
            return e;
        }
        throw new AssertionError("decoded " + HexFormat.of().formatHex(bytes));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static AvroCodec<SpecificRecord> codec(Class<? extends SpecificRecord> type) {
        return (AvroCodec) AvroCodec.of(type);
    }
}
