package io.sigmaflow.solver.rebalance.testing;

import io.sigmaflow.connectors.admin.TopicAdmin;
import io.sigmaflow.connectors.serde.AvroCodec;
import io.sigmaflow.connectors.testing.SharedKafka;
import io.sigmaflow.connectors.topics.Topic;
import io.sigmaflow.connectors.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Topics on the shared test broker, created and ready (every partition has a leader) before a
 * test writes to them, and writes that fail loudly instead of being dropped without a word.
 *
 * <p>The writer is not idempotent: on this shared 2-core machine under load, an idempotent
 * producer whose request timed out was seen to loop on {@code OutOfOrderSequenceException} until
 * its delivery timeout (the broker had the batch, the producer had reset its sequence). One
 * request in flight keeps the order; a retried duplicate of a node-state record is harmless
 * (compacted, latest wins).
 */
public final class TestTopics {
    private static final Duration READY = Duration.ofSeconds(60);

    private TestTopics() {}

    /** The whole catalogue under a fresh prefix, with {@code partitions} partitions each, ready to use. */
    public static Topics create(String test, int partitions) {
        Topics topics = Topics.of(SharedKafka.uniquePrefix(test), partitions);
        try (TopicAdmin admin = new TopicAdmin(SharedKafka.bootstrapServers())) {
            admin.ensure(topics.all());
        }
        awaitLeaders(topics.nodeState());
        awaitLeaders(topics.migrations());
        return topics;
    }

    /** Writes {@code records} keyed as the topic defines; throws when any write fails. */
    public static <T extends SpecificRecord> void produce(Topic<T> topic, List<T> records) {
        AvroCodec<T> codec = AvroCodec.of(topic.recordType());
        List<ProducerRecord<byte[], byte[]>> raw = new ArrayList<>();
        for (T r : records) {
            raw.add(new ProducerRecord<>(topic.name(), topic.keyOf(r).getBytes(StandardCharsets.UTF_8), codec.encode(r)));
        }
        produceRaw(topic.name(), raw);
    }

    /** Writes records as they are (null values, bytes that are not Avro); throws when any write fails. */
    public static void produceRaw(String topic, List<ProducerRecord<byte[], byte[]>> records) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (ProducerRecord<byte[], byte[]> r : records) {
                sent.add(producer.send(r));
            }
            for (Future<RecordMetadata> f : sent) {
                f.get(READY.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("could not write to " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void awaitLeaders(Topic<?> topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
        long deadline = System.nanoTime() + READY.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            while (System.nanoTime() < deadline) {
                List<PartitionInfo> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(10));
                if (partitions.size() == topic.partitions() && partitions.stream().allMatch(p -> p.leader() != null)) {
                    return;
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new AssertionError("topic " + topic.name() + " has no leader for every partition after " + READY);
    }
}
