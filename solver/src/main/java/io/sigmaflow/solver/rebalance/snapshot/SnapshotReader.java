package io.sigmaflow.solver.rebalance.snapshot;

import io.sigmaflow.connectors.security.KafkaClientConfig;
import io.sigmaflow.connectors.topics.Topic;
import io.sigmaflow.schema.NodeState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a cluster snapshot from the compacted node-state topic: every partition from its
 * beginning up to the end offset it had when the read began, {@code read_committed}, latest record
 * per node (see {@link LatestNodeStates}). {@link #changedSince} then tells which nodes got a newer
 * record while the rebalancer was solving.
 *
 * <p>Why this is consistent enough (solver/README.md, "Consistency"): each record is one node's
 * full committed state, so a node is never seen half-updated; the job writes through an
 * exactly-once sink, so nothing read here is rolled back; the end offsets of all partitions are
 * taken in one request, so the snapshot is the job's committed state at about one instant. What it
 * cannot guarantee is a cut across nodes: a pod moving between two nodes may show on both (the
 * problem pins it and counts it on both) or on neither (its target looks freer than it is; the
 * job's re-check refuses a step that no longer fits).
 *
 * <p>One consumer, assigned (no group, no offsets committed): a snapshot is always read whole.
 */
public final class SnapshotReader implements AutoCloseable {
    private final Topic<NodeState> topic;
    private final Duration timeout;
    private final KafkaConsumer<byte[], byte[]> consumer;

    public SnapshotReader(String bootstrapServers, Topic<NodeState> topic, Duration timeout) {
        this.topic = topic;
        this.timeout = timeout;
        Properties props = new Properties();
        props.putAll(KafkaClientConfig.clientProperties(bootstrapServers));
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "sigmaflow-rebalancer-snapshot");
        // Only what the job's checkpoints committed: a state it rolled back never reaches a plan.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // Assigned partitions, positions set by hand: nothing to commit, no group to join.
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * The latest committed state of every live node.
     *
     * @throws SnapshotException when the topic does not exist or cannot be read to its end in time
     */
    public ClusterSnapshot read() {
        List<TopicPartition> partitions = partitions();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        // One request for every partition: with read_committed these are the last stable offsets.
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
        LatestNodeStates latest = new LatestNodeStates();
        readRange(end, (record, where) -> latest.accept(key(record), record.value(), where));
        Map<Integer, Long> endOffsets = new HashMap<>();
        end.forEach((tp, offset) -> endOffsets.put(tp.partition(), offset));
        return latest.snapshot(endOffsets);
    }

    /**
     * Nodes with a record after {@code snapshot}'s end offsets (a newer state, a removal, or a
     * node that is new): a plan step touching one of them may be stale.
     */
    public Set<String> changedSince(ClusterSnapshot snapshot) {
        List<TopicPartition> partitions = partitions();
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
        Map<TopicPartition, Long> from = new HashMap<>();
        Map<TopicPartition, Long> toRead = new HashMap<>();
        for (TopicPartition tp : partitions) {
            long seen = snapshot.endOffsets().getOrDefault(tp.partition(), 0L);
            if (end.get(tp) > seen) {
                from.put(tp, seen);
                toRead.put(tp, end.get(tp));
            }
        }
        Set<String> changed = new TreeSet<>();
        if (!toRead.isEmpty()) {
            consumer.assign(toRead.keySet());
            from.forEach(consumer::seek);
            readRange(toRead, (record, where) -> {
                if (record.key() != null) {
                    changed.add(key(record));
                }
            });
        }
        return changed;
    }

    private List<TopicPartition> partitions() {
        List<PartitionInfo> infos;
        try {
            infos = consumer.partitionsFor(topic.name(), timeout);
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new SnapshotException("no answer from Kafka about topic " + topic.name() + " within " + timeout, e);
        }
        if (infos == null || infos.isEmpty()) {
            throw new SnapshotException("topic " + topic.name()
                    + " does not exist: create the topics (./sigma topics --bootstrap ...) and run the placement job", null);
        }
        List<TopicPartition> out = new ArrayList<>();
        for (PartitionInfo info : infos) {
            out.add(new TopicPartition(info.topic(), info.partition()));
        }
        return out;
    }

    /** Reads each assigned partition from its position up to (not including) its offset in {@code end}. */
    private void readRange(Map<TopicPartition, Long> end, BiConsumer<ConsumerRecord<byte[], byte[]>, String> sink) {
        Set<TopicPartition> remaining = new java.util.HashSet<>();
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey(), timeout) < e.getValue()) {
                remaining.add(e.getKey());
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!remaining.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new SnapshotException("could not read " + topic.name() + " to its end within " + timeout
                        + " (" + remaining.size() + " partitions behind)", null);
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                Long stop = end.get(tp);
                // Records written after the read began belong to the next snapshot.
                if (stop != null && record.offset() < stop) {
                    sink.accept(record, "partition " + record.partition() + " offset " + record.offset());
                }
            }
            // Positions move past transaction markers too, so compare positions, not record offsets.
            remaining.removeIf(tp -> consumer.position(tp, timeout) >= end.get(tp));
        }
    }

    private static String key(ConsumerRecord<byte[], byte[]> record) {
        return record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }

    /** The snapshot could not be read; the message says why and what to do. */
    public static final class SnapshotException extends RuntimeException {
        SnapshotException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
