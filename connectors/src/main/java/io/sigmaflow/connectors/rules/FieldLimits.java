package io.sigmaflow.connectors.rules;

import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * Size and character limits of wire records, checked by the job at the edge (its decode operator)
 * before anything is stored or repeated in an output, and by {@code SigmaClient} before it sends
 * anything (one rule, so what the client sends the job decodes). {@link #problem} (every wire
 * record, always):
 *
 * <ul>
 *   <li>an id (a string field named {@code ...Id}) has at most {@link #MAX_ID_CHARS} characters,
 *       like a Kubernetes name;</li>
 *   <li>any other string (map keys and values, list items included) has at most
 *       {@link #MAX_STRING_CHARS} characters.</li>
 * </ul>
 *
 * Outputs repeat ids (an outcome names its request and app, a placement its pod and node): with
 * these limits no single input field can make an output record large. {@link #safeIdProblem} (for
 * host and operator inputs): ids are also safe as file or cgroup names on a host
 * ({@link #safeId}), no {@code /}, no {@code \}, no {@code ..}, no whitespace or control
 * characters. Requests are checked for that by {@link RequestFieldRules} instead (stricter: app
 * ids become pod ids), which the job answers with a REJECTED outcome.
 */
public final class FieldLimits {
    public static final int MAX_ID_CHARS = 253;
    public static final int MAX_STRING_CHARS = 64 * 1024;
    /** How much of a bad value a reason quotes. */
    private static final int QUOTE_CHARS = 40;

    private FieldLimits() {}

    /** The first size problem of {@code record} ("field: problem"), or null when it keeps every limit. */
    public static String problem(IndexedRecord record) {
        return record(record, "", false);
    }

    /**
     * The first id of {@code record} that is not safe as a file or cgroup name on a host, or anything
     * {@link #problem} finds; null when none. The job's {@code RecordValidator.safeIds()} for host inputs.
     */
    public static String safeIdProblem(IndexedRecord record) {
        return record(record, "", true);
    }

    /**
     * Why {@code id} (the value of {@code field}) is not safe as a file or cgroup name on a host
     * ("field: problem"), or null when it is: at most {@link #MAX_ID_CHARS} characters, no
     * {@code /}, {@code \} or {@code ..}, no whitespace or control characters.
     */
    public static String safeId(String field, String id) {
        return id(id, field, true);
    }

    private static String record(IndexedRecord r, String prefix, boolean safe) {
        for (Schema.Field f : r.getSchema().getFields()) {
            boolean id = f.name().endsWith("Id") || f.name().equals("id");
            String p = value(r.get(f.pos()), prefix + f.name(), id, safe);
            if (p != null) {
                return p;
            }
        }
        return null;
    }

    private static String value(Object v, String path, boolean id, boolean safe) {
        if (v instanceof CharSequence s) {
            return id ? id(s.toString(), path, safe) : string(s, path);
        }
        if (v instanceof IndexedRecord r) {
            return record(r, path + ".", safe);
        }
        if (v instanceof List<?> items) {
            for (int i = 0; i < items.size(); i++) {
                String p = value(items.get(i), path + "[" + i + "]", false, safe);
                if (p != null) {
                    return p;
                }
            }
        }
        if (v instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String key = String.valueOf(e.getKey());
                String p = string(key, path + " key");
                p = p != null ? p : value(e.getValue(), path + "[" + quote(key) + "]", false, safe);
                if (p != null) {
                    return p;
                }
            }
        }
        return null;
    }

    private static String string(CharSequence s, String path) {
        if (s.length() > MAX_STRING_CHARS) {
            return path + ": at most " + MAX_STRING_CHARS + " characters, got " + s.length();
        }
        return null;
    }

    private static String id(String s, String path, boolean safe) {
        if (s.length() > MAX_ID_CHARS) {
            return path + ": an id of at most " + MAX_ID_CHARS + " characters, got " + s.length() + " ('"
                    + quote(s) + "...')";
        }
        if (!safe) {
            return null;
        }
        if (s.contains("/") || s.contains("\\") || s.contains("..")) {
            return path + ": '" + quote(s) + "' must not contain '/', '\\' or '..' (ids name files and cgroups on hosts)";
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) || Character.isWhitespace(c)) {
                return path + ": '" + quote(s) + "' must not contain whitespace or control characters (at " + i + ")";
            }
        }
        return null;
    }

    private static String quote(String s) {
        String head = s.length() > QUOTE_CHARS ? s.substring(0, QUOTE_CHARS) : s;
        StringBuilder b = new StringBuilder();
        head.codePoints().forEach(c -> b.append(Character.isISOControl(c) ? '?' : (char) c));
        return b.toString();
    }
}
