package io.sigmaflow.cli.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class OutputTest {
    private static ObjectNode nodes() {
        ObjectNode doc = Output.json().createObjectNode();
        ArrayNode items = doc.putArray("nodes");
        items.addObject().put("node", "sw0-ch0-h0").put("cpu", 16000).put("pods", 3);
        items.addObject().put("node", "sw0-ch0-h10").put("cpu", 8000).putNull("pods");
        return doc;
    }

    private static final Function<JsonNode, Table> TABLE = doc -> {
        Table table = new Table("node", "cpu", "pods");
        doc.get("nodes").forEach(n -> table.row(n.get("node").asText(), n.get("cpu").asInt(),
                n.get("pods").isNull() ? null : n.get("pods").asInt()));
        return table;
    };

    @Test
    void tableAlignsColumnsAndMarksEmptyCells() {
        assertEquals("""
                NODE         CPU    PODS
                sw0-ch0-h0   16000  3
                sw0-ch0-h10  8000   -
                """, Output.render(OutputFormat.TABLE, nodes(), TABLE));
    }

    @Test
    void jsonAndYamlCarryTheSameDocument() throws Exception {
        ObjectNode doc = nodes();
        assertEquals(doc, Output.json().readTree(Output.render(OutputFormat.JSON, doc, TABLE)));
        String yaml = Output.render(OutputFormat.YAML, doc, TABLE);
        assertEquals(doc, Output.yaml().readTree(yaml));
        assertEquals("nodes:", yaml.lines().findFirst().orElseThrow());
    }

    @Test
    void rowOfTheWrongWidthIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Table("a", "b").row("x"));
        assertEquals("row has 1 values for 2 columns [A, B]", e.getMessage());
    }
}
