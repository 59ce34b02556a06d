package io.sigmaflow.connectors.testing;

import io.sigmaflow.connectors.serde.AvroCodec;
import io.sigmaflow.connectors.topics.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Plain producer and consumer for tests, talking to a real broker. */
public final class KafkaTestClient implements AutoCloseable {
    private final String bootstrap;
    private final java.util.Map<String, String> clientProperties;
    private final KafkaProducer<byte[], byte[]> producer;

    /**
     * Sends one record ({@code key}, "probe") to {@code topic} with exactly {@code props} (bootstrap,
     * security) and short timeouts: a refusal (authentication, authorization) comes back as the
     * ExecutionException's cause, also when {@code send} itself throws on the metadata wait.
     */
    public static void probe(java.util.Map<String, Object> props, String topic, String key) throws ExecutionException,
            InterruptedException, java.util.concurrent.TimeoutException {
        java.util.Map<String, Object> p = new java.util.HashMap<>(props);
        p.put("key.serializer", ByteArraySerializer.class.getName());
        p.put("value.serializer", ByteArraySerializer.class.getName());
        p.put("max.block.ms", "8000");
        p.put("delivery.timeout.ms", "8000");
        p.put("request.timeout.ms", "5000");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            try {
                producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8),
                        "probe".getBytes(StandardCharsets.UTF_8))).get(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (org.apache.kafka.common.KafkaException e) {
                throw new ExecutionException(e);
            }
        }
    }

    public KafkaTestClient(String bootstrap) {
        this(bootstrap, java.util.Map.of());
    }

    /** With Kafka client properties (TLS, SASL) for the producer and every consumer. */
    public KafkaTestClient(String bootstrap, java.util.Map<String, String> clientProperties) {
        this.bootstrap = bootstrap;
        this.clientProperties = java.util.Map.copyOf(clientProperties);
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        // Not idempotent, one request in flight (order kept across retries): under a heavy load an
        // idempotent producer on a fresh topic looped on OutOfOrderSequenceException until its
        // delivery timeout and lost the records; every send is checked below.
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Produces {@code records} keyed as the topic defines, and waits until all are acknowledged. */
    @SafeVarargs
    public final <T extends SpecificRecord> void produce(Topic<T> topic, T... records) {
        produce(topic, List.of(records));
    }

    public <T extends SpecificRecord> void produce(Topic<T> topic, List<T> records) {
        AvroCodec<T> codec = AvroCodec.of(topic.recordType());
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (T r : records) {
            sent.add(producer.send(new ProducerRecord<>(topic.name(), topic.keyOf(r).getBytes(StandardCharsets.UTF_8),
                    codec.encode(r))));
        }
        producer.flush();
        checked(topic.name(), sent);
    }

    /** Fails the test when a send failed: a lost input must not look like a job that did nothing. */
    private static void checked(String topic, List<Future<RecordMetadata>> sent) {
        for (Future<RecordMetadata> f : sent) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while sending to " + topic, e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("a test record to " + topic + " was not written", e.getCause());
            }
        }
    }

    /** Produces raw bytes (corrupt input, foreign records). */
    public void produceRaw(String topic, String key, byte[] value) {
        Future<RecordMetadata> sent = producer.send(new ProducerRecord<>(topic,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8), value));
        producer.flush();
        checked(topic, List.of(sent));
    }

    /** Reads committed records of {@code topic} from the start until {@code done} holds or the timeout. */
    public <T extends SpecificRecord> List<T> consumeUntil(Topic<T> topic, Predicate<List<T>> done, Duration timeout) {
        AvroCodec<T> codec = AvroCodec.of(topic.recordType());
        List<T> decoded = new ArrayList<>();
        consumeRawUntil(topic.name(), raw -> {
            for (int i = decoded.size(); i < raw.size(); i++) {
                decoded.add(codec.decode(raw.get(i).value()));
            }
            return done.test(decoded);
        }, timeout);
        return decoded;
    }

    /** Reads exactly {@code count} committed records, or fails with what it got. */
    public <T extends SpecificRecord> List<T> consume(Topic<T> topic, int count, Duration timeout) {
        List<T> got = consumeUntil(topic, l -> l.size() >= count, timeout);
        if (got.size() < count) {
            throw new AssertionError("expected " + count + " records on " + topic.name() + " within " + timeout
                    + ", got " + got.size() + ": " + got);
        }
        return got;
    }

    /** Raw committed records of {@code topic} from the start until {@code done} holds or the timeout. */
    public List<ConsumerRecord<byte[], byte[]>> consumeRawUntil(
            String topic, Predicate<List<ConsumerRecord<byte[], byte[]>>> done, Duration timeout) {
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(all::add);
                if (done.test(all)) {
                    break;
                }
            }
        }
        return all;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
