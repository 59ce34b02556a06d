package io.sigmaflow.cli.bench;

import io.sigmaflow.connectors.security.KafkaClientConfig;
import io.sigmaflow.connectors.serde.AvroCodec;
import io.sigmaflow.connectors.topics.Topic;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The benchmark's own Kafka clients: a release system's producer and an executor-like reader. */
public final class BenchClients {
    private final String bootstrap;
    /** Building a codec reads every released schema from the jar: once per type, not per record. */
    private final java.util.Map<Class<?>, AvroCodec<?>> codecs = new java.util.HashMap<>();

    public BenchClients(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    public KafkaProducer<byte[], byte[]> producer() {
        Properties p = new Properties();
        p.putAll(KafkaClientConfig.clientProperties(bootstrap));
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        // Its network thread is then named for the benchmark, which counts its cpu apart (ThreadCpu).
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-producer-" + System.nanoTime());
        // A request goes out at once: its latency starts when it is sent.
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Reads committed records only, from the start, as executors do. */
    public KafkaConsumer<byte[], byte[]> consumer() {
        return consumer(true);
    }

    /**
     * From the start; {@code committed} false: also what the job wrote in transactions still open
     * (its decisions before their checkpoint, and those a failure will abort).
     */
    KafkaConsumer<byte[], byte[]> consumer(boolean committed) {
        Properties p = new Properties();
        p.putAll(KafkaClientConfig.clientProperties(bootstrap));
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-reader-" + System.nanoTime());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "bench-reader-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, committed ? "read_committed" : "read_uncommitted");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // Records are seen as soon as they are readable.
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "10");
        // Everything fetched is handed over in one poll: a checkpoint's BINDs (thousands) in a few polls
        // instead of one per 500, and the collector reads the deployment's cpu once per poll.
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10000");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    public <T extends SpecificRecord> ProducerRecord<byte[], byte[]> record(Topic<T> topic, T value) {
        return new ProducerRecord<>(topic.name(), topic.keyOf(value).getBytes(StandardCharsets.UTF_8),
                codec(topic.recordType()).encode(value));
    }

    @SuppressWarnings("unchecked")
    private <T extends SpecificRecord> AvroCodec<T> codec(Class<T> type) {
        return (AvroCodec<T>) codecs.computeIfAbsent(type, t -> AvroCodec.of(type));
    }

    public <T extends SpecificRecord> void produce(KafkaProducer<byte[], byte[]> producer, Topic<T> topic, List<T> values) {
        AvroCodec<T> codec = codec(topic.recordType());
        for (T value : values) {
            producer.send(new ProducerRecord<>(topic.name(), topic.keyOf(value).getBytes(StandardCharsets.UTF_8),
                    codec.encode(value)));
        }
        producer.flush();
    }
}
