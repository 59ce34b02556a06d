package io.sigmaflow.jobs.job;

import io.sigmaflow.connectors.security.KafkaClientConfig;
import io.sigmaflow.connectors.topics.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What Kafka shows of a placement job that ran before: committed records on its outputs
 * (node-state, outcomes, placements: written in the checkpoints' transactions, so a checkpoint
 * that held those nodes and apps completed) and offsets its consumer group committed. A job
 * started empty on top of them would know no node and no app, and read on from those offsets
 * (apps "unknown", nodes "not registered"). The outputs are the reliable sign: the sources commit
 * group offsets only after a checkpoint completes, asynchronously, for monitoring; a job killed a
 * few seconds after answering its first request had none committed yet.
 */
public final class EarlierWork {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private EarlierWork() {}

    /** Human-readable findings; empty when Kafka shows no earlier run of this job. */
    public static List<String> find(PlacementJobConfig config) {
        List<String> found = new ArrayList<>();
        Map<TopicPartition, Long> committed = committedOffsets(config);
        if (!committed.isEmpty()) {
            Map.Entry<TopicPartition, Long> first = committed.entrySet().iterator().next();
            found.add("consumer group '" + config.groupId() + "' has committed offsets on " + committed.size()
                    + (committed.size() == 1 ? " partition" : " partitions") + " (e.g. " + first.getKey() + " at " + first.getValue() + ")");
        }
        Map<Topic<?>, String> outputs = new LinkedHashMap<>();
        outputs.put(config.topics().nodeState(), "node states");
        outputs.put(config.topics().outcomes(), "request outcomes");
        outputs.put(config.topics().placements(), "placements");
        outputs.forEach((topic, what) -> {
            long records = committedRecords(config, topic.name());
            if (records > 0) {
                found.add(topic.name() + " holds committed " + what + " (at least " + records + " records)");
            }
        });
        return found;
    }

    private static Map<TopicPartition, Long> committedOffsets(PlacementJobConfig config) {
        Properties p = new Properties();
        p.putAll(KafkaClientConfig.of(config.kafkaClientProperties()).withBootstrap(config.bootstrapServers()));
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(TIMEOUT.toMillis()));
        Map<TopicPartition, Long> out = new TreeMap<>(java.util.Comparator.comparing(TopicPartition::toString));
        try (Admin admin = Admin.create(p)) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(config.groupId())
                    .partitionsToOffsetAndMetadata().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            offsets.forEach((tp, o) -> {
                if (o != null && o.offset() > 0) {
                    out.put(tp, o.offset());
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the offsets of " + config.groupId(), e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the committed offsets of consumer group '" + config.groupId()
                    + "' on " + config.bootstrapServers() + ": " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * Committed records of {@code topic} seen before its end, reading at most until the first one:
     * a topic with only aborted transactions (a job that died before its first checkpoint) is empty.
     */
    private static long committedRecords(PlacementJobConfig config, String topic) {
        Properties p = new Properties();
        p.putAll(KafkaClientConfig.of(config.kafkaClientProperties()).withBootstrap(config.bootstrapServers()));
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
            if (infos == null || infos.isEmpty()) {
                return 0;
            }
            List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            List<TopicPartition> behind = new ArrayList<>(partitions);
            behind.removeIf(tp -> consumer.position(tp, TIMEOUT) >= end.get(tp));
            long seen = 0;
            while (!behind.isEmpty() && seen == 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("cannot read " + topic + " within " + TIMEOUT.toSeconds() + " s");
                }
                seen += consumer.poll(Duration.ofMillis(100)).count();
                behind.removeIf(tp -> consumer.position(tp, TIMEOUT) >= end.get(tp));
            }
            return seen;
        }
    }
}
