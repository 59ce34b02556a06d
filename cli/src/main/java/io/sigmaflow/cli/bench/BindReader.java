package io.sigmaflow.cli.bench;

import io.sigmaflow.connectors.serde.AvroCodec;
import io.sigmaflow.schema.Placement;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;

/**
 * The benchmark's reading of a BIND, as cheap as its use: the collector keeps a placement's ids,
 * node, resources and decision time, and drops its explanation and payload. A value written with
 * the current {@link Placement} schema is decoded with a reader schema in which those two (and
 * the explanation of before Placement v3) are records without fields, so Avro skips their bytes
 * instead of building them (on 200,000 BINDs the explanations' decoding was 40 % of the reader's
 * cpu); the fields kept are read as the full decoder reads them ({@code BindReaderTest}). Any other
 * writer schema goes through the full {@link AvroCodec}, as before. Only for the benchmark's
 * own, trusted, records: the job's readers keep {@link AvroCodec}'s bounds checks.
 */
final class BindReader {
    /** The record-typed fields the collector drops: decoded as records without fields. */
    static final List<String> SKIPPED = List.of("payload", "explanation", "compactExplanation");
    private static final int HEADER_LENGTH = 10;

    private final AvroCodec<Placement> full = AvroCodec.of(Placement.class);
    private final long currentFingerprint = SchemaNormalization.parsingFingerprint64(Placement.getClassSchema());
    private final SpecificDatumReader<Placement> projected;
    private BinaryDecoder decoder;

    BindReader() {
        SpecificData model = SpecificData.getForClass(Placement.class);
        projected = new SpecificDatumReader<>(Placement.getClassSchema(), projection(Placement.getClassSchema()), model);
    }

    /** A BIND's value: the kept fields always, the explanation and payload null when the fast path read it. */
    Placement read(byte[] value) {
        if (!projects(value)) {
            return full.decode(value);
        }
        decoder = DecoderFactory.get().binaryDecoder(value, HEADER_LENGTH, value.length - HEADER_LENGTH, decoder);
        try {
            Placement p = projected.read(null, decoder);
            p.setPayload(null);
            p.setExplanation(null);
            p.setCompactExplanation(null);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether {@code value} was written with the current schema: read with the projection. */
    boolean projects(byte[] value) {
        return value.length >= HEADER_LENGTH && value[0] == (byte) 0xC3 && value[1] == 0x01
                && AvroCodec.fingerprint(value) == currentFingerprint;
    }

    /** The full decoding, explanation included (what a sample of BINDs is measured with). */
    Placement readFully(byte[] value) {
        return full.decode(value);
    }

    /** {@code placement} with each {@link #SKIPPED} field's record branch replaced by a record of the same name and no fields. */
    static Schema projection(Schema placement) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : placement.getFields()) {
            Schema type = SKIPPED.contains(f.name()) ? withoutFields(f.schema()) : f.schema();
            fields.add(new Schema.Field(f.name(), type, f.doc(), f.defaultVal(), f.order()));
        }
        return Schema.createRecord(placement.getName(), placement.getDoc(), placement.getNamespace(), false, fields);
    }

    private static Schema withoutFields(Schema type) {
        return switch (type.getType()) {
            case RECORD -> Schema.createRecord(type.getName(), null, type.getNamespace(), false, List.of());
            case UNION -> Schema.createUnion(type.getTypes().stream().map(BindReader::withoutFields).toList());
            default -> type;
        };
    }
}
