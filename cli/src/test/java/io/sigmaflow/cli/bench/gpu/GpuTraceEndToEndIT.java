package io.sigmaflow.cli.bench.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sigmaflow.cli.bench.BenchCommand;
import io.sigmaflow.cli.support.SigmaCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gpu-trace --end-to-end} on a slice of the real trace (every 20th node: 61 nodes of every
 * GPU model; the first 300 pods): the real job (own KRaft broker, Flink mini cluster, RocksDB)
 * places the seed's order exactly as the decision core does, node and GPU indexes, dropped pods
 * included.
 */
class GpuTraceEndToEndIT {
    private static final Path DATA = Path.of("data", "alibaba-gpu-v2023");

    @Test
    void theJobPlacesTheTraceOrderAsTheCoreDoes(@TempDir Path dir) throws Exception {
        List<String> nodeLines = Files.readAllLines(DATA.resolve("openb_node_list_gpu_node.csv"));
        List<String> nodes = new ArrayList<>(List.of(nodeLines.get(0)));
        for (int i = 1; i < nodeLines.size(); i += 20) {
            nodes.add(nodeLines.get(i));
        }
        Path nodesFile = Files.write(dir.resolve("nodes.csv"), nodes);
        Path podsFile = Files.write(dir.resolve("pods.csv"),
                Files.readAllLines(DATA.resolve("openb_pod_list_default.csv")).subList(0, 301));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SigmaCli.execute(new BenchCommand(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), "gpu-trace", "--nodes", nodesFile.toString(),
                "--pods", podsFile.toString(), "--seeds", "42", "--end-to-end");
        String printed = out.toString(StandardCharsets.UTF_8);
        String[] lines = printed.strip().split("\n");
        assertEquals(0, code, printed + err.toString(StandardCharsets.UTF_8));
        JsonNode e2e = new ObjectMapper().readTree(lines[lines.length - 1]).get("end_to_end");
        assertEquals(0, e2e.get("differing_pods").asInt(), printed);
        assertTrue(e2e.get("job_recount_clean").asBoolean(), printed);
        assertTrue(e2e.get("pods").asInt() >= 300, printed);
        // The slice is over-full: drops (pending in the job) are compared too.
        assertTrue(e2e.get("job_dropped").asInt() > 0, printed);
        assertEquals(e2e.get("core_unallocated_gpu_pct").asDouble(), e2e.get("job_unallocated_gpu_pct").asDouble(),
                printed);
    }
}
