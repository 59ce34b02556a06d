package io.sigmaflow.connectors.flink;

import io.sigmaflow.connectors.flink.state.AvroRecordTypeInfo;
import io.sigmaflow.connectors.topics.Topic;
import io.sigmaflow.connectors.topics.Topics;
import io.sigmaflow.schema.DeadLetter;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaSinkBuilder;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * Every Flink source and sink of a SigmaFlow topic is built here, the same way: sources read raw
 * bytes and decode in a named operator with a dead-letter side output; sinks key records by the
 * topic's key and write them exactly once (transactions committed on checkpoint).
 *
 * <p>Operator uids derive from the topic's logical id, never from its (prefixable) name, so a
 * savepoint restores across environments.
 */
public final class FlinkKafka {
    /**
     * Producer transactions must outlive the longest checkpoint: a transaction is opened after one
     * checkpoint and committed after the next, and a broker that aborts it first fences the
     * producer, which fails the task and, from its close, the whole TaskManager (seen under a
     * 100,000-request burst with 60 s). So: the brokers' default {@code transaction.max.timeout.ms}
     * (15 min), above Flink's default {@code execution.checkpointing.timeout} (10 min; 5 min in
     * the shipped configuration), which the job checks. A longer transaction only delays read_committed
     * readers after a crash until the restarted job aborts it, which it does on restore.
     */
    public static final long TRANSACTION_TIMEOUT_MS = 900_000;

    /**
     * How an exactly-once sink's producer batches. Its records become readable only when the
     * checkpoint's transaction commits, and the sink flushes its producer at every checkpoint
     * barrier, so waiting to fill batches costs no visibility: 100 ms (Kafka's default is 5 ms) and
     * batches of up to 256 KB per partition (default 16 KB). At 10,000 placements/s a BIND sink
     * subtask then sends ~10 produce requests a second instead of ~200, each with ~20x the records:
     * less work per record in the producer's sender thread and in the broker's request handlers
     * (issue 18, measured in docs/decisions.md, "The bench's reading of BINDs; producer batching").
     */
    static final Map<String, String> EXACTLY_ONCE_BATCHING = Map.of("linger.ms", "100", "batch.size", "262144");

    /** Where a source starts and whether it ends. */
    public enum ReadMode {
        /** Unbounded; from the group's committed offsets, else the earliest record. The service. */
        STREAM,
        /** Everything present now, from the earliest record, then finish. Batch: what-if, replay. */
        BOUNDED,
        /**
         * Unbounded; a job started without state reads only what is written from now on (a job
         * restored from a checkpoint resumes at the checkpoint's offsets, like every source). For a
         * job's own loop topic: records an earlier, stateless run left there mean nothing to it.
         */
        TAIL
    }

    private final KafkaEndpoint endpoint;
    private final SkippedRecords skipped;
    private final RecordLimit limit;

    /** Sinks limited to Kafka's default record size, dead letters of oversized records to the default topic. */
    public FlinkKafka(KafkaEndpoint endpoint) {
        this(endpoint, SkippedRecords.NONE, new RecordLimit(RecordLimit.KAFKA_DEFAULT, Topics.defaults().deadLetters().name()));
    }

    /**
     * @param skipped records the decoders dead-letter without decoding (an operator's way past a poison record)
     * @param limit the largest record a sink writes, and where a dead letter goes in place of a larger one
     */
    public FlinkKafka(KafkaEndpoint endpoint, SkippedRecords skipped, RecordLimit limit) {
        this.endpoint = endpoint;
        this.skipped = skipped;
        this.limit = limit;
    }

    public KafkaEndpoint endpoint() {
        return endpoint;
    }

