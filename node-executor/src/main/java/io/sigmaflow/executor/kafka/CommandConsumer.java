package io.sigmaflow.executor.kafka;

import io.sigmaflow.connectors.security.KafkaClientConfig;
import io.sigmaflow.connectors.serde.AvroCodec;
import io.sigmaflow.connectors.serde.UndecodableRecordException;
import io.sigmaflow.connectors.topics.Topic;
import io.sigmaflow.connectors.topics.Topics;
import io.sigmaflow.executor.pod.HostView;
import io.sigmaflow.executor.pod.PlacementApplier;
import io.sigmaflow.executor.pod.PriorityApplier;
import io.sigmaflow.executor.report.StatusSink;
import io.sigmaflow.schema.DeadLetter;
import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.PriorityChange;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.InvalidOffsetException;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.NoOffsetForPartitionException;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor's one Kafka consumer, on its own thread: reads only the partitions that hold
 * this node's placements and priority changes (keyed by node id), applies the records meant for
 * this node, and commits their offsets only after the effects are applied and the statuses they
 * produced are acknowledged. Within a batch, a placement superseded by a later one for the same
 * pod is skipped (final state wins). {@link #shutdown()} stops it between two records: the record
 * in flight is finished (or rolled back by its step timeout), then offsets are committed.
 *
 * <p>Errors by kind: undecodable records go to the dead-letter topic and are committed; a
 * missing committed offset or one out of range restarts from the beginning (effects are
 * idempotent); a failed commit is retried a few times, then left to the next one (replays are
 * harmless); anything else stops the executor, uncommitted, for its supervisor to restart.
 */
public final class CommandConsumer implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(CommandConsumer.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final int COMMIT_ATTEMPTS = 5;
    // How often the partition counts are compared with those assigned (from the consumer's cached
    // metadata, refreshed every metadata.max.age.ms: 5 min by default).
    private static final long PARTITION_CHECK_NANOS = Duration.ofSeconds(30).toNanos();

    private final String nodeId;
    private final Topic<Placement> placements;
    private final Topic<PriorityChange> priorities;
    private final KafkaConsumer<String, byte[]> consumer;
    private final PlacementApplier placementApplier;
    private final PriorityApplier priorityApplier;
    private final HostView view;
    private final StatusSink sink;
    private final Consumer<Throwable> onFatal;
    private final AvroCodec<Placement> placementCodec = AvroCodec.of(Placement.class);
    private final AvroCodec<PriorityChange> priorityCodec = AvroCodec.of(PriorityChange.class);
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong ignored = new AtomicLong();
    // Apply latency (lock wait included: it is what a placement waits for), as a summary.
    private final AtomicLong applyCount = new AtomicLong();
    private final AtomicLong applyNanos = new AtomicLong();
    private final Map<String, Integer> assignedCounts = new HashMap<>();
    private long nextPartitionCheck;
    private volatile boolean running = true;

    public CommandConsumer(String nodeId, String bootstrap, String groupId, Topics topics, PlacementApplier placementApplier,
            PriorityApplier priorityApplier, HostView view, StatusSink sink, Consumer<Throwable> onFatal) {
        this.nodeId = nodeId;
        this.placements = topics.placements();
        this.priorities = topics.priorityChanges();
        this.placementApplier = placementApplier;
        this.priorityApplier = priorityApplier;
        this.view = view;
        this.sink = sink;
        this.onFatal = onFatal;
        Properties props = new Properties();
        props.putAll(KafkaClientConfig.clientProperties(bootstrap));
        // Used for committed offsets only: partitions are assigned, never subscribed (no rebalances).
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, groupId);
        // Offsets are committed by hand, after the effect is applied.
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // Placements come from the job's exactly-once sink: never act on an aborted transaction.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // No silent reset: a missing or lost offset is handled (and logged) in the loop.
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        // Bounds the work redone after a crash (effects are idempotent, but restarts cost time).
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "100");
        // An idle executor re-fetches every fetch.max.wait.ms (500 ms by default): 20,000 fetches/s
        // at the brokers for 10,000 idle hosts. A parked fetch returns as soon as a record arrives,
        // so the longer wait costs no latency (docs/decisions.md, "what each host reads").
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "5000");
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** Records applied (not duplicates) and records of other nodes skipped, since start. */
    public long applied() {
        return applied.get();
    }

    public long ignored() {
        return ignored.get();
    }

    /** Commands of this node applied (duplicates included), since start; with {@link #applySeconds()} a latency summary. */
    public long applyCount() {
        return applyCount.get();
    }

    /** Total time spent applying this node's commands, in seconds. */
    public double applySeconds() {
        return applyNanos.get() / 1e9;
    }

    /** Asks the loop to stop after the record in flight; safe from any thread. */
    public void shutdown() {
        running = false;
        consumer.wakeup();
    }

    @Override
    public void run() {
        try {
            if (!assign()) {
                return;
            }
            while (running) {
                ConsumerRecords<String, byte[]> batch;
                try {
                    batch = consumer.poll(POLL);
                } catch (NoOffsetForPartitionException e) {
                    // First start of this node, or nothing was ever committed there.
                    LOG.info("no committed offset for {}: reading from the beginning", e.partitions());
                    consumer.seekToBeginning(e.partitions());
                    continue;
                } catch (InvalidOffsetException e) {
                    LOG.warn("committed offset out of range for {} (retention passed it?): reading from the beginning;"
                            + " effects already applied are skipped by generation", e.partitions());
                    consumer.seekToBeginning(e.partitions());
                    continue;
                }
                if (!batch.isEmpty()) {
                    Map<TopicPartition, OffsetAndMetadata> done = handle(batch);
                    sink.flush();
                    commit(done);
                }
                checkPartitionCounts();
            }
        } catch (WakeupException e) {
            if (running) {
                onFatal.accept(e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // Authentication, authorization, a deleted topic, a ledger that cannot be written:
            // nothing more is committed, so a restarted executor redoes exactly what is missing.
            LOG.error("node-executor {}: consumer stopped: {}", nodeId, e.toString(), e);
            onFatal.accept(e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Assigns this node's partitions, waiting for the topics to exist; false when shut down meanwhile. */
    private boolean assign() throws InterruptedException {
        List<TopicPartition> parts = new ArrayList<>();
        for (Topic<?> topic : List.of(placements, priorities)) {
            while (true) {
                List<PartitionInfo> infos;
                try {
                    infos = consumer.partitionsFor(topic.name(), Duration.ofSeconds(5));
                } catch (WakeupException e) {
                    return false;
                } catch (RetriableException e) {
                    infos = List.of();
                }
                if (infos != null && !infos.isEmpty()) {
                    parts.add(new TopicPartition(topic.name(), Topic.partitionOf(nodeId, infos.size())));
                    assignedCounts.put(topic.name(), infos.size());
                    break;
                }
                if (!running) {
                    return false;
                }
                LOG.warn("waiting for topic {} (create it with ./sigma topics)", topic.name());
                Thread.sleep(1_000);
            }
        }
        consumer.assign(parts);
        nextPartitionCheck = System.nanoTime() + PARTITION_CHECK_NANOS;
        LOG.info("node {} reads {}", nodeId, parts);
        return true;
    }

    /**
     * Stops the executor (uncommitted work: none, this runs between batches) when a host-facing
     * topic has gained partitions since it was assigned: this node's records now go to another
     * partition, which a restart assigns. Growing these topics is a planned step (docs/decisions.md,
     * "growing the host-facing topics"); this makes a forgotten restart a logged exit, not silence.
     */
    private void checkPartitionCounts() {
        long now = System.nanoTime();
        if (now - nextPartitionCheck < 0) {
            return;
        }
        nextPartitionCheck = now + PARTITION_CHECK_NANOS;
        for (Map.Entry<String, Integer> e : assignedCounts.entrySet()) {
            List<PartitionInfo> infos;
            try {
                infos = consumer.partitionsFor(e.getKey(), Duration.ofSeconds(5));
            } catch (RetriableException ex) {
                continue; // checked again next time
            }
            if (infos != null && !infos.isEmpty() && infos.size() != e.getValue()) {
                throw new IllegalStateException("topic " + e.getKey() + " has " + infos.size() + " partitions, "
                        + e.getValue() + " when this executor started: node " + nodeId + "'s records are now in partition "
                        + Topic.partitionOf(nodeId, infos.size()) + "; stopping so a restart reads it");
            }
        }
    }

    /** Applies a batch; returns the offsets of the records that are done. */
    private Map<TopicPartition, OffsetAndMetadata> handle(ConsumerRecords<String, byte[]> batch) throws InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        for (TopicPartition tp : batch.partitions()) {
            List<ConsumerRecord<String, byte[]>> records = batch.records(tp);
            boolean isPlacements = tp.topic().equals(placements.name());
            List<Object> decoded = new ArrayList<>(records.size());
            Map<String, Integer> lastIndexOfPod = new HashMap<>();
            for (int i = 0; i < records.size(); i++) {
                Object value = decode(records.get(i), isPlacements);
                decoded.add(value);
                if (value instanceof Placement p) {
                    lastIndexOfPod.put(p.getPodId(), i);
                }
            }
            for (int i = 0; i < records.size(); i++) {
                if (!running) {
                    return done;
                }
                Object value = decoded.get(i);
                boolean superseded = value instanceof Placement p && lastIndexOfPod.get(p.getPodId()) != i;
                if (value != null && !superseded) {
                    apply(value, records.get(i));
                }
                done.put(tp, new OffsetAndMetadata(records.get(i).offset() + 1));
            }
        }
        return done;
    }

    private void apply(Object value, ConsumerRecord<String, byte[]> source) throws InterruptedException {
        long begin = System.nanoTime();
        view.effects().lock();
        try {
            if (value instanceof Placement p) {
                PlacementApplier.Result r = placementApplier.apply(p);
                if (r != PlacementApplier.Result.DUPLICATE && r != PlacementApplier.Result.OTHER_NODE) {
                    applied.incrementAndGet();
                }
            } else if (value instanceof PriorityChange c) {
                priorityApplier.apply(c).ifPresent(r -> {
                    if (r.applied()) {
                        applied.incrementAndGet();
                    }
                    if (!r.problems().isEmpty()) {
                        sink.deadLetter(letter(source.topic(), source.partition(), source.offset(), source.key(), source.value(),
                                "INVALID", "priority change generation " + c.getGeneration() + ": settings skipped (the others"
                                        + " were applied): " + r.problems()));
                    }
                });
            }
        } finally {
            view.effects().unlock();
            applyNanos.addAndGet(System.nanoTime() - begin);
            applyCount.incrementAndGet();
        }
    }

    /** The record's value when it is for this node, null when it is not (or is dead-lettered). */
    private Object decode(ConsumerRecord<String, byte[]> r, boolean isPlacement) {
        if (!nodeId.equals(r.key())) {
            ignored.incrementAndGet();
            return null;
        }
        try {
            Object value = isPlacement ? placementCodec.decode(r.value()) : priorityCodec.decode(r.value());
            String valueNode = value instanceof Placement p ? p.getNodeId() : ((PriorityChange) value).getNodeId();
            if (!nodeId.equals(valueNode)) {
                // Keyed to us but addressed to another node: a producer bug; never act on it.
                sink.deadLetter(letter(r.topic(), r.partition(), r.offset(), r.key(), r.value(), "INVALID",
                        "keyed by node " + nodeId + " but addressed to node " + valueNode));
                return null;
            }
            return value;
        } catch (UndecodableRecordException e) {
            sink.deadLetter(letter(r.topic(), r.partition(), r.offset(), r.key(), r.value(), e.errorType().name(), e.getMessage()));
            LOG.warn("dead-lettered {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
            return null;
        }
    }

    private DeadLetter letter(String topic, int partition, long offset, String key, byte[] value, String type, String reason) {
        return DeadLetter.newBuilder()
                .setReason(reason)
                .setErrorType(type)
                .setSourceTopic(topic)
                .setSourcePartition(partition)
                .setSourceOffset(offset)
                .setKey(key == null ? null : ByteBuffer.wrap(key.getBytes(StandardCharsets.UTF_8)))
                .setValue(value == null ? null : ByteBuffer.wrap(value))
                .setStage("node-executor " + nodeId)
                .setFailedAtMs(System.currentTimeMillis())
                .build();
    }

    private void commit(Map<TopicPartition, OffsetAndMetadata> offsets) throws InterruptedException {
        if (offsets.isEmpty()) {
            return;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                consumer.commitSync(offsets);
                return;
            } catch (WakeupException e) {
                // shutdown() woke the consumer; the commit itself must still happen.
                if (attempt >= COMMIT_ATTEMPTS) {
                    throw e;
                }
            } catch (RetriableException e) {
                if (attempt >= COMMIT_ATTEMPTS) {
                    LOG.warn("commit of {} failed {} times ({}); the records will be replayed and skipped as duplicates",
                            offsets, attempt, e.toString());
                    return;
                }
                Thread.sleep(200L * attempt);
            }
        }
    }
}
