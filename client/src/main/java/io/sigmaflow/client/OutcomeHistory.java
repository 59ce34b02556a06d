package io.sigmaflow.client;

import io.sigmaflow.connectors.serde.AvroCodec;
import io.sigmaflow.connectors.serde.UndecodableRecordException;
import io.sigmaflow.connectors.topics.Topic;
import io.sigmaflow.connectors.view.LatestOutcomes;
import io.sigmaflow.schema.RequestOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Each app's latest outcome over a window of the outcomes topic: from {@code offsetsForTimes(now -
 * since)} to the end the topic had when the read began, only the partitions that hold the asked
 * apps (the topic is keyed by app). A one-shot read for status and listings. A request's ACCEPTED
 * read after its own answer does not replace it ({@link LatestOutcomes}).
 */
final class OutcomeHistory {
    private OutcomeHistory() {}

    static Map<String, Outcome> latest(Topic<RequestOutcome> topic, Properties kafka, Collection<String> apps,
                                       Duration since, Duration timeout) {
        Properties p = new Properties();
        p.putAll(kafka);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100");
        AvroCodec<RequestOutcome> codec = AvroCodec.of(RequestOutcome.class);
        Map<String, RequestOutcome> latest = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos;
            try {
                infos = consumer.partitionsFor(topic.name(), timeout);
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                throw new SigmaClientException("no answer from Kafka at " + kafka.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG)
                        + " within " + timeout.toMillis() + " ms", e);
            }
            if (infos == null || infos.isEmpty()) {
                throw new SigmaClientException("topic " + topic.name() + " does not exist (check the topic prefix)");
            }
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : infos) {
                TopicPartition tp = new TopicPartition(info.topic(), info.partition());
                boolean wanted = apps == null || apps.stream().anyMatch(a -> Topic.partitionOf(a, infos.size()) == info.partition());
                if (wanted) {
                    partitions.add(tp);
                }
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> times = new HashMap<>();
            long from = System.currentTimeMillis() - since.toMillis();
            partitions.forEach(tp -> times.put(tp, from));
            Map<TopicPartition, OffsetAndTimestamp> start = consumer.offsetsForTimes(times, timeout);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            List<TopicPartition> behind = new ArrayList<>();
            for (TopicPartition tp : partitions) {
                OffsetAndTimestamp at = start.get(tp);
                consumer.seek(tp, at != null ? at.offset() : end.get(tp));
                if (consumer.position(tp, timeout) < end.get(tp)) {
                    behind.add(tp);
                }
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!behind.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new SigmaClientException("could not read " + topic.name() + " to its end within " + timeout.toMillis() + " ms");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    if (r.value() == null || r.offset() >= end.get(new TopicPartition(r.topic(), r.partition()))) {
                        continue;
                    }
                    try {
                        RequestOutcome o = codec.decode(r.value());
                        if (apps == null || apps.contains(o.getAppId())) {
                            LatestOutcomes.offer(latest, o.getAppId(), o);
                        }
                    } catch (UndecodableRecordException e) {
                        // not an outcome: nothing to report
                    }
                }
                // Positions move past transaction markers too: compare positions, not offsets.
                behind.removeIf(tp -> consumer.position(tp, timeout) >= end.get(tp));
            }
        }
        Map<String, Outcome> out = new TreeMap<>();
        latest.forEach((app, o) -> out.put(app, Outcome.of(o)));
        return out;
    }
}
