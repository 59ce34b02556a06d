package io.sigmaflow.connectors.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.connectors.serde.AvroCodec;
import io.sigmaflow.connectors.testing.SampleRecords;
import io.sigmaflow.connectors.topics.Topic;
import io.sigmaflow.connectors.topics.Topics;
import io.sigmaflow.schema.DeadLetter;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** No sink receives a record over the limit: per output topic of the placement job. */
class TopicRecordSerializerTest {
    private static final Topics TOPICS = Topics.of("t-", 4);
    private static final RecordLimit LIMIT = new RecordLimit(RecordLimit.KAFKA_DEFAULT, TOPICS.deadLetters().name());

    static Stream<Topic<?>> outputs() {
        return Stream.of(TOPICS.placements(), TOPICS.outcomes(), TOPICS.nodeState(), TOPICS.placementFeedback(),
                TOPICS.deadLetters(), TOPICS.priorityChanges());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outputs")
    @SuppressWarnings({"unchecked", "rawtypes"})
    void aRecordOverTheLimitBecomesASmallDeadLetterAndAnOrdinaryOneIsWrittenAsIs(Topic topic) {
        TopicRecordSerializer serializer = new TopicRecordSerializer<>(topic, LIMIT);
        SpecificRecord sample = SampleRecords.all().stream()
                .filter(r -> r.getClass() == topic.recordType()).findFirst().orElseThrow();
        ProducerRecord<byte[], byte[]> ordinary = serializer.serialize(sample, null, 5L);
        assertEquals(topic.name(), ordinary.topic());
        assertEquals(sample, AvroCodec.of(topic.recordType()).decode(ordinary.value()));

        SpecificRecord huge = withLongString(sample, 1_100_000);
        ProducerRecord<byte[], byte[]> written = serializer.serialize(huge, null, 5L);
        assertEquals(TOPICS.deadLetters().name(), written.topic());
        int size = written.key().length + written.value().length;
        assertTrue(size <= LIMIT.maxBytes() && size < 80_000, "dead letter of " + size + " bytes");
        DeadLetter d = AvroCodec.of(DeadLetter.class).decode(written.value());
        assertEquals(DeadLetters.TOO_LARGE, d.getErrorType());
        assertEquals(topic.name(), d.getSourceTopic());
        assertEquals("sink " + topic.id(), d.getStage());
        assertTrue(d.getReason().contains("is over the record limit of " + LIMIT.maxBytes() + " bytes"), d.getReason());
        assertTrue(d.getReason().matches("(?s).*\\[value truncated to the first 65536 of 11\\d{5} bytes].*"), d.getReason());
        assertEquals(DeadLetters.MAX_VALUE_BYTES, d.getValue().remaining());
        assertEquals(5L, written.timestamp());
    }

    /** A copy of {@code r} whose first string field (top level) is {@code chars} long. */
    private static SpecificRecord withLongString(SpecificRecord r, int chars) {
        SpecificRecord copy = (SpecificRecord) org.apache.avro.specific.SpecificData.get().deepCopy(r.getSchema(), r);
        for (Schema.Field f : r.getSchema().getFields()) {
            Schema s = f.schema();
            boolean string = s.getType() == Schema.Type.STRING
                    || (s.getType() == Schema.Type.UNION && s.getTypes().stream().anyMatch(t -> t.getType() == Schema.Type.STRING));
            if (string) {
                copy.put(f.pos(), "x".repeat(chars));
                return copy;
            }
        }
        throw new AssertionError("no string field in " + r.getSchema().getName());
    }
}
