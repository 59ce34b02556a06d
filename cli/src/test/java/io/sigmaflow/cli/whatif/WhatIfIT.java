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
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./sigma whatif} on its demo input (and a few requests more), end to end: the real job (mini cluster, RocksDB,
 * checkpoints, exactly-once sinks, its loop through Kafka) on the shared test broker, fresh topics.
 * The command must return by itself, settled, and its report must say what the demo cluster can
 * hold: every pod of web, cache and ingest; 6 of batch's 8 (only the large hosts have 4 cores
 * left once the others are placed; 7 when web's scale-down to 10 frees a small host first); none
 * of analytics' 12-core pods, pending with the filter that refused them; a destroyed app gone; no
 * overcommitted node.
 */
class WhatIfIT {
    @TempDir
    Path out;

    /**
     * The demo input, then web scaled down to 10 and an app published and destroyed: requests the
     * job answers after its bounded inputs have ended, when its watermark is at the end of time.
     */
    @Test
    void theDemoWhatIfSettlesStopsAndReportsPlacedPendingAndNoOvercommit() throws Exception {
        Path nodes = out.resolve("nodes.jsonl");
        Path requests = out.resolve("requests.jsonl");
        Files.write(nodes, resource(WhatIfInput.DEMO_NODES));
        List<String> input = new java.util.ArrayList<>(resource(WhatIfInput.DEMO_REQUESTS));
        input.add("{\"requestId\":\"wi-web-2\",\"appId\":\"web\",\"type\":\"SCALE\",\"replicas\":10}");
        input.add("{\"requestId\":\"wi-tmp-1\",\"appId\":\"tmp\",\"type\":\"PUBLISH\",\"replicas\":2,\"template\":"
                + "{\"resources\":{\"cpuMillis\":500,\"memoryMb\":512},\"payload\":{\"executable\":\"/bin/true\"}}}");
        input.add("{\"requestId\":\"wi-tmp-2\",\"appId\":\"tmp\",\"type\":\"DESTROY\"}");
        Files.write(requests, input);
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        long start = System.nanoTime();
        int code = WhatIfCommand.run(List.of("--nodes", nodes.toString(), "--requests", requests.toString(),
                        "--bootstrap", SharedKafka.bootstrapServers(),
                        "--set", "execution.checkpointing.interval=200ms", "--settle", "2s", "--timeout", "150s",
                        "--out", out.toString()),
                new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8));
        double seconds = (System.nanoTime() - start) / 1e9;
        String report = stdout.toString(StandardCharsets.UTF_8);
        System.out.println(report + stderr.toString(StandardCharsets.UTF_8) + "\nwhat-if returned after " + seconds + " s");

        assertEquals(0, code, "settled and clean: " + stderr);
        String[] lines = report.strip().split("\n");
        String json = lines[lines.length - 1];
        assertTrue(json.startsWith("{\"command\":\"whatif\",\"settled\":true,"), json);
        assertEquals(12, number(json, "nodes"));
        // batch: 6 of 8 fit once the others are placed; web's scale-down may free a small host for a 7th.
        Matcher batch = Pattern.compile("\n  batch\\s+PARTIALLY_PLACED\\s+8\\s+([67])\\s+([12])\\s+NodeResourcesFit: 12 nodes\n")
                .matcher(report);
        assertTrue(batch.find(), report);
        int batchPlaced = Integer.parseInt(batch.group(1));
        assertEquals(8, batchPlaced + Integer.parseInt(batch.group(2)));
        assertEquals(10 + 6 + 5 + 8 + 2 + 0, number(json, "desired"));
        assertEquals(10 + 6 + 5 + batchPlaced, number(json, "placed"));
        assertEquals(8 - batchPlaced + 2, number(json, "pending"));
        assertEquals(0, number(json, "overcommitted_nodes"));
        assertEquals(0, number(json, "requests_without_outcome"));
        assertEquals(0, number(json, "disagreements"));
        assertEquals(0, number(json, "dead_letters"));

        assertTrue(Pattern.compile("\n  web\\s+PLACED\\s+10\\s+10\\s+0\n").matcher(report).find(), report);
        assertTrue(Pattern.compile("\n  tmp\\s+COMPLETED\\s+0\\s+0\\s+0\n").matcher(report).find(), report);
        assertTrue(Pattern.compile("wi-analytics-1\\s+analytics\\s+PENDING\\s+2\\s+0\\s+2\\s+NodeResourcesFit: 12 nodes")
                .matcher(report).find(), report);
        assertTrue(Pattern.compile("\n  analytics\\s+PENDING\\s+2\\s+0\\s+2\\s+NodeResourcesFit: 12 nodes\n")
                .matcher(report).find(), "the Apps table: " + report);
        assertTrue(report.contains("overcommitted nodes    0"), report);

        List<String> placements = Files.readAllLines(out.resolve("placements.csv"));
        assertEquals(1 + 21 + batchPlaced, placements.size(), "header and one row per placed pod");
        assertEquals(0, placements.stream().filter(l -> l.startsWith("analytics-")).count());
        List<String> outcomes = Files.readAllLines(out.resolve("outcomes.csv"));
        assertEquals(java.util.Set.of(), whatIfTopicsLeft(), "the run's topics are deleted from a Kafka it does not own");

        String analytics = outcomes.stream().filter(l -> l.startsWith("wi-analytics-1,")).findFirst().orElseThrow();
        assertTrue(analytics.startsWith("wi-analytics-1,analytics,PENDING,2,0,2,NodeResourcesFit=12,"), analytics);
        assertTrue(analytics.contains("no node fits pod analytics-"), analytics);
    }

    @Test
    void aRunThatDoesNotSettleInTimeEndsWithExitCodeOneAndSaysWhatWasStillMoving() throws Exception {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int code = WhatIfCommand.run(List.of("--demo", "--bootstrap", SharedKafka.bootstrapServers(),
                        "--set", "execution.checkpointing.interval=200ms", "--timeout", "1s"),
                new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8));
        String err = stderr.toString(StandardCharsets.UTF_8);
        String[] lines = stdout.toString(StandardCharsets.UTF_8).strip().split("\n");
        assertEquals(WhatIfCommand.NOT_SETTLED, code, err);
        assertTrue(err.contains("whatif: not settled within 1 s: "), err);
        assertTrue(lines[lines.length - 1].startsWith("{\"command\":\"whatif\",\"settled\":false,"),
                lines[lines.length - 1]);
    }

    private static java.util.Set<String> whatIfTopicsLeft() throws Exception {
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", SharedKafka.bootstrapServers()))) {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (true) {
                java.util.Set<String> left = new java.util.TreeSet<>(admin.listTopics().names().get());
                left.removeIf(n -> !n.startsWith("whatif-"));
                if (left.isEmpty() || System.nanoTime() > deadline) {
                    return left;
                }
                Thread.sleep(200);
            }
        }
    }

    private static List<String> resource(String path) throws Exception {
        try (var in = WhatIfIT.class.getClassLoader().getResourceAsStream(path)) {
            return List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
        }
    }

    private static long number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":(\\d+)").matcher(json);
        assertTrue(m.find(), key + " in " + json);
        return Long.parseLong(m.group(1));
    }
}
