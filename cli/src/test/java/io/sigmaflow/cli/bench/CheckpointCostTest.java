package io.sigmaflow.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
