package io.sigmaflow.connectors.flink;

import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.types.Either;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes each record of an {@link Either} stream with the left or the right schema, so one sink (one
 * producer, one transaction per checkpoint) writes several topics: each side keeps its own topic, key
 * and partition, and the records of a side stay in their order. Nest for more than two
 * ({@code Either<A, Either<B, C>>}).
 */
final class EitherRecordSerializer<L, R> implements KafkaRecordSerializationSchema<Either<L, R>> {
    private final KafkaRecordSerializationSchema<L> left;
    private final KafkaRecordSerializationSchema<R> right;

    EitherRecordSerializer(KafkaRecordSerializationSchema<L> left, KafkaRecordSerializationSchema<R> right) {
        this.left = left;
        this.right = right;
    }

    @Override
    public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) throws Exception {
        left.open(context, sinkContext);
        right.open(context, sinkContext);
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(Either<L, R> record, KafkaSinkContext context, Long timestamp) {
        return record.isLeft()
                ? left.serialize(record.left(), context, timestamp)
                : right.serialize(record.right(), context, timestamp);
    }
}
