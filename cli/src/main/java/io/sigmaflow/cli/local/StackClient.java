package io.sigmaflow.cli.local;

import io.sigmaflow.connectors.security.KafkaClientConfig;
import io.sigmaflow.connectors.serde.AvroCodec;
import io.sigmaflow.connectors.serde.UndecodableRecordException;
import io.sigmaflow.connectors.topics.Topic;
import io.sigmaflow.connectors.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * What the demo feed and {@code ./sigma status} need from Kafka: send wire records as a release
 * system or an operator does, and read a topic's committed records up to its end as it was when
 * the read began (assigned partitions, no consumer group, nothing committed).
 */
public final class StackClient implements AutoCloseable {
    private final String bootstrap;
    private final Topics topics;
    private final Duration timeout;
    private final Map<Class<?>, AvroCodec<?>> codecs = new HashMap<>();
    private KafkaProducer<byte[], byte[]> producer;

    public StackClient(String bootstrap, Topics topics, Duration timeout) {
        this.bootstrap = bootstrap;
        this.topics = topics;
        this.timeout = timeout;
    }

    public Topics topics() {
        return topics;
    }

    /** Sends {@code values} keyed as the topic says and waits until the broker has them all. */
    public <T extends SpecificRecord> void send(Topic<T> topic, List<T> values) {
        send(topic, values, null);
    }

    /**
     * As {@link #send(Topic, List)}, the i-th record with the i-th Kafka timestamp of {@code
     * timestamps} (its event time in the job; null: the producer's clock for all).
     */
    public <T extends SpecificRecord> void send(Topic<T> topic, List<T> values, List<Long> timestamps) {
        if (values.isEmpty()) {
            return;
        }
        if (producer == null) {
            Properties p = new Properties();
            p.putAll(KafkaClientConfig.clientProperties(bootstrap));
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(timeout.toMillis()));
            // Not idempotent, one request in flight (order kept by that): an idempotent producer on
            // a fresh topic lost every record under load here once (see KafkaTestClient).
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
            p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
            producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        }
        AvroCodec<T> codec = codec(topic.recordType());
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            T value = values.get(i);
            sent.add(producer.send(new ProducerRecord<>(topic.name(), null, timestamps == null ? null : timestamps.get(i),
                    topic.keyOf(value).getBytes(StandardCharsets.UTF_8), codec.encode(value))));
        }
        producer.flush();
        // Every send checked: a record the broker did not take must not pass for sent.
        for (Future<RecordMetadata> f : sent) {
            try {
                f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while sending to " + topic.name(), e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("could not send to " + topic.name() + " on " + bootstrap + ": "
                        + (e.getCause() == null ? e : e.getCause()).getMessage(), e);
            }
        }
    }

    /**
     * Every committed record of {@code topic} in partition order, up to the end offsets it had
     * when the read began. Records that do not decode are skipped: this is a reader for people,
     * and the job's own topics only hold what its sinks wrote.
     *
     * @throws IllegalStateException when the topic does not exist or cannot be read in time
     */
    public <T extends SpecificRecord> List<T> readToEnd(Topic<T> topic) {
        AvroCodec<T> codec = codec(topic.recordType());
        List<T> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = committedReader(bootstrap)) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // With read_committed these are the last stable offsets, taken in one request.
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            List<TopicPartition> behind = new ArrayList<>(partitions);
            behind.removeIf(tp -> consumer.position(tp, timeout) >= end.get(tp));
            while (!behind.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "could not read " + topic.name() + " to its end within " + timeout.toSeconds() + " s");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition())) && r.value() != null) {
                        try {
                            out.add(codec.decode(r.value()));
                        } catch (UndecodableRecordException e) {
                            // skipped, see above
                        }
                    }
                }
                // Positions move past transaction markers too: compare positions, not offsets.
                behind.removeIf(tp -> consumer.position(tp, timeout) >= end.get(tp));
            }
        }
        return out;
    }

    /**
     * A consumer without a group (assign partitions to it) that reads only what the job's
     * checkpoints committed, never a decision it rolled back, from the earliest record.
     */
    public static KafkaConsumer<byte[], byte[]> committedReader(String bootstrap) {
        Properties p = new Properties();
        p.putAll(KafkaClientConfig.clientProperties(bootstrap));
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "50");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer, Topic<?> topic) {
        List<PartitionInfo> infos;
        try {
            infos = consumer.partitionsFor(topic.name(), timeout);
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new IllegalStateException("no answer from Kafka at " + bootstrap + " within " + timeout.toSeconds()
                    + " s (is the stack up? ./sigma up)", e);
        }
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + topic.name() + " does not exist on " + bootstrap
                    + " (start the stack with ./sigma up, or check --prefix)");
        }
        List<TopicPartition> out = new ArrayList<>();
        for (PartitionInfo info : infos) {
            out.add(new TopicPartition(info.topic(), info.partition()));
        }
        out.sort(java.util.Comparator.comparingInt(TopicPartition::partition));
        return out;
    }

    @SuppressWarnings("unchecked")
    private <T extends SpecificRecord> AvroCodec<T> codec(Class<T> type) {
        return (AvroCodec<T>) codecs.computeIfAbsent(type, t -> AvroCodec.of(type));
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
