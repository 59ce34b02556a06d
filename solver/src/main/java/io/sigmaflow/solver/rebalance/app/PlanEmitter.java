package io.sigmaflow.solver.rebalance.app;

import io.sigmaflow.connectors.security.KafkaClientConfig;
import io.sigmaflow.connectors.serde.AvroCodec;
import io.sigmaflow.connectors.topics.Topic;
import io.sigmaflow.schema.Migration;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes a plan's records to the migrations topic in one Kafka transaction: a consumer reading
 * {@code read_committed} (the placement job) sees the whole plan or nothing of it, even if the
 * rebalancer dies half-way. The transactional id is fixed per topic prefix, so a second
 * rebalancer instance fences the first instead of interleaving plans with it.
 */
final class PlanEmitter implements AutoCloseable {
    private final Topic<Migration> topic;
    private final KafkaProducer<byte[], byte[]> producer;
    private final AvroCodec<Migration> codec = AvroCodec.of(Migration.class);

    PlanEmitter(String bootstrapServers, Topic<Migration> topic, String prefix) {
        this.topic = topic;
        Properties props = new Properties();
        props.putAll(KafkaClientConfig.clientProperties(bootstrapServers));
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "sigmaflow-rebalancer");
        // One plan, all or nothing; implies acks=all and idempotence.
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "sigmaflow-rebalancer-" + prefix + topic.name());
        props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "60000");
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        producer.initTransactions();
    }

    /** Emits every record of one plan, keyed as the topic defines (by app), or none of them. */
    void emit(List<Migration> plan) {
        producer.beginTransaction();
        try {
            for (Migration m : plan) {
                producer.send(new ProducerRecord<>(topic.name(), topic.keyOf(m).getBytes(StandardCharsets.UTF_8),
                        codec.encode(m)));
            }
            producer.commitTransaction();
        } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException e) {
            // Fatal for this producer: nothing was committed, and it cannot abort either.
            throw e;
        } catch (KafkaException e) {
            producer.abortTransaction();
            throw e;
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
