package io.sigmaflow.executor.kafka;

import io.sigmaflow.connectors.security.KafkaClientConfig;
import io.sigmaflow.connectors.serde.AvroCodec;
import io.sigmaflow.connectors.topics.Topic;
import io.sigmaflow.connectors.topics.Topics;
import io.sigmaflow.executor.report.StatusSink;
import io.sigmaflow.schema.DeadLetter;
import io.sigmaflow.schema.NodeEvent;
import io.sigmaflow.schema.NodeInventory;
import io.sigmaflow.schema.PodStatus;
import java.time.Duration;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reports to Kafka: pod status, inventory, node events and dead letters, each keyed as its topic says. */
public final class KafkaStatusSink implements StatusSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaStatusSink.class);

    private final KafkaProducer<String, byte[]> producer;
    private final Topic<PodStatus> podStatus;
    private final Topic<NodeInventory> inventory;
    private final Topic<NodeEvent> nodeEvents;
    private final Topic<DeadLetter> deadLetters;
    private final AvroCodec<PodStatus> statusCodec = AvroCodec.of(PodStatus.class);
    private final AvroCodec<NodeInventory> inventoryCodec = AvroCodec.of(NodeInventory.class);
    private final AvroCodec<NodeEvent> eventCodec = AvroCodec.of(NodeEvent.class);
    private final AvroCodec<DeadLetter> letterCodec = AvroCodec.of(DeadLetter.class);

    public KafkaStatusSink(String bootstrap, Topics topics, String clientId) {
        Properties props = new Properties();
        props.putAll(KafkaClientConfig.clientProperties(bootstrap));
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        // A status the job never sees leaves a pod unaccounted for until the next inventory.
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        // Retries must not duplicate or reorder a pod's statuses.
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        // Statuses come in bursts (a batch of placements); a few ms of batching costs nothing.
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        // Never block an apply step for long on a missing broker; delivery retries in the background.
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        this.podStatus = topics.podStatus();
        this.inventory = topics.inventory();
        this.nodeEvents = topics.nodeEvents();
        this.deadLetters = topics.deadLetters();
    }

    @Override
    public void podStatus(PodStatus status) {
        send(podStatus, status, statusCodec);
    }

    @Override
    public void inventory(NodeInventory inv) {
        send(inventory, inv, inventoryCodec);
    }

    @Override
    public void nodeEvent(NodeEvent event) {
        send(nodeEvents, event, eventCodec);
    }

    @Override
    public void deadLetter(DeadLetter letter) {
        send(deadLetters, letter, letterCodec);
    }

    private <T extends SpecificRecord> void send(Topic<T> topic, T record, AvroCodec<T> codec) {
        producer.send(new ProducerRecord<>(topic.name(), topic.keyOf(record), codec.encode(record)), (meta, error) -> {
            if (error != null) {
                LOG.error("cannot report to {}: {} ({})", topic.name(), error.toString(), record);
            }
        });
    }

    @Override
    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
