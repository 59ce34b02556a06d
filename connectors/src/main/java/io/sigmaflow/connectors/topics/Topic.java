package io.sigmaflow.connectors.topics;

import java.io.Serializable;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.utils.Utils;

/**
 * One Kafka topic: its name, the record type it carries, how it is keyed and how it is kept.
 *
 * @param id stable logical name (also the Flink operator uid suffix), independent of any prefix
 * @param name the Kafka topic name
 * @param partitions partition count used when the topic is created
 * @param compacted state-like topic: only the latest record per key matters
 * @param configs extra topic-level configs used when the topic is created
 */
public record Topic<T extends SpecificRecord>(
        String id,
        String name,
        Class<T> recordType,
        KeyExtractor<T> key,
        int partitions,
        boolean compacted,
        Map<String, String> configs) implements Serializable {

    public Topic {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(recordType, "recordType");
        Objects.requireNonNull(key, "key");
        if (partitions < 1) {
            throw new IllegalArgumentException("topic " + name + ": partitions must be at least 1, got " + partitions);
        }
        configs = Map.copyOf(configs);
    }

    /** Same topic, named {@code prefix + name}: isolates environments and tests on one broker. */
    public Topic<T> withPrefix(String prefix) {
        return new Topic<>(id, prefix + name, recordType, key, partitions, compacted, configs);
    }

    public Topic<T> withPartitions(int count) {
        return new Topic<>(id, name, recordType, key, count, compacted, configs);
    }

    /** The key of {@code record}, as the producer writes it. */
    public String keyOf(T record) {
        return key.apply(record);
    }

    /**
     * The partition Kafka's default partitioner puts {@code key} in (murmur2, as the producer
     * does), so a host agent can read just the partition that holds its node's records.
     */
    public static int partitionOf(String key, int partitionCount) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(java.nio.charset.StandardCharsets.UTF_8))) % partitionCount;
    }
}
