package io.sigmaflow.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JSON keys of a job vertex: its first operator, without the Kafka prefixes. */
class CheckpointCostTest {
    @Test
    void aVertexIsNamedByItsFirstOperator() {
        assertEquals("requests", CheckpointCost.shortName("Source: Kafka: requests -> Decode PlacementRequest"));
        assertEquals("node_partitions", CheckpointCost.shortName(
                "Node partitions -> (Kafka: placements: Writer -> Kafka: placements: Committer, Kafka: node-state: Writer)"));
        assertEquals("outcomes_writer", CheckpointCost.shortName("Kafka: outcomes: Writer -> Kafka: outcomes: Committer"));
        assertEquals("app_lifecycle", CheckpointCost.shortName("App lifecycle"));
        assertEquals("node_directory", CheckpointCost.shortName("Node directory -> (Node changes -> Node changes to routers)"));
    }

    @Test
    void theSlowestCheckpointNamesTheOperatorThatAcknowledgedLastAndEachPhasesSlowestSubtask() {
        CheckpointCost.Part a = new CheckpointCost.Part(90, 5, 80, 0, 3, 100);
        CheckpointCost.Part b = new CheckpointCost.Part(40, 30, 2, 7, 1, 900);
        assertEquals(new CheckpointCost.Part(90, 30, 80, 7, 3, 900), CheckpointCost.Part.max(a, b));

        Map<String, CheckpointCost.Part> byOperator = new LinkedHashMap<>();
        byOperator.put("requests", new CheckpointCost.Part(20, 0, 1, 0, 15, 400));
        byOperator.put("node_partitions", new CheckpointCost.Part(640, 420, 9, 80, 12, 20_000));
        byOperator.put("outcomes_writer", new CheckpointCost.Part(600, 4, 0, 560, 13, 700));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Map<String, Object> out = CheckpointCost.slowest(7, 654, 1_200, byOperator, new PrintStream(log, true, StandardCharsets.UTF_8));
        assertEquals(654L, out.get("checkpoint_slowest_ms"));
        assertEquals(1_200L, out.get("checkpoint_slowest_at_ms"));
        assertEquals("node_partitions", out.get("checkpoint_slowest_operator"));
        String text = log.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("the slowest checkpoint (7, triggered 1200 ms into the timed part): 654 ms, last to acknowledge node_partitions"), text);
        assertTrue(text.lines().anyMatch(l -> l.startsWith("node_partitions") && l.contains("420")), text);
    }
}