    /** A source of raw records of {@code topic}. */
    public KafkaSource<KafkaBytes> source(Topic<?> topic, ReadMode mode) {
        KafkaSourceBuilder<KafkaBytes> builder = KafkaSource.<KafkaBytes>builder()
                .setBootstrapServers(endpoint.bootstrapServers())
                .setTopics(List.of(topic.name()))
                .setGroupId(endpoint.groupId())
                .setClientIdPrefix(endpoint.groupId() + "-" + topic.id())
                .setDeserializer(new KafkaBytesDeserializer())
                // Only records of committed transactions: what upstream jobs wrote exactly once.
                .setProperty("isolation.level", "read_committed")
                // New partitions (an operator adding some) are picked up within a minute.
                .setProperty("partition.discovery.interval.ms", "60000");
        endpoint.clientProperties().forEach(builder::setProperty);
        switch (mode) {
            case BOUNDED -> builder.setStartingOffsets(OffsetsInitializer.earliest()).setBounded(OffsetsInitializer.latest());
            case STREAM -> builder.setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST));
            case TAIL -> builder.setStartingOffsets(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    /** Reads and decodes {@code topic}: records, plus dead letters for anything unusable. */
    public <T extends SpecificRecord> DecodedStream<T> read(
            StreamExecutionEnvironment env, Topic<T> topic, ReadMode mode, RecordValidator<T> validator) {
        return read(env, topic, mode, validator, WatermarkStrategy.noWatermarks());
    }

    /**
     * Same, with event time: records carry their Kafka timestamp and {@code watermarks} says how
     * event time advances (per partition, as the Kafka source does).
     */
    public <T extends SpecificRecord> DecodedStream<T> read(StreamExecutionEnvironment env, Topic<T> topic,
            ReadMode mode, RecordValidator<T> validator, WatermarkStrategy<KafkaBytes> watermarks) {
        return read(env, topic, mode, validator, watermarks, null);
    }

    /** Same, and {@code signatures} (null for none) checks who produced each record ({@link SignatureCheck}). */
    public <T extends SpecificRecord> DecodedStream<T> read(StreamExecutionEnvironment env, Topic<T> topic,
            ReadMode mode, RecordValidator<T> validator, WatermarkStrategy<KafkaBytes> watermarks,
            SignatureCheck<T> signatures) {
        DataStream<KafkaBytes> raw = env
                .fromSource(source(topic, mode), watermarks, "Kafka: " + topic.id())
                .uid("source-" + topic.id());
        SingleOutputStreamOperator<T> decoded = raw
                .process(new DecodeRecords<>(topic.recordType(), validator, skipped, signatures), typeInfo(topic.recordType()))
                .name("Decode " + topic.recordType().getSimpleName())
                .uid("decode-" + topic.id());
        return new DecodedStream<>(decoded, decoded.getSideOutput(DeadLetters.TAG));
    }

    /**
     * Flink's Avro type information for a generated record class (all extend SpecificRecordBase),
     * with a serializer whose checkpoint snapshot keeps its schema's JSON ({@link AvroRecordTypeInfo}).
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static <T extends SpecificRecord> TypeInformation<T> typeInfo(Class<T> type) {
        return new AvroRecordTypeInfo(type.asSubclass(SpecificRecordBase.class));
    }

    /** A sink writing {@code topic} with the endpoint's delivery guarantee. */
    public <T extends SpecificRecord> KafkaSink<T> sink(Topic<T> topic) {
        return sink(topic.id(), serializer(topic));
    }

    /**
     * A sink writing what {@code serializer} makes of each record (its topic, key and value) with the
     * endpoint's delivery guarantee; exactly once, its transactional ids start with the endpoint's
     * prefix and {@code id}.
     */
    public <T> KafkaSink<T> sink(String id, KafkaRecordSerializationSchema<T> serializer) {
        KafkaSinkBuilder<T> builder = KafkaSink.<T>builder()
                .setBootstrapServers(endpoint.bootstrapServers())
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(endpoint.guarantee());
        if (endpoint.guarantee() == DeliveryGuarantee.EXACTLY_ONCE) {
            builder.setTransactionalIdPrefix(endpoint.transactionalIdPrefix() + "-" + id)
                    .setProperty("transaction.timeout.ms", String.valueOf(TRANSACTION_TIMEOUT_MS));
        }
        for (Map.Entry<String, String> e : producerProperties(endpoint).entrySet()) {
            builder.setProperty(e.getKey(), e.getValue());
        }
        return builder.build();
    }

    /**
     * A sink's producer properties: for an exactly-once sink {@link #EXACTLY_ONCE_BATCHING} first, then
     * the endpoint's client properties (an operator's {@code linger.ms} or {@code batch.size} wins).
     */
    static Map<String, String> producerProperties(KafkaEndpoint endpoint) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        if (endpoint.guarantee() == DeliveryGuarantee.EXACTLY_ONCE) {
            out.putAll(EXACTLY_ONCE_BATCHING);
        }
        out.putAll(endpoint.clientProperties());
        return out;
    }

    /** {@code topic}'s records with the topic's key (a dead letter in place of one over the record limit). */
    public <T extends SpecificRecord> KafkaRecordSerializationSchema<T> serializer(Topic<T> topic) {
        return new TopicRecordSerializer<>(topic, limit);
    }

    /** The left records with {@code left}, the right ones with {@code right}: several topics through one sink. */
    public static <L, R> KafkaRecordSerializationSchema<Either<L, R>> either(KafkaRecordSerializationSchema<L> left,
                                                                          KafkaRecordSerializationSchema<R> right) {
        return new EitherRecordSerializer<>(left, right);
    }

    /** Writes {@code stream} to {@code topic} through a named, uid-stable sink. */
    public <T extends SpecificRecord> void write(DataStream<T> stream, Topic<T> topic) {
        write(stream, topic.id(), "Kafka: " + topic.id(), serializer(topic));
    }

    /**
     * Writes {@code stream} through one sink named {@code name}, its uid and transactional ids from
     * {@code id} (as {@link #write(DataStream, Topic)} names a topic's: a sink that takes over a
     * topic's sink takes the topic's id, and restores that sink's transactions).
     */
    public <T> void write(DataStream<T> stream, String id, String name, KafkaRecordSerializationSchema<T> serializer) {
        stream.sinkTo(sink(id, serializer)).name(name).uid("sink-" + id);
    }

    /**
     * The sink that wrote {@code topic} in an earlier version of a job, kept so that a savepoint of
     * that version restores: it commits the transactions the savepoint holds and aborts any it left
     * open (a transaction left open holds every read_committed reader of its partitions until it
     * times out), then finishes with its empty input. Once finished it costs nothing, and a
     * checkpoint records it as finished.
     */
    public <T extends SpecificRecord> void retire(StreamExecutionEnvironment env, Topic<T> topic) {
        DataStream<T> nothing = env.fromSequence(0, 0).name("Retired: " + topic.id()).uid("retired-" + topic.id())
                .flatMap(new NoRecords<T>(), typeInfo(topic.recordType()))
                .name("No records: " + topic.id()).uid("retired-nothing-" + topic.id());
        nothing.sinkTo(sink(topic)).name("Kafka (retired): " + topic.id()).uid("sink-" + topic.id());
    }

    /** Drops whatever it is given: an empty stream of any type. */
    private static final class NoRecords<T> implements FlatMapFunction<Long, T> {
        @Override
        public void flatMap(Long ignored, Collector<T> out) {
        }
    }

    /** Writes the union of {@code deadLetters} to the dead-letter topic. */
    @SafeVarargs
    public final void writeDeadLetters(Topic<DeadLetter> topic, DataStream<DeadLetter> first, DataStream<DeadLetter>... more) {
        write(more.length == 0 ? first : first.union(more), topic);
    }
}
