package io.sigmaflow.connectors.serde;

import io.sigmaflow.connectors.serde.UndecodableRecordException.ErrorType;
import io.sigmaflow.schemas.SchemaHistory;
import io.sigmaflow.schemas.WireRecords;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro single-object encoding of one wire record type, without a registry server.
 *
 * <p>Each value is {@code C3 01}, the 8-byte little-endian CRC-64-AVRO fingerprint of the writer
 * schema's canonical form, then the Avro binary body. The decoder knows every released version of
 * the type (from {@link SchemaHistory}) and resolves older or newer writer schemas into the
 * current one. Thread-safe; cheap to keep one per type.
 */
public final class AvroCodec<T extends SpecificRecord> {
    private static final byte[] SINGLE_OBJECT_MARKER = {(byte) 0xC3, 0x01};
    private static final int HEADER_LENGTH = 10;
    private static final Map<Long, String> KNOWN_FINGERPRINTS = knownFingerprints();

    private final Class<T> type;
    /** {@code C3 01} and the current schema's fingerprint: the same header {@code BinaryMessageEncoder} writes. */
    private final byte[] header;
    private final DatumWriter<T> writer;
    /** Per thread: a growable buffer and the buffered encoder over it (kept between records). */
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);
    private final BinaryMessageDecoder<T> decoder;
    /** Writer schemas by fingerprint: the body is checked against the one it was written with. */
    private final Map<Long, Schema> writers = new java.util.concurrent.ConcurrentHashMap<>();

    private AvroCodec(Class<T> type) {
        this.type = type;
        Schema current = WireRecords.currentSchema(type);
        SpecificData model = SpecificData.getForClass(type);
        this.header = header(current);
        this.writer = new SpecificDatumWriter<>(current, model);
        this.decoder = new BinaryMessageDecoder<>(model, current);
        writers.put(SchemaNormalization.parsingFingerprint64(current), current);
        for (Schema released : SchemaHistory.versions(type)) {
            decoder.addSchema(released);
            writers.put(SchemaNormalization.parsingFingerprint64(released), released);
        }
    }

    public static <T extends SpecificRecord> AvroCodec<T> of(Class<T> type) {
        return new AvroCodec<>(type);
    }

    /**
     * Also resolves records written with {@code writerSchemas}: schemas this build has not
     * released, for example those of a newer producer read from a schema file.
     */
    public AvroCodec<T> withKnownWriterSchemas(Schema... writerSchemas) {
        for (Schema s : writerSchemas) {
            decoder.addSchema(s);
            writers.put(SchemaNormalization.parsingFingerprint64(s), s);
        }
        return this;
    }

    public Class<T> type() {
        return type;
    }

    /**
     * The record's single-object encoding: the bytes Avro's {@code BinaryMessageEncoder} writes
     * (tested), through a buffered encoder into a buffer kept per thread, copied out once. Avro's
     * own goes through a direct encoder (a stream write per field) into a synchronized stream,
     * then copies twice: on the placements path (a BIND per placement) that was 5-7 % of the
     * job's CPU.
     */
    public byte[] encode(T record) {
        Scratch s = scratch.get();
        try {
            s.count = 0;
            s.write(header, 0, header.length);
            s.encoder = EncoderFactory.get().binaryEncoder(s, s.encoder);
            writer.write(record, s.encoder);
            s.encoder.flush();
            return Arrays.copyOf(s.bytes, s.count);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + type.getSimpleName(), e);
        } finally {
            if (s.bytes.length > Scratch.KEPT) {
                s.bytes = new byte[Scratch.KEPT]; // an outsized record does not pin its buffer
            }
        }
    }

    /**
     * {@code C3 01} and the schema's CRC-64-AVRO fingerprint (little-endian, as Avro's
     * {@code SchemaNormalization} gives it): the header {@code BinaryMessageEncoder} writes.
     */
    private static byte[] header(Schema schema) {
        byte[] fingerprint;
        try {
            fingerprint = SchemaNormalization.parsingFingerprint("CRC-64-AVRO", schema);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Avro without CRC-64-AVRO", e);
        }
        byte[] header = Arrays.copyOf(SINGLE_OBJECT_MARKER, HEADER_LENGTH);
        System.arraycopy(fingerprint, 0, header, SINGLE_OBJECT_MARKER.length, fingerprint.length);
        return header;
    }

    /**
     * An unsynchronized growable buffer with the encoder that flushes into it. Not the JDK's
     * {@code ByteArrayOutputStream}: with it (its lock uncontended), encoding a 158-byte BIND
     * took 1.2-1.25x as long (median of 12 interleaved rounds of 2 M records each, twice).
     */
    private static final class Scratch extends OutputStream {
        static final int KEPT = 64 * 1024;
        byte[] bytes = new byte[1024];
        int count;
        BinaryEncoder encoder;

        @Override
        public void write(int b) {
            ensure(1);
            bytes[count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, bytes, count, len);
            count += len;
        }

        private void ensure(int more) {
            if (count + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(count + more, bytes.length * 2));
            }
        }
    }

    /**
     * Decodes {@code bytes}; never returns null, never throws anything but an
     * {@link UndecodableRecordException}, or what {@link #isFaultOfTheJvm} names (which no input can
     * cause: every length in the body is checked against the record's own size before Avro
     * allocates it, see {@link BodyBounds}).
     *
     * @throws UndecodableRecordException with the reason when the bytes are not a valid record
     */
    public T decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new UndecodableRecordException(ErrorType.EMPTY,
                    "empty value where a " + type.getSimpleName() + " was expected", null);
        }
        Schema writer = bytes.length >= HEADER_LENGTH && bytes[0] == SINGLE_OBJECT_MARKER[0] && bytes[1] == SINGLE_OBJECT_MARKER[1]
                ? writers.get(fingerprint(bytes)) : null;
        if (writer != null) {
            String outOfBounds = BodyBounds.problem(writer, bytes, HEADER_LENGTH);
            if (outOfBounds != null) {
                throw corrupt(bytes, outOfBounds, null);
            }
        }
        try {
            return decoder.decode(bytes);
        } catch (BadHeaderException e) {
            throw new UndecodableRecordException(ErrorType.NOT_SINGLE_OBJECT,
                    "not an Avro single-object encoded " + type.getSimpleName()
                            + ": expected marker C3 01, got " + preview(bytes), e);
        } catch (MissingSchemaException e) {
            long fingerprint = fingerprint(bytes);
            String other = KNOWN_FINGERPRINTS.get(fingerprint);
            String why = other != null
                    ? "a " + other + " where a " + type.getSimpleName() + " was expected (wrong topic?)"
                    : "unknown writer schema fingerprint " + Long.toHexString(fingerprint) + " for "
                            + type.getSimpleName() + ": written with a schema this reader has not released"
                            + " (upgrade this consumer first, or check the producer)";
            throw new UndecodableRecordException(ErrorType.UNKNOWN_SCHEMA, why, e);
        } catch (IOException | RuntimeException | Error e) {
            if (e instanceof Error err && isFaultOfTheJvm(err)) {
                throw err;
            }
            if (e instanceof SecurityException fault) {
                throw fault;
            }
            // Whatever else Avro throws on a body (AvroRuntimeException, UnsupportedOperationException,
            // IndexOutOfBounds, ...) says the same thing: these bytes are not a record.
            throw corrupt(bytes, e.toString(), e);
        }
    }

    /**
     * True for what no record can cause and a dead letter would hide: the JVM failing
     * ({@link VirtualMachineError}), a class missing or broken ({@link LinkageError}), or Avro's
     * class trust refusing our own generated classes ({@link SecurityException}: the process was
     * started without {@code -Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.sigmaflow.schema}, and would
     * otherwise dead-letter every record). These fail the job loudly instead.
     */
    public static boolean isFaultOfTheJvm(Throwable t) {
        return t instanceof VirtualMachineError || t instanceof LinkageError || t instanceof SecurityException;
    }

    private UndecodableRecordException corrupt(byte[] bytes, String why, Throwable cause) {
        return new UndecodableRecordException(ErrorType.CORRUPT,
                "corrupt " + type.getSimpleName() + " body (" + bytes.length + " bytes, writer schema "
                        + Long.toHexString(fingerprint(bytes)) + "): " + why, cause);
    }

    /** The writer-schema fingerprint in a single-object header, or 0 when there is none. */
    public static long fingerprint(byte[] bytes) {
        if (bytes == null || bytes.length < HEADER_LENGTH) {
            return 0;
        }
        return ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    private static String preview(byte[] bytes) {
        int n = Math.min(bytes.length, 16);
        byte[] head = new byte[n];
        System.arraycopy(bytes, 0, head, 0, n);
        return HexFormat.ofDelimiter(" ").formatHex(head) + (bytes.length > n ? " ..." : "");
    }

    private static Map<Long, String> knownFingerprints() {
        Map<Long, String> known = new HashMap<>();
        for (Class<? extends SpecificRecord> wire : WireRecords.ALL) {
            for (Schema s : SchemaHistory.versions(wire)) {
                known.put(SchemaNormalization.parsingFingerprint64(s), wire.getSimpleName());
            }
            known.put(SchemaNormalization.parsingFingerprint64(WireRecords.currentSchema(wire)), wire.getSimpleName());
        }
        return Map.copyOf(known);
    }
}
