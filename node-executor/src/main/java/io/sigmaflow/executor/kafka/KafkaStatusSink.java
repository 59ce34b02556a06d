package io.sigmaflow.executor.kafka;

import io.sigmaflow.connectors.security.HostSignatures;
import io.sigmaflow.connectors.security.KafkaClientConfig;
import io.sigmaflow.connectors.serde.AvroCodec;
import io.sigmaflow.connectors.topics.Topic;
import io.sigmaflow.connectors.topics.Topics;
import io.sigmaflow.executor.report.StatusSink;
import io.sigmaflow.schema.DeadLetter;
import io.sigmaflow.schema.NodeEvent;
import io.sigmaflow.schema.NodeInventory;
import io.sigmaflow.schema.PodStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports to Kafka: pod status, inventory, node events and dead letters, each keyed as its topic says;
 * signed with the host's key when it has one ({@link HostSignatures}: the job then knows the record
 * comes from the node it names).
 */
public final class KafkaStatusSink implements StatusSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaStatusSink.class);

    private final Producer<String, byte[]> producer;
    private final HostSignatures.Signer signer;
    private final Topic<PodStatus> podStatus;
    private final Topic<NodeInventory> inventory;
    private final Topic<NodeEvent> nodeEvents;
    private final Topic<DeadLetter> deadLetters;
    private final AvroCodec<PodStatus> statusCodec = AvroCodec.of(PodStatus.class);
    private final AvroCodec<NodeInventory> inventoryCodec = AvroCodec.of(NodeInventory.class);
    private final AvroCodec<NodeEvent> eventCodec = AvroCodec.of(NodeEvent.class);
    private final AvroCodec<DeadLetter> letterCodec = AvroCodec.of(DeadLetter.class);

    public KafkaStatusSink(String bootstrap, Topics topics, String clientId) {
        this(bootstrap, topics, clientId, null);
    }

    /** With {@code signer} (null: unsigned), every record carries this host's signature header. */
    public KafkaStatusSink(String bootstrap, Topics topics, String clientId, HostSignatures.Signer signer) {
        this(producer(bootstrap, clientId), topics, signer);
    }

    /** Over a given producer (tests: Kafka's MockProducer). */
    KafkaStatusSink(Producer<String, byte[]> producer, Topics topics, HostSignatures.Signer signer) {
        this.producer = producer;
        this.signer = signer;
        this.podStatus = topics.podStatus();
        this.inventory = topics.inventory();
        this.nodeEvents = topics.nodeEvents();
        this.deadLetters = topics.deadLetters();
    }

    private static Producer<String, byte[]> producer(String bootstrap, String clientId) {
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
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
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
        String key = topic.keyOf(record);
        byte[] value = codec.encode(record);
        ProducerRecord<String, byte[]> out = new ProducerRecord<>(topic.name(), key, value);
        if (signer != null) {
            // The key as the StringSerializer writes it (UTF-8): the job verifies the bytes it reads.
            byte[] keyBytes = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
            out.headers().add(HostSignatures.HEADER, signer.sign(topic.name(), keyBytes, value));
        }
        producer.send(out, (meta, error) -> {
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
