package io.sigmaflow.connectors.flink;

import io.sigmaflow.connectors.serde.AvroCodec;
import io.sigmaflow.connectors.topics.Topic;
import io.sigmaflow.schema.DeadLetter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes a record to its topic with the topic's key, so Kafka's default partitioner places it
 * exactly where a plain producer would. A record over the {@link RecordLimit} is not written:
 * a dead letter ({@link DeadLetters#TOO_LARGE}, its first bytes, the sizes) goes to the
 * dead-letter topic in its place, in the same transaction, so the sink never fails on size.
 */
final class TopicRecordSerializer<T extends SpecificRecord> implements KafkaRecordSerializationSchema<T> {
    private final Topic<T> topic;
    private final RecordLimit limit;
    private transient AvroCodec<T> codec;
    private transient AvroCodec<DeadLetter> deadLetterCodec;

    TopicRecordSerializer(Topic<T> topic, RecordLimit limit) {
        this.topic = topic;
        this.limit = limit;
    }

    @Override
    public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
        codec = AvroCodec.of(topic.recordType());
        deadLetterCodec = AvroCodec.of(DeadLetter.class);
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T record, KafkaSinkContext context, Long timestamp) {
        if (codec == null) {
            open(null, context);
        }
        byte[] key = topic.keyOf(record).getBytes(StandardCharsets.UTF_8);
        byte[] value = codec.encode(record);
        if ((long) key.length + value.length <= limit.maxBytes()) {
            return new ProducerRecord<>(topic.name(), null, timestamp, key, value);
        }
        DeadLetter tooLarge = DeadLetters.bounded(DeadLetter.newBuilder()
                .setReason("a " + topic.recordType().getSimpleName() + " for " + topic.name() + " of "
                        + (key.length + value.length) + " bytes (key " + key.length + ", value " + value.length
                        + ") is over the record limit of " + limit.maxBytes() + " bytes (sigmaflow.kafka.max-record-bytes);"
                        + " not written")
                .setErrorType(DeadLetters.TOO_LARGE)
                .setSourceTopic(topic.name())
                .setKey(ByteBuffer.wrap(key))
                .setValue(ByteBuffer.wrap(value))
                .setStage("sink " + topic.id())
                .setFailedAtMs(System.currentTimeMillis())
                .build());
        // Keyed as the dead-letter topic keys every dead letter: by the topic the record came from (was for).
        byte[] deadKey = topic.name().getBytes(StandardCharsets.UTF_8);
        return new ProducerRecord<>(limit.deadLetterTopic(), null, timestamp, deadKey, deadLetterCodec.encode(tooLarge));
    }
}
