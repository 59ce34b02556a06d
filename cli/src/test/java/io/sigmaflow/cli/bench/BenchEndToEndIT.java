package io.sigmaflow.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end-to-end benchmark on a small input: it runs its own broker and job, prints the summary,
 * and writes files the recount agrees with. (Numbers are measured by the command, not by tests.)
 */
class BenchEndToEndIT {
    @Test
    void printsTheSummaryAndWritesRecountableFiles(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = BenchCommand.run(List.of("placement", "--nodes", "60", "--pods", "600", "--hosts-per-chassis", "5",
                        "--chassis-per-switch", "4", "--parallelism", "2", "--checkpoint-interval", "200ms", "--out", dir.toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
        String json = lines[lines.length - 1];
        assertEquals(0, code, out + "\n" + err);
        for (String key : List.of("\"mode\":\"end-to-end\"", "\"nodes\":60", "\"pods\":600", "\"placed\":600",
                "\"pending\":0", "\"overcommitted_nodes\":0", "\"avoidable_colocations\":0", "\"duplicate_binds\":0",
                "\"parallelism\":2", "\"checkpoint_interval_ms\":200", "\"p99_ms\":")) {
            assertTrue(json.contains(key), key + " in " + json);
        }
        // The cost split and the latencies the issue asks for: present, and consistent with each other.
        var summary = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        for (String key : List.of("cpu_s_job", "cpu_s_brokers", "job_cpu_us_per_placement", "broker_cpu_us_per_placement",
                "outcome_p50_ms", "outcome_p99_ms", "bytes_per_placement_placements", "bind_value_bytes", "explanation_bytes_per_bind")) {
            assertTrue(summary.path(key).asDouble() > 0, key + " in " + json);
        }
        // Where a request's time goes (the job's stage histograms, read from the mini cluster's REST API).
        for (String stage : JobStages.STAGES.values()) {
            assertTrue(summary.has("stage_" + stage + "_ms_p50") && summary.has("stage_" + stage + "_ms_p99"), stage + " in " + json);
        }
        assertTrue(summary.path("stage_command_committed_ms_p50").asDouble() > 0, json);
        // The slowest BINDs split at the checkpoint that made them readable (TailSplit, from the checkpoint history).
        assertTrue(summary.path("tail_binds").asInt() >= 1 && summary.path("tail_checkpoints").asInt() >= 1, json);
        assertTrue(summary.path("tail_to_readable_ms_p50").asLong() >= 0 && summary.has("p99_ms_after_warmup"), json);
        double roles = summary.path("cpu_s_job").asDouble() + summary.path("cpu_s_brokers").asDouble()
                + summary.path("cpu_s_bench").asDouble() + summary.path("cpu_s_unattributed").asDouble();
        assertEquals(summary.path("cpu_seconds").asDouble(), roles, 0.05, json);
        // The unattributed part by native thread (on Linux; elsewhere all of it is other). /proc's 10 ms ticks per
        // thread, a reading up to 20 ms old at the end and, on a loaded machine, the time between reading the
        // threads and the process (the JIT works meanwhile) leave a little over or short.
        double natives = summary.path("cpu_s_gc").asDouble() + summary.path("cpu_s_jit").asDouble()
                + summary.path("cpu_s_rocksdb").asDouble() + summary.path("cpu_s_other").asDouble();
        assertEquals(summary.path("cpu_s_unattributed").asDouble(), natives,
                0.15 + 0.1 * summary.path("cpu_seconds").asDouble(), json);
        if (Files.isDirectory(Path.of("/proc/self/task"))) {
            assertTrue(natives - summary.path("cpu_s_other").asDouble() > 0,
                    "the JIT, the collector or RocksDB worked during the run, read from /proc: " + json);
        }
        // An outcome commits in the checkpoint of its pod's BINDs or a later one (outcomes at commit): the bench's
        // two readers may see the two topics a little apart, never a whole checkpoint interval apart the wrong way.
        assertTrue(summary.path("outcome_p99_ms").asDouble()
                >= summary.path("p50_ms").asDouble() - summary.path("checkpoint_interval_ms").asDouble(), json);
        assertTrue(summary.path("outcome_p99_ms").asDouble() >= summary.path("outcome_p50_ms").asDouble(), json);
        assertTrue(summary.path("records_per_placement_placements").asDouble() >= 1.0, json);
        assertEquals("throughput", summary.path("profile").asText(), json);
        assertTrue(summary.path("explanation_bytes_per_bind").asDouble() < summary.path("bind_value_bytes").asDouble(), json);
        // The steady-state view, where the BINDs of a quarter and of three quarters became readable in two polls:
        // a part of the whole window.
        if (summary.has("steady_placements")) {
            assertTrue(summary.path("steady_placements").asInt() > 0 && summary.path("steady_placements").asInt() <= 600, json);
            assertTrue(summary.path("steady_seconds").asDouble() <= summary.path("seconds").asDouble(), json);
            assertTrue(summary.path("steady_cpu_seconds").asDouble() <= summary.path("cpu_seconds").asDouble() + 0.05, json);
            assertTrue(summary.path("steady_placements_per_s").asDouble() > 0 && summary.has("steady_jit_us_per_placement"), json);
        }
        assertEquals(601, Files.readAllLines(dir.resolve(BenchCsv.PLACEMENTS_FILE)).size());
        RecountChecker.Recount recount = RecountChecker.check(BenchCsv.readNodes(dir), BenchCsv.readPlacements(dir));
        assertTrue(recount.clean());
    }
}
