package io.sigmaflow.connectors.flink;

import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A Kafka record as it arrived, before decoding: kept so that a record which cannot be used
 * becomes a dead letter with its origin and original bytes. A Flink POJO.
 */
public class KafkaBytes {
    public String topic;
    public int partition;
    public long offset;
    public long timestamp;
    public byte[] key;
    public byte[] value;

    public KafkaBytes() {}

    public KafkaBytes(String topic, int partition, long offset, long timestamp, byte[] key, byte[] value) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.timestamp = timestamp;
        this.key = key;
        this.value = value;
    }

    public static KafkaBytes of(ConsumerRecord<byte[], byte[]> record) {
        return new KafkaBytes(record.topic(), record.partition(), record.offset(), record.timestamp(),
                record.key(), record.value());
    }

    /** "topic-partition@offset", for messages. */
    public String origin() {
        return topic + "-" + partition + "@" + offset;
    }

    @Override
    public String toString() {
        return "KafkaBytes{" + origin() + ", " + (value == null ? "null" : value.length + " bytes") + "}";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KafkaBytes k && partition == k.partition && offset == k.offset
                && Objects.equals(topic, k.topic);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, partition, offset);
    }
}
