package io.sigmaflow.cli.whatif;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;

/**
 * One Avro record from one line of plain JSON, checked field by field against the record's schema.
 *
 * <p>Plain JSON, not Avro's own JSON encoding: a union with null is written as the value or
 * {@code null} ({@code "replicas": 12}, not {@code "replicas": {"int": 12}}), so the files read
 * like the records they describe. A field left out takes its schema default; a field without a
 * default is required. An unknown field is an error (a misspelt optional field would otherwise be
 * silently dropped). Problems name the field by its path, e.g. {@code template.resources.cpuMillis}.
 */
public final class JsonRecords<T extends SpecificRecord> {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A problem with one field of one record ({@code field} is "-" when the line is not JSON at all). */
    public static final class FieldException extends Exception {
        private final String field;
        private final String problem;

        FieldException(String field, String problem) {
            super(field + ": " + problem);
            this.field = field;
            this.problem = problem;
        }

        public String field() {
            return field;
        }

        public String problem() {
            return problem;
        }
    }

    private final Class<T> type;
    private final Schema schema;

    private JsonRecords(Class<T> type) {
        this.type = type;
        this.schema = SpecificData.get().getSchema(type);
    }

    public static <T extends SpecificRecord> JsonRecords<T> of(Class<T> type) {
        return new JsonRecords<>(type);
    }

    /** The record of one line of JSON. */
    public T decode(String json) throws FieldException {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new FieldException("-", "not JSON: " + e.getOriginalMessage());
        }
        Object generic = value(schema, node, "");
        return toSpecific(generic);
    }

    private Object value(Schema s, JsonNode n, String path) throws FieldException {
        String here = path.isEmpty() ? "(record)" : path;
        switch (s.getType()) {
            case RECORD -> {
                if (!n.isObject()) {
                    throw new FieldException(here, "expected an object " + s.getName() + ", got " + describe(n));
                }
                return record(s, n, path);
            }
            case UNION -> {
                return union(s, n, path);
            }
            case STRING -> {
                if (!n.isTextual()) {
                    throw new FieldException(here, "expected a string, got " + describe(n));
                }
                return n.textValue();
            }
            case INT -> {
                if (!n.isIntegralNumber() || !n.canConvertToInt()) {
                    throw new FieldException(here, "expected an integer (32 bit), got " + describe(n));
                }
                return n.intValue();
            }
            case LONG -> {
                if (!n.isIntegralNumber() || !n.canConvertToLong()) {
                    throw new FieldException(here, "expected an integer, got " + describe(n));
                }
                return n.longValue();
            }
            case FLOAT, DOUBLE -> {
                if (!n.isNumber()) {
                    throw new FieldException(here, "expected a number, got " + describe(n));
                }
                return s.getType() == Schema.Type.FLOAT ? (Object) n.floatValue() : (Object) n.doubleValue();
            }
            case BOOLEAN -> {
                if (!n.isBoolean()) {
                    throw new FieldException(here, "expected true or false, got " + describe(n));
                }
                return n.booleanValue();
            }
            case NULL -> {
                if (!n.isNull()) {
                    throw new FieldException(here, "expected null, got " + describe(n));
                }
                return null;
            }
            case ENUM -> {
                if (!n.isTextual() || !s.getEnumSymbols().contains(n.textValue())) {
                    throw new FieldException(here, "expected one of " + s.getEnumSymbols() + ", got " + describe(n));
                }
                return new GenericData.EnumSymbol(s, n.textValue());
            }
            case ARRAY -> {
                if (!n.isArray()) {
                    throw new FieldException(here, "expected an array, got " + describe(n));
                }
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < n.size(); i++) {
                    items.add(value(s.getElementType(), n.get(i), path + "[" + i + "]"));
                }
                return new GenericData.Array<>(s, items);
            }
            case MAP -> {
                if (!n.isObject()) {
                    throw new FieldException(here, "expected an object of " + s.getValueType().getType().getName()
                            + " values, got " + describe(n));
                }
                Map<String, Object> map = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    map.put(e.getKey(), value(s.getValueType(), e.getValue(), path + "." + e.getKey()));
                }
                return map;
            }
            default -> throw new FieldException(here, "fields of type " + s.getType().getName()
                    + " cannot be given in JSON here");
        }
    }

    private Object record(Schema s, JsonNode n, String path) throws FieldException {
        GenericData.Record record = new GenericData.Record(s);
        Set<String> known = new TreeSet<>();
        for (Schema.Field f : s.getFields()) {
            known.add(f.name());
        }
        for (Iterator<String> names = n.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new FieldException(join(path, name), "unknown field of " + s.getName() + "; known: "
                        + String.join(", ", known));
            }
        }
        for (Schema.Field f : s.getFields()) {
            JsonNode child = n.get(f.name());
            if (child != null) {
                record.put(f.pos(), value(f.schema(), child, join(path, f.name())));
            } else if (f.hasDefaultValue()) {
                record.put(f.pos(), GenericData.get().deepCopy(f.schema(), GenericData.get().getDefaultValue(f)));
            } else {
                throw new FieldException(join(path, f.name()), "missing (required in " + s.getName() + ")");
            }
        }
        return record;
    }

    /** The value as the one non-null branch that accepts it (a union here is at most null and one type or two). */
    private Object union(Schema s, JsonNode n, String path) throws FieldException {
        if (n.isNull()) {
            if (s.getTypes().stream().anyMatch(t -> t.getType() == Schema.Type.NULL)) {
                return null;
            }
            throw new FieldException(path, "must not be null");
        }
        FieldException first = null;
        for (Schema branch : s.getTypes()) {
            if (branch.getType() == Schema.Type.NULL) {
                continue;
            }
            try {
                return value(branch, n, path);
            } catch (FieldException e) {
                first = first == null ? e : first;
            }
        }
        throw first != null ? first : new FieldException(path, "no type accepts " + describe(n));
    }

    /** Through Avro's binary form: the specific record exactly as a Kafka consumer of the topic would decode it. */
    private T toSpecific(Object generic) throws FieldException {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
            new GenericDatumWriter<Object>(schema, GenericData.get()).write(generic, encoder);
            encoder.flush();
            return new SpecificDatumReader<>(type).read(null,
                    DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            // A value the schema cannot carry that the checks above let through.
            throw new FieldException("(record)", "cannot be encoded as " + schema.getName() + ": " + e.getMessage());
        }
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static String describe(JsonNode n) {
        String text = n.toString();
        String kind = n.isTextual() ? "string" : n.isNumber() ? "number" : n.isBoolean() ? "boolean"
                : n.isArray() ? "array" : n.isObject() ? "object" : n.isNull() ? "null" : "value";
        return kind + " " + (text.length() > 40 ? text.substring(0, 37) + "..." : text);
    }
}
