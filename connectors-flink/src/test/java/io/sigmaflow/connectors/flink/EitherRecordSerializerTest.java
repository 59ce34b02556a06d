package io.sigmaflow.connectors.flink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sigmaflow.connectors.serde.AvroCodec;
import io.sigmaflow.connectors.testing.SampleRecords;
import io.sigmaflow.connectors.topics.Topic;
import io.sigmaflow.connectors.topics.Topics;
import io.sigmaflow.schema.NodeState;
import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.PriorityChange;
import java.nio.charset.StandardCharsets;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.types.Either;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** One sink, three topics: each record goes where its own topic's sink would have written it. */
class EitherRecordSerializerTest {
    private static final Topics TOPICS = Topics.of("t-", 4);
    private static final FlinkKafka KAFKA = new FlinkKafka(KafkaEndpoint.exactlyOnce("localhost:9092", "g"));

    @SuppressWarnings("unchecked")
    private static <T extends SpecificRecord> T sample(Class<T> type) {
        return (T) SampleRecords.all().stream().filter(r -> r.getClass() == type).findFirst().orElseThrow();
    }

    private static <T extends SpecificRecord> void writtenAsItsTopicWould(Topic<T> topic, T record,
            ProducerRecord<byte[], byte[]> written) {
        ProducerRecord<byte[], byte[]> alone = KAFKA.serializer(topic).serialize(record, null, 7L);
        assertEquals(topic.name(), written.topic());
        assertArrayEquals(topic.keyOf(record).getBytes(StandardCharsets.UTF_8), written.key(), "keyed by its topic's key");
        assertArrayEquals(alone.key(), written.key());
        assertArrayEquals(alone.value(), written.value());
        assertEquals(record, AvroCodec.of(topic.recordType()).decode(written.value()));
        assertEquals(7L, written.timestamp());
        assertEquals(null, written.partition(), "the default partitioner places it by key, as before");
    }

    @Test
    void eachSideGoesToItsTopicWithItsKey() throws Exception {
        KafkaRecordSerializationSchema<Either<Placement, Either<NodeState, PriorityChange>>> serializer =
                FlinkKafka.either(KAFKA.serializer(TOPICS.placements()),
                        FlinkKafka.either(KAFKA.serializer(TOPICS.nodeState()), KAFKA.serializer(TOPICS.priorityChanges())));
        serializer.open(null, null);
        Placement placement = sample(Placement.class);
        NodeState state = sample(NodeState.class);
        PriorityChange change = sample(PriorityChange.class);
        writtenAsItsTopicWould(TOPICS.placements(), placement, serializer.serialize(Either.Left(placement), null, 7L));
        writtenAsItsTopicWould(TOPICS.nodeState(), state, serializer.serialize(Either.Right(Either.Left(state)), null, 7L));
        writtenAsItsTopicWould(TOPICS.priorityChanges(), change,
                serializer.serialize(Either.Right(Either.Right(change)), null, 7L));
    }
}
