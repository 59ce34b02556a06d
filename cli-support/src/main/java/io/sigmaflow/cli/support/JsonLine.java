package io.sigmaflow.cli.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The one-line JSON summaries commands print last (bench, what-if, rebalance, roadef), written by
 * Jackson so that strings are escaped and the line always parses. A number that is not finite
 * (NaN, Infinity) is written as a string, {@code "NaN"}, {@code "Infinity"} or {@code "-Infinity"}:
 * JSON has no such numbers, and a string keeps what happened visible where {@code null} would
 * read as "not measured". Keys keep the order they were put in.
 */
public final class JsonLine {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .build();

    private JsonLine() {}

    /** An empty object to {@code put} the fields into, in order. */
    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** {@code fields} as one line of JSON. */
    public static String of(ObjectNode fields) {
        try {
            return MAPPER.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    /** {@code value} rounded half-up to {@code decimals} places; NaN and infinities unchanged. */
    public static double round(double value, int decimals) {
        if (!Double.isFinite(value)) {
            return value;
        }
        return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).doubleValue();
    }
}
