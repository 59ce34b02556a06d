package io.sigmaflow.client.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The problems found in one spec file, each with the line of its field (or of the nearest enclosing one). */
final class SpecFields {
    private final String file;
    private final Map<String, Integer> lines;
    private final List<String> problems = new ArrayList<>();
    private final List<String> fields = new ArrayList<>();

    SpecFields(String file, Map<String, Integer> lines) {
        this.file = file;
        this.lines = lines;
    }

    /** Records a problem of {@code field} ({@code resources.cpu}, {@code tolerations[0].key}; "" for the document). */
    void problem(String field, String what) {
        fields.add(field);
        Integer line = null;
        for (String f = field; line == null; f = parent(f)) {
            line = lines.get(pointer(f));
            if (f.isEmpty()) {
                break;
            }
        }
        String where = line == null || line == 0 ? file : file + ":" + line;
        problems.add(where + ": " + (field.isEmpty() ? "" : field + ": ") + what);
    }

    /** A required field that is not there: its parent's line would mislead, so no line. */
    void missing(String field, String what) {
        fields.add(field);
        problems.add(file + ": " + field + ": required (" + what + ")");
    }

    /** True when {@code field}, a field inside it or one around it already has a problem. */
    boolean covers(String field) {
        return fields.stream().anyMatch(f -> f.isEmpty() || f.equals(field) || f.startsWith(field + ".")
                || f.startsWith(field + "[") || field.startsWith(f + ".") || field.startsWith(f + "["));
    }

    boolean hasProblems() {
        return !problems.isEmpty();
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    /** {@code tolerations[0].key} as the JSON pointer {@code /tolerations/0/key}. */
    static String pointer(String field) {
        if (field.isEmpty()) {
            return "";
        }
        return "/" + field.replaceAll("\\[(\\d+)]", ".$1").replace("[", ".").replace(']', ' ').trim().replace('.', '/');
    }

    private static String parent(String field) {
        int cut = Math.max(field.lastIndexOf('.'), field.lastIndexOf('['));
        return cut < 0 ? "" : field.substring(0, cut);
    }
}
