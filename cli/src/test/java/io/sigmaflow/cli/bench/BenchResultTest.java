package io.sigmaflow.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The summary line parses as JSON whatever the numbers: a run that placed nothing has no percentiles. */
class BenchResultTest {
    @Test
    void aRunWithoutPlacementsStillPrintsValidJsonWithTheSameKeys() throws Exception {
        BenchResult empty = new BenchResult("end-to-end", 10, 0, 0, 0, 0, 0.0, 0.0, Double.NaN, Double.NaN, 0, 0, 1, 0, -1,
                Double.NaN, 0.0, Double.POSITIVE_INFINITY);
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("duplicate_binds", 0);
        extra.put("order", "event-time \"quoted\"");
        extra.put("p99_ms_after_warmup", null);
        JsonNode json = new ObjectMapper().readTree(empty.toJson(extra));
        assertEquals("NaN", json.get("p50_ms").asText());
        assertEquals("NaN", json.get("p99_ms").asText());
        assertEquals("Infinity", json.get("node_cpu_stddev_pct").asText());
        assertEquals(0, json.get("placements_per_s").asInt());
        assertEquals("event-time \"quoted\"", json.get("order").asText());
        assertTrue(json.get("p99_ms_after_warmup").isNull(), "a value not measured is null, not the text \"null\"");
        assertEquals(List.of("mode", "nodes", "pods", "placed", "pending", "seconds", "placements_per_s", "cpu_seconds",
                "placements_per_cpu_s", "p50_ms", "p99_ms", "overcommitted_nodes", "avoidable_colocations", "apps", "seed",
                "warmup_pods", "max_candidates", "cpu_used_pct", "memory_used_pct", "node_cpu_stddev_pct",
                "duplicate_binds", "order", "p99_ms_after_warmup"), json.properties().stream().map(Map.Entry::getKey).toList());
    }
}
