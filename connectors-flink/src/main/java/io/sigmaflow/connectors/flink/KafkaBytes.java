package io.sigmaflow.connectors.flink;

import io.sigmaflow.connectors.security.HostSignatures;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

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
    /** The producer's {@code sigma-sig} header ({@code HostSignatures}), or null when it has none. */
    public byte[] signature;

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
        KafkaBytes bytes = new KafkaBytes(record.topic(), record.partition(), record.offset(), record.timestamp(),
                record.key(), record.value());
        Header sig = record.headers().lastHeader(HostSignatures.HEADER);
        bytes.signature = sig == null ? null : sig.value();
        return bytes;
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
