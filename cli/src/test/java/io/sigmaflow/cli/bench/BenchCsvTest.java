package io.sigmaflow.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCsvTest {

    @Test
    void roundTrip(@TempDir Path dir) throws Exception {
        List<NodeRow> nodes = List.of(new NodeRow("n1", "s0", "c0", 32000, 131072));
        List<PlacementRow> placements = List.of(new PlacementRow("p1", "a", "n1", 500, 1024, 1));
        BenchCsv.write(dir, nodes, placements);
        assertEquals(nodes, BenchCsv.readNodes(dir));
        assertEquals(placements, BenchCsv.readPlacements(dir));
    }

    @Test
    void badFilesNameTheLineAndField(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("nodes.csv"), "node,core_switch,chassis,cpu_millis,memory_mb\nn1,s0,c0,lots,1\n");
        var e = assertThrows(IllegalArgumentException.class, () -> BenchCsv.readNodes(dir));
        assertEquals("nodes.csv line 2: cpu_millis 'lots' is not an integer", e.getMessage());
        Files.writeString(dir.resolve("placements.csv"), "pod,app,node\n");
        e = assertThrows(IllegalArgumentException.class, () -> BenchCsv.readPlacements(dir));
        assertEquals("placements.csv line 1: expected header 'pod,app,node,cpu_millis,memory_mb,order'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BenchCsv.write(dir,
                List.of(new NodeRow("a,b", "s", "c", 1, 1)), List.of()));
    }
}
