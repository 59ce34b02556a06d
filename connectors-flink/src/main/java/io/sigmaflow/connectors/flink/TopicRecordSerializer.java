package io.sigmaflow.connectors.flink;

import io.sigmaflow.connectors.serde.AvroCodec;
import io.sigmaflow.connectors.topics.Topic;
import java.nio.charset.StandardCharsets;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes a record to its topic with the topic's key, so Kafka's default partitioner places it
 * exactly where a plain producer would.
 */
final class TopicRecordSerializer<T extends SpecificRecord> implements KafkaRecordSerializationSchema<T> {
    private final Topic<T> topic;
    private transient AvroCodec<T> codec;

    TopicRecordSerializer(Topic<T> topic) {
        this.topic = topic;
    }

    @Override
    public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
        codec = AvroCodec.of(topic.recordType());
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T record, KafkaSinkContext context, Long timestamp) {
        byte[] key = topic.keyOf(record).getBytes(StandardCharsets.UTF_8);
        return new ProducerRecord<>(topic.name(), null, timestamp, key, codec.encode(record));
    }
}
