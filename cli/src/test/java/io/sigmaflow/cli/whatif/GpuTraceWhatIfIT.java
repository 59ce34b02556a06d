package io.sigmaflow.cli.whatif;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.connectors.testing.SharedKafka;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./sigma whatif --nodes-format alibaba-gpu-v2023 --requests-format alibaba-gpu-v2023} on a
 * small slice in the trace's own format, on the real job: 2 nodes of 2 GPUs; four 1-GPU pods fill
 * them, the first is deleted at t=100, so a fifth created at t=200 fits only because the deletion
 * was replayed (as a DESTROY of its app); a 2-GPU pod at t=300 finds no room and stays pending; one
 * malformed row is refused by file and line and the run goes on.
 */
class GpuTraceWhatIfIT {
    @TempDir
    Path dir;

    @Test
    void theTraceReplaysInEventTimeOrderAndADeletionFreesItsGpuForALaterPod() throws Exception {
        Path nodes = dir.resolve("nodes.csv");
        Files.writeString(nodes, "sn,cpu_milli,memory_mib,gpu,model\n"
                + "openb-node-0000,64000,262144,2,P100\nopenb-node-0001,64000,262144,2,P100\n");
        Path pods = dir.resolve("pods.csv");
        String header = "name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,"
                + "scheduled_time\n";
        // Rows out of time order on purpose: the replay sorts them.
        Files.writeString(pods, header
                + "g5,4000,8192,1,1000,,LS,Running,200,,200\n"
                + "g1,4000,8192,1,1000,,LS,Running,0,100,0\n"
                + "g2,4000,8192,1,1000,,LS,Running,10,,10\n"
                + "g3,4000,8192,1,1000,,BE,Running,20,,20\n"
                + "g4,4000,8192,1,1000,,LS,Running,30,,30\n"
                + "g6,4000,8192,2,1000,,LS,Running,300,,300\n"
                + "gx,x,8192,1,1000,,LS,Running,5,,5\n");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int code = WhatIfCommand.run(List.of("--nodes", nodes.toString(), "--nodes-format", "alibaba-gpu-v2023",
                        "--requests", pods.toString(), "--requests-format", "alibaba-gpu-v2023",
                        "--bootstrap", SharedKafka.bootstrapServers(), "--parallelism", "1",
                        "--set", "execution.checkpointing.interval=200ms", "--settle", "2s", "--timeout", "150s",
                        "--out", dir.resolve("out").toString()),
                new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8));
        String report = stdout.toString(StandardCharsets.UTF_8);
        String err = stderr.toString(StandardCharsets.UTF_8);
        System.out.println(report + err);

        assertEquals(0, code, "settled and clean: " + err);
        assertTrue(err.contains(pods + ":8: cpu_milli: expected a whole number"), err);
        String[] lines = report.strip().split("\n");
        String json = lines[lines.length - 1];
        assertEquals(1, number(json, "refused_rows"));
        assertEquals(6 + 1, number(json, "requests"), "6 pods created, 1 of them deleted");
        assertEquals(4, number(json, "placed"), "g2..g5 on the 4 GPUs: g5 in g1's, freed by its deletion");
        assertEquals(1, number(json, "pending"), "g6 needs 2 GPUs of one node");
        assertEquals(5, number(json, "desired"));
        assertEquals(0, number(json, "overcommitted_nodes"));
        assertEquals(0, number(json, "requests_without_outcome"));
        assertEquals(0, number(json, "dead_letters"));
        assertTrue(Pattern.compile("\n  g1\\s+COMPLETED\\s+0\\s+0\\s+0\n").matcher(report).find(), report);
        assertTrue(Pattern.compile("\n  g5\\s+PLACED\\s+1\\s+1\\s+0\n").matcher(report).find(), report);
        List<String> placed = Files.readAllLines(dir.resolve("out").resolve("placements.csv"));
        assertEquals(1 + 4, placed.size(), String.join("\n", placed));
    }

    private static long number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":(\\d+)").matcher(json);
        assertTrue(m.find(), key + " in " + json);
        return Long.parseLong(m.group(1));
    }
}
