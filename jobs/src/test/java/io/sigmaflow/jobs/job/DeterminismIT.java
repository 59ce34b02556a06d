package io.sigmaflow.jobs.job;

import static io.sigmaflow.jobs.testing.JobRecords.publish;
import static io.sigmaflow.jobs.testing.JobRecords.register;
import static io.sigmaflow.jobs.testing.JobRecords.template;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sigmaflow.connectors.serde.AvroCodec;
import io.sigmaflow.connectors.testing.SharedKafka;
import io.sigmaflow.connectors.topics.Topic;
import io.sigmaflow.jobs.testing.RunningJob;
import io.sigmaflow.schema.NodeEvent;
import io.sigmaflow.schema.OutcomeStatus;
import io.sigmaflow.schema.RequestOutcome;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * The same bounded input (same records, same Kafka timestamps) through two runs of the job at
 * parallelism 2 gives the same placements: the app side and the partitions apply requests, node
 * changes and commands in event-time order whatever the interleaving of their channels, and a
 * pod's first route depends only on the input. Every record is in Kafka before the job starts (a
 * replay); many requests share a timestamp, so ties must be broken the same way too; several pods
 * compete for the same hosts, so the order of commits decides where they go.
 */
class DeterminismIT {
    private static final Duration WAIT = Duration.ofSeconds(180); // generous: runs took 260 s under a load average of 17
    /**
     * Both runs' event times, recent: the input topics keep records a week, and under load (runs of
     * minutes) the broker's retention check deleted requests stamped with a fixed 2023 date before the
     * job read them (the second run then placed nothing).
     */
    private static final long T0 = System.currentTimeMillis() - 60_000;

    @Test
    void sameBoundedInputSameParallelismSamePlacements() throws Exception {
        Map<String, String> first = run("determinism-a");
        Map<String, String> second = run("determinism-b");
        assertEquals(62, first.size(), "every pod placed");
        assertEquals(first, second);
    }

    private static Map<String, String> run(String name) throws Exception {
        try (RunningJob job = RunningJob.prepare(name, Map.of(PlacementJobConfig.READ_MODE, "BOUNDED"));
             KafkaProducer<byte[], byte[]> producer = producer()) {
            List<NodeEvent> nodes = new ArrayList<>();
            for (int s = 0; s < 2; s++) {
                for (int c = 0; c < 2; c++) {
                    for (int h = 0; h < 4; h++) {
                        nodes.add(register("s" + s + "-c" + c + "-h" + h, "s" + s, "s" + s + "-c" + c, 6000 + 1000L * h, 16384));
                    }
                }
            }
            for (int i = 0; i < nodes.size(); i++) {
                send(producer, job.topics.nodeEvents(), nodes.get(i), T0 + i);
            }

            Set<String> apps = new HashSet<>();
            int pods = 0;
            for (int i = 0; i < 16; i++) {
                int replicas = 2 + i % 5;
                long cpu = 500L * (1 + i % 3);
                // four requests per timestamp: ties are broken by app id, on every partition alike
                send(producer, job.topics.requests(), publish("r" + i, "app" + i, replicas, template(cpu, 1024)),
                        T0 + 1000 + i / 4);
                apps.add("app" + i);
                pods += replicas;
            }
            producer.flush();
            job.start(2);
            int expected = pods;
            job.kafka.consumeUntil(job.topics.outcomes(), l -> placed(l) == apps.size(), WAIT);
            return RunningJob.bound(job.placements(l -> RunningJob.bound(l).size() >= expected, WAIT));
        }
    }

    private static long placed(List<RequestOutcome> outcomes) {
        return outcomes.stream().filter(o -> o.getStatus() == OutcomeStatus.PLACED).count();
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        // As KafkaTestClient: an idempotent producer on a fresh topic lost every record under heavy
        // load (OutOfOrderSequenceException until the delivery timeout), and a run placed nothing.
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Sends with an explicit timestamp: both runs see the same event times. */
    private static <T extends SpecificRecord> void send(KafkaProducer<byte[], byte[]> producer, Topic<T> topic, T value,
                                                        long timestamp) {
        try {
            producer.send(new ProducerRecord<>(topic.name(), null, timestamp,
                    topic.keyOf(value).getBytes(StandardCharsets.UTF_8), AvroCodec.of(topic.recordType()).encode(value))).get();
        } catch (Exception e) {
            throw new IllegalStateException("a test record to " + topic.name() + " was not written", e);
        }
    }
}
