package io.sigmaflow.client;

import io.sigmaflow.connectors.serde.AvroCodec;
import io.sigmaflow.connectors.serde.UndecodableRecordException;
import io.sigmaflow.connectors.topics.Topic;
import io.sigmaflow.schema.RequestOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The client's one reader of the outcomes topic: a thread with one consumer, assigned every
 * partition (no group, nothing committed) from the first send's time less a look-back, found with
 * {@code offsetsForTimes}; from then on it only moves forward. Each outcome goes to the
 * {@link Submission} of its request id; the others are skipped after decoding nothing but the
 * bytes (the topic is keyed by app, and one partition holds many apps).
 */
final class OutcomeFollower implements AutoCloseable {
    private final Topic<RequestOutcome> topic;
    private final Properties consumerProperties;
    private final Duration timeout;
    private final AvroCodec<RequestOutcome> codec = AvroCodec.of(RequestOutcome.class);
    private final Map<String, Submission> open = new ConcurrentHashMap<>();
    private final CountDownLatch positioned = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile SigmaClientException failure;
    private KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;

    OutcomeFollower(Topic<RequestOutcome> topic, Properties kafka, Duration timeout) {
        this.topic = topic;
        this.timeout = timeout;
        this.consumerProperties = new Properties();
        consumerProperties.putAll(kafka);
        // Only what the job's checkpoints committed: never an outcome it rolled back.
        consumerProperties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerProperties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // Where offsetsForTimes finds nothing yet: the end, i.e. what comes next.
        consumerProperties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        // Outcomes are small and people wait for them: answer a fetch as soon as there is one.
        consumerProperties.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100");
    }

    /**
     * Follows the topic from {@code fromMs} (a timestamp) on, once: later calls do nothing, since
     * every later request's outcomes come after the first's. Returns once the consumer is positioned.
     */
    synchronized void start(long fromMs) {
        if (thread != null) {
            return;
        }
        consumer = new KafkaConsumer<>(consumerProperties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        thread = new Thread(() -> run(fromMs), "sigma-client-outcomes");
        thread.setDaemon(true);
        thread.start();
        try {
            // Twice the timeout: the reader's own calls are bounded by it and name the cause; this
            // bound is for a thread that never got to run (a machine under heavy load).
            if (!positioned.await(2 * timeout.toMillis() + 2000, TimeUnit.MILLISECONDS)) {
                fail(new SigmaClientException("no answer from Kafka within " + (2 * timeout.toMillis() + 2000)
                        + " ms (bootstrap " + consumerProperties.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG)
                        + "): could not position a reader on " + topic.name()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Routes the outcomes of {@code s}'s request id to it from now on (before it is sent). */
    Submission track(Submission s) {
        if (failure != null) {
            throw failure;
        }
        Submission existing = open.putIfAbsent(s.requestId(), s);
        Submission tracked = existing != null ? existing : s;
        tracked.outcome().whenComplete((o, e) -> open.remove(tracked.requestId(), tracked));
        return tracked;
    }

    private void run(long fromMs) {
        try {
            List<TopicPartition> partitions = partitions();
            consumer.assign(partitions);
            Map<TopicPartition, Long> times = new HashMap<>();
            partitions.forEach(tp -> times.put(tp, fromMs));
            Map<TopicPartition, OffsetAndTimestamp> from = consumer.offsetsForTimes(times, timeout);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            for (TopicPartition tp : partitions) {
                OffsetAndTimestamp at = from.get(tp);
                consumer.seek(tp, at != null ? at.offset() : end.get(tp));
            }
            positioned.countDown();
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    deliver(r);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            fail(e instanceof SigmaClientException s ? s
                    : new SigmaClientException("reading " + topic.name() + " failed: " + e, e));
        } finally {
            positioned.countDown();
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void deliver(ConsumerRecord<byte[], byte[]> r) {
        if (r.value() == null || open.isEmpty()) {
            return;
        }
        RequestOutcome o;
        try {
            o = codec.decode(r.value());
        } catch (UndecodableRecordException e) {
            return; // the job's sinks write only outcomes; anything else is not ours to answer
        }
        Submission s = open.get(o.getRequestId());
        if (s != null) {
            s.offer(Outcome.of(o));
        }
    }

    private List<TopicPartition> partitions() {
        List<PartitionInfo> infos;
        try {
            infos = consumer.partitionsFor(topic.name(), timeout);
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new SigmaClientException("no answer from Kafka within " + timeout.toMillis() + " ms (bootstrap "
                    + consumerProperties.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG) + ")", e);
        }
        if (infos == null || infos.isEmpty()) {
            throw new SigmaClientException("topic " + topic.name() + " does not exist (is the topic prefix right?"
                    + " ./sigma topics creates the topics)");
        }
        List<TopicPartition> out = new ArrayList<>();
        infos.forEach(i -> out.add(new TopicPartition(i.topic(), i.partition())));
        return out;
    }

    private void fail(SigmaClientException e) {
        failure = e;
        running = false;
        open.values().forEach(s -> s.fail(e));
    }

    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            t = thread;
        }
        running = false;
        if (t != null) {
            consumer.wakeup();
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        SigmaClientException closed = new SigmaClientException("the client was closed before the outcome came");
        open.values().forEach(s -> s.fail(closed));
    }
}
