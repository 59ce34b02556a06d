package io.sigmaflow.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificRecord;

/**
 * The released versions of every wire record's schema, shipped as resources
 * ({@code schema-history/<Record>/v<N>.avsc}).
 *
 * <p>Without a registry server a reader must already know the writer's schema to resolve it:
 * decoders load every released version, so a consumer that knows version N reads records from
 * producers at versions 1..N. Rolling upgrade rule: ship a new version to consumers before
 * producers write it. {@code ./sigma schemas snapshot} appends the current schemas as new
 * versions; a test fails when the code's schema is not the latest released one or is
 * incompatible with an earlier one.
 */
public final class SchemaHistory {
    static final String ROOT = "schema-history";
    private static final int MAX_VERSIONS = 1000;

    private SchemaHistory() {}

    /** Released versions of {@code type}'s schema, oldest first (v1, v2, ...). */
    public static List<Schema> versions(Class<? extends SpecificRecord> type) {
        List<Schema> versions = new ArrayList<>();
        ClassLoader loader = SchemaHistory.class.getClassLoader();
        for (int v = 1; v <= MAX_VERSIONS; v++) {
            String resource = ROOT + "/" + type.getSimpleName() + "/v" + v + ".avsc";
            try (InputStream in = loader.getResourceAsStream(resource)) {
                if (in == null) {
                    break;
                }
                versions.add(new Schema.Parser().parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read schema history resource " + resource, e);
            }
        }
        return versions;
    }

    /** Every released schema of every wire record: what a decoder must recognise. */
    public static List<Schema> allReleased() {
        List<Schema> all = new ArrayList<>();
        for (Class<? extends SpecificRecord> type : WireRecords.ALL) {
            all.addAll(versions(type));
        }
        return all;
    }

    /** True when the two schemas have the same Parsing Canonical Form, hence the same fingerprint. */
    public static boolean sameWireSchema(Schema a, Schema b) {
        return SchemaNormalization.parsingFingerprint64(a) == SchemaNormalization.parsingFingerprint64(b);
    }

    /**
     * Writes the current schema of every wire record whose latest released version differs,
     * as the next version under {@code historyDir}. Returns the files written.
     */
    public static List<Path> snapshot(Path historyDir) throws IOException {
        List<Path> written = new ArrayList<>();
        for (Class<? extends SpecificRecord> type : WireRecords.ALL) {
            Schema current = WireRecords.currentSchema(type);
            Path dir = historyDir.resolve(type.getSimpleName());
            Files.createDirectories(dir);
            int latest = 0;
            while (Files.exists(dir.resolve("v" + (latest + 1) + ".avsc"))) {
                latest++;
            }
            if (latest > 0) {
                Schema released = new Schema.Parser().parse(dir.resolve("v" + latest + ".avsc").toFile());
                if (sameWireSchema(released, current)) {
                    continue;
                }
            }
            Path file = dir.resolve("v" + (latest + 1) + ".avsc");
            Files.writeString(file, current.toString(true) + "\n");
            written.add(file);
        }
        return written;
    }
}
