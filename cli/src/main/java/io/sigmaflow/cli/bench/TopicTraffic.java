package io.sigmaflow.cli.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * What the run wrote to each topic, read from the broker: log bytes ({@code describeLogDirs}: the
 * record batches as stored, with their headers and the transactions' commit markers) and offsets
 * (records, markers included) at the start and at the end of the timed part. Divided by the
 * placements made, that is the cost a placement puts on the broker and on everyone who reads the
 * topic, which the issue asks to cut. On a replicated cluster the bytes are one replica's (the
 * first log directory reporting the partition).
 */
final class TopicTraffic {
    private final String bootstrap;
    private final List<String> topics;
    private Map<String, long[]> atStart = Map.of();

    TopicTraffic(String bootstrap, List<String> topics) {
        this.bootstrap = bootstrap;
        this.topics = List.copyOf(topics);
    }

    void start() throws Exception {
        atStart = read();
    }

    /**
     * Bytes and records per placement on each topic written since {@link #start()}, keyed by the
     * topic's short name ({@code bytes_per_placement_placements}, ...), and their totals.
     */
    Map<String, Object> perPlacement(int placed) throws Exception {
        Map<String, long[]> now = read();
        Map<String, Object> out = new LinkedHashMap<>();
        long bytes = 0;
        long records = 0;
        Map<String, Object> byTopic = new LinkedHashMap<>();
        for (String topic : topics) {
            long[] a = atStart.getOrDefault(topic, new long[2]);
            long[] b = now.getOrDefault(topic, new long[2]);
            long dBytes = b[0] - a[0];
            long dRecords = b[1] - a[1];
            if (dRecords == 0) {
                continue;
            }
            bytes += dBytes;
            records += dRecords;
            String name = shortName(topic);
            byTopic.put("bytes_per_placement_" + name, round(dBytes, placed));
            byTopic.put("records_per_placement_" + name, round(dRecords, placed));
        }
        out.put("bytes_per_placement", round(bytes, placed));
        out.put("records_per_placement", round(records, placed));
        out.putAll(byTopic);
        return out;
    }

    private static double round(long total, int placed) {
        return placed == 0 ? 0 : Math.round(100.0 * total / placed) / 100.0;
    }

    /** {@code bench-sigma.placements} -> {@code placements}, {@code node-state} -> {@code node_state}. */
    static String shortName(String topic) {
        int dot = topic.lastIndexOf('.');
        return topic.substring(dot + 1).replace('-', '_');
    }

    /** Topic -> {log bytes, end offsets summed over partitions}. */
    private Map<String, long[]> read() throws Exception {
        Properties p = new Properties();
        // TLS / SASL from --kafka-config or $SIGMAFLOW_KAFKA_CONFIG, as every other client
        p.putAll(io.sigmaflow.connectors.security.KafkaClientConfig.clientProperties(bootstrap));
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "bench-traffic");
        try (Admin admin = Admin.create(p)) {
            Map<String, long[]> out = new TreeMap<>();
            Map<TopicPartition, Long> bytes = new HashMap<>();
            var brokers = admin.describeCluster().nodes().get().stream().map(n -> n.id()).toList();
            for (Map<String, LogDirDescription> dirs : admin.describeLogDirs(brokers).allDescriptions().get().values()) {
                for (LogDirDescription dir : dirs.values()) {
                    for (Map.Entry<TopicPartition, ReplicaInfo> e : dir.replicaInfos().entrySet()) {
                        if (topics.contains(e.getKey().topic())) {
                            bytes.putIfAbsent(e.getKey(), e.getValue().size());
                        }
                    }
                }
            }
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (var d : admin.describeTopics(topics).allTopicNames().get().values()) {
                d.partitions().forEach(part -> latest.put(new TopicPartition(d.name(), part.partition()), OffsetSpec.latest()));
            }
            var offsets = admin.listOffsets(latest).all().get();
            List<TopicPartition> all = new ArrayList<>(latest.keySet());
            for (TopicPartition tp : all) {
                long[] t = out.computeIfAbsent(tp.topic(), k -> new long[2]);
                t[0] += bytes.getOrDefault(tp, 0L);
                t[1] += offsets.get(tp).offset();
            }
            return out;
        }
    }
}
