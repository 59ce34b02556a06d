package io.sigmaflow.cli.whatif;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.cli.local.StackClient;
import io.sigmaflow.connectors.admin.TopicAdmin;
import io.sigmaflow.connectors.local.LocalKafkaBroker;
import io.sigmaflow.connectors.topics.Topics;
import io.sigmaflow.schema.NodeState;
import io.sigmaflow.schema.PodAllocation;
import io.sigmaflow.schema.QosClass;
import io.sigmaflow.schema.Resources;
import io.sigmaflow.schema.Topology;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./sigma whatif --from-cluster --bootstrap HOST:PORT}: a "live" cluster on a real broker of
 * its own (node-state of 3 nodes: one mostly used by a live pod, one free, one cordoned), the
 * what-if run against it; the live broker's topics, their end offsets and its consumer groups are
 * the same afterwards (nothing written), and the placements show the run started from its state.
 */
class FromClusterWhatIfIT {
    @TempDir
    Path dir;

    @Test
    void theWhatIfStartsFromTheLiveNodeStateAndWritesNothingThere() throws Exception {
        try (LocalKafkaBroker live = LocalKafkaBroker.startEphemeral()) {
            Topics topics = Topics.defaults();
            try (TopicAdmin admin = new TopicAdmin(live.bootstrapServers())) {
                admin.ensure(topics.all());
            }
            try (StackClient client = new StackClient(live.bootstrapServers(), topics, Duration.ofSeconds(60))) {
                client.send(topics.nodeState(), List.of(
                        node("live-1", true, List.of(new PodAllocation("old-0", "old", 1L, new Resources(6000L, 4096L, 0L),
                                0, QosClass.LS, null, List.of()))),
                        node("live-2", true, List.of()),
                        node("live-3", false, List.of())));
            }
            Map<TopicPartition, Long> before = endOffsets(live.bootstrapServers());
            Set<String> groupsBefore = groups(live.bootstrapServers());

            Path requests = Files.writeString(dir.resolve("requests.jsonl"), "{\"requestId\":\"r1\",\"appId\":\"web\","
                    + "\"type\":\"PUBLISH\",\"replicas\":4,\"template\":{\"resources\":{\"cpuMillis\":2000,\"memoryMb\":1024},"
                    + "\"dispersion\":[],\"payload\":{\"executable\":\"/bin/true\"}}}\n");
            ByteArrayOutputStream stdout = new ByteArrayOutputStream();
            ByteArrayOutputStream stderr = new ByteArrayOutputStream();
            int code = WhatIfCommand.run(List.of("--from-cluster", "--bootstrap", live.bootstrapServers(),
                            "--requests", requests.toString(), "--parallelism", "1",
                            "--set", "execution.checkpointing.interval=200ms", "--settle", "2s", "--timeout", "150s",
                            "--out", dir.resolve("out").toString()),
                    new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8));
            String report = stdout.toString(StandardCharsets.UTF_8);
            System.out.println(report + stderr.toString(StandardCharsets.UTF_8));

            assertEquals(0, code, stderr.toString(StandardCharsets.UTF_8));
            assertTrue(stderr.toString(StandardCharsets.UTF_8).contains("starting from the live cluster at "
                    + live.bootstrapServers() + ": 3 nodes (read only)"));
            assertTrue(report.contains("(in this process, for this run)"), "a broker of its own: " + report);
            String[] lines = report.strip().split("\n");
            String json = lines[lines.length - 1];
            // 8 cores each: live-1 has 2 free (the live pod holds 6), live-2 8, live-3 is cordoned: 1 + 4 fit 4.
            assertEquals(4, number(json, "placed"));
            assertEquals(0, number(json, "overcommitted_nodes"));
            List<String> placed = Files.readAllLines(dir.resolve("out").resolve("placements.csv"));
            long onFirst = placed.stream().filter(l -> l.contains(",live-1,")).count();
            long onThird = placed.stream().filter(l -> l.contains(",live-3,")).count();
            assertTrue(onFirst <= 1, "live-1 has room for one 2-core pod only: " + placed);
            assertEquals(0, onThird, "live-3 is cordoned in the live cluster: " + placed);

            assertEquals(before, endOffsets(live.bootstrapServers()), "nothing written to the live cluster's topics");
            assertEquals(groupsBefore, groups(live.bootstrapServers()), "no consumer group there either");
        }
    }

    private static NodeState node(String id, boolean schedulable, List<PodAllocation> pods) {
        return NodeState.newBuilder().setNodeId(id).setTopology(new Topology("z", "s1", "c1", id))
                .setAllocatable(new Resources(8000L, 16384L, 0L)).setSchedulable(schedulable).setPods(pods).setVersion(1)
                .build();
    }

    /** Every topic of the broker (internal ones too) with the end offset of each partition. */
    private static Map<TopicPartition, Long> endOffsets(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap))) {
            Set<String> names = admin.listTopics(new org.apache.kafka.clients.admin.ListTopicsOptions().listInternal(true))
                    .names().get();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(names).allTopicNames().get().forEach((name, d) -> d.partitions()
                    .forEach(p -> latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
            Map<TopicPartition, Long> out = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((tp, info) -> out.put(tp, info.offset()));
            return out;
        }
    }

    private static Set<String> groups(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap))) {
            Set<String> out = new TreeSet<>();
            admin.listGroups().all().get().forEach(g -> out.add(g.groupId()));
            return out;
        }
    }

    private static long number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":(\\d+)").matcher(json);
        assertTrue(m.find(), key + " in " + json);
        return Long.parseLong(m.group(1));
    }
}
