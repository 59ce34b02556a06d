package io.sigmaflow.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sigmaflow.cli.cluster.ClusterFiles;
import io.sigmaflow.cli.cluster.LocalCluster;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench placement --cluster} on real processes ({@code cluster up}: one KRaft broker, a
 * JobManager, two TaskManagers, the job from its jar): a run with the busiest TaskManager killed
 * -9 halfway through the placing ends with every pod placed exactly once, nothing overcommitted,
 * no avoidable co-location (the benchmark's recount, and this test's recount of the CSV files),
 * the restart counted and the TaskManager started again; a second run on the same cluster finds
 * it clean (the first run's apps destroyed, nodes removed) and is just as correct. One broker
 * keeps this within a CI budget on 2 cores; the replicated topics are the same code path.
 */
class ClusterBenchIT {
    private static final Duration WAIT = Duration.ofMinutes(4);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void placesEveryPodOnceThroughATaskManagerKillAndAgainOnTheSameCluster(@TempDir Path dir) throws Exception {
        ClusterFiles files = new ClusterFiles(ClusterFiles.findRepo(), dir.resolve("cluster"));
        LocalCluster cluster = new LocalCluster(files, System.out);
        try {
            // Fast failure detection for the test; the rest is the cluster's production config.
            assertEquals(0, cluster.up(new LocalCluster.Options(1, 2, 0, 0, Map.of(
                    "heartbeat.interval", "1s", "heartbeat.timeout", "10s",
                    "restart-strategy.exponential-delay.max-backoff", "5s"), WAIT)));

            JsonNode killed = bench(files, dir.resolve("run-1"), "--kill-taskmanager-at", "0.5");
            assertClean(killed, dir.resolve("run-1"));
            assertTrue(killed.get("killed_taskmanager").asInt() > 0, killed.toString());
            assertTrue(killed.get("job_restarts").asLong() >= 1, "the job restarted after the kill: " + killed);
            assertEquals(1, killed.get("taskmanagers_registered_after").asInt(), "nothing restarts a killed TaskManager");
            assertEquals(2, cluster.status().path("flink").path("taskmanagers").findValues("alive").stream()
                    .filter(JsonNode::asBoolean).count(), "the benchmark started the killed TaskManager again");

            JsonNode again = bench(files, dir.resolve("run-2"));
            assertClean(again, dir.resolve("run-2"));
            assertTrue(!again.get("run_id").asText().equals(killed.get("run_id").asText()), "a fresh run id");
        } finally {
            cluster.down();
        }
        assertTrue(cluster.running().isEmpty(), "down stops every process: " + cluster.running());
    }

    /** One run of 200 nodes (4 switches) and 2,000 pods; its JSON line. */
    private static JsonNode bench(ClusterFiles files, Path out, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("placement", "--nodes", "200", "--pods", "2000",
                "--hosts-per-chassis", "10", "--chassis-per-switch", "5", "--seed", "7", "--cluster",
                "--dir", files.dir().toString(), "--out", out.toString()));
        args.addAll(List.of(more));
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int code = BenchCommand.run(args, new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));
        String text = stdout.toString(StandardCharsets.UTF_8);
        System.out.println(text);
        assertEquals(0, code, text + "\n" + stderr.toString(StandardCharsets.UTF_8));
        String[] lines = text.strip().split("\n");
        return JSON.readTree(lines[lines.length - 1]);
    }

    private static void assertClean(JsonNode json, Path out) throws Exception {
        assertEquals("cluster", json.get("deployment").asText(), json.toString());
        assertEquals(1, json.get("brokers").asInt());
        assertEquals(2, json.get("taskmanagers").asInt());
        assertEquals(2000, json.get("placed").asInt() + json.get("pending").asInt(), "every pod placed or pending: " + json);
        assertTrue(json.get("placed").asInt() > 1900, "the nodes have room for nearly all: " + json);
        assertEquals(0, json.get("overcommitted_nodes").asInt());
        assertEquals(0, json.get("avoidable_colocations").asInt());
        assertEquals(0, json.get("duplicate_binds").asInt());
        assertEquals(0, json.get("unknown_nodes").asInt());
        assertTrue(json.get("cpu_s_taskmanagers").asDouble() > 0 && json.get("cpu_s_brokers").asDouble() > 0, json.toString());
        RecountChecker.Recount recount = RecountChecker.check(BenchCsv.readNodes(out), BenchCsv.readPlacements(out));
        assertEquals(json.get("placed").asInt(), recount.placements());
        assertTrue(recount.clean(), recount.toString());
    }
}
