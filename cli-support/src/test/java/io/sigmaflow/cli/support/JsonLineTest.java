package io.sigmaflow.cli.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonLineTest {
    @Test
    void notFiniteNumbersAndOddStringsStillParse() throws Exception {
        ObjectNode o = JsonLine.object()
                .put("command", "bench \"quoted\"\n")
                .put("gap", Double.NaN)
                .put("ratio", Double.POSITIVE_INFINITY)
                .put("low", Double.NEGATIVE_INFINITY)
                .put("p99_ms", 1.5)
                .put("placed", 12);
        String line = JsonLine.of(o);
        assertEquals(1, line.lines().count(), line);
        JsonNode back = new ObjectMapper().readTree(line);
        assertEquals("bench \"quoted\"\n", back.get("command").asText());
        assertEquals("NaN", back.get("gap").asText());
        assertEquals("Infinity", back.get("ratio").asText());
        assertEquals("-Infinity", back.get("low").asText());
        assertEquals(1.5, back.get("p99_ms").asDouble());
        assertEquals(12, back.get("placed").asInt());
        assertEquals(List.of("command", "gap", "ratio", "low", "p99_ms", "placed"), List.copyOf(back.properties()
                .stream().map(e -> e.getKey()).toList()));
    }

    @Test
    void roundKeepsNotFiniteValues() {
        assertEquals(1.3, JsonLine.round(1.25, 1));
        assertEquals(0.1235, JsonLine.round(0.123456, 4));
        assertEquals(Double.NaN, JsonLine.round(Double.NaN, 1));
    }
}
