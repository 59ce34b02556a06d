package io.sigmaflow.cli.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.PrintWriter;
import java.util.function.Function;

/**
 * Prints a command's result in the format the user chose: the same document as indented JSON or as
 * YAML, or a table made from it for people. Commands build the document once (a Jackson tree, keys
 * in a fixed order) and say how it becomes a table, so the formats cannot drift apart.
 */
public final class Output {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .build();
    private static final ObjectMapper YAML = new YAMLMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build());

    private Output() {}

    /** Prints {@code document} as JSON or YAML, or {@code table.apply(document)} as a table. */
    public static void print(PrintWriter out, OutputFormat format, JsonNode document, Function<JsonNode, Table> table) {
        out.print(render(format, document, table));
        out.flush();
    }

    /** What {@link #print} prints. */
    public static String render(OutputFormat format, JsonNode document, Function<JsonNode, Table> table) {
        try {
            return switch (format) {
                case JSON -> JSON.writeValueAsString(document) + "\n";
                case YAML -> YAML.writeValueAsString(document);
                case TABLE -> table.apply(document).render();
            };
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + format + ": " + e.getMessage(), e);
        }
    }

    /** A mapper for building documents ({@code createObjectNode()}) and reading them back in tests. */
    public static ObjectMapper json() {
        return JSON;
    }

    /** The YAML mapper, for reading YAML output (tests) and YAML input. */
    public static ObjectMapper yaml() {
        return YAML;
    }
}
