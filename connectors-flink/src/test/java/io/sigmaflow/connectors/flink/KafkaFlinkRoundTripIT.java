package io.sigmaflow.connectors.flink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.connectors.admin.TopicAdmin;
import io.sigmaflow.connectors.flink.FlinkKafka.ReadMode;
import io.sigmaflow.connectors.serde.AvroCodec;
import io.sigmaflow.connectors.testing.FlinkTestConfig;
import io.sigmaflow.connectors.testing.KafkaTestClient;
import io.sigmaflow.connectors.testing.SampleRecords;
import io.sigmaflow.connectors.testing.SharedKafka;
import io.sigmaflow.connectors.topics.Topic;
import io.sigmaflow.connectors.topics.Topics;
import io.sigmaflow.schema.DeadLetter;
import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.PodState;
import io.sigmaflow.schema.PodStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Avro records through the real local broker and a Flink job on a mini cluster with RocksDB and
 * checkpoints: a KafkaSource, keyed state, an exactly-once KafkaSink, and dead letters for
 * corrupt input.
 */
class KafkaFlinkRoundTripIT {

    /** Counts placements per node in RocksDB-backed state and reports each as a running pod. */
    static final class CountPerNode extends KeyedProcessFunction<String, Placement, PodStatus> {
        private transient ValueState<Long> seen;

        @Override
        public void open(OpenContext ctx) {
            seen = getRuntimeContext().getState(new ValueStateDescriptor<>("seen", Long.class));
        }

        @Override
        public void processElement(Placement p, Context ctx, Collector<PodStatus> out) throws Exception {
            long n = seen.value() == null ? 1 : seen.value() + 1;
            seen.update(n);
            out.collect(new PodStatus(p.getNodeId(), p.getPodId(), p.getAppId(), n, PodState.RUNNING, null, null, 0L));
        }
    }

    @Test
    void recordsFlowThroughFlinkExactlyOnceAndCorruptInputBecomesDeadLetters(@TempDir Path checkpoints) throws Exception {
        String bootstrap = SharedKafka.bootstrapServers();
        Topics topics = Topics.of(SharedKafka.uniquePrefix("roundtrip"), 2);
        try (TopicAdmin admin = new TopicAdmin(bootstrap)) {
            TopicAdmin.Report first = admin.ensure(topics.all());
            assertEquals(topics.all().size(), first.created().size());
            TopicAdmin.Report second = admin.ensure(topics.all());
            assertEquals(List.of(), second.created());
            assertEquals(topics.all().size(), second.existing().size());
        }

        List<Placement> input = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            input.add(SampleRecords.placement("pod-" + i, "node-" + (i % 7), i));
        }
        byte[] corrupt = "definitely not avro".getBytes(StandardCharsets.UTF_8);
        byte[] foreign = AvroCodec.of(PodStatus.class).encode(
                new PodStatus("node-1", "x", null, 1L, PodState.RUNNING, null, null, 0L));
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            kafka.produce(topics.placements(), input.subList(0, 30));
            kafka.produceRaw(topics.placements().name(), "node-1", corrupt);
            kafka.produceRaw(topics.placements().name(), "node-2", foreign);
            kafka.produce(topics.placements(), input.subList(30, 60));

            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(
                    2, FlinkTestConfig.rocksDbWithCheckpoints(checkpoints, Duration.ofMillis(300)));
            FlinkKafka flinkKafka = new FlinkKafka(KafkaEndpoint.exactlyOnce(bootstrap, topics.prefix() + "job"));
            DecodedStream<Placement> placements =
                    flinkKafka.read(env, topics.placements(), ReadMode.BOUNDED, RecordValidator.acceptAll());
            flinkKafka.write(placements.records()
                    .keyBy(Placement::getNodeId)
                    .process(new CountPerNode(), FlinkKafka.typeInfo(PodStatus.class))
                    .name("Count per node").uid("count-per-node"), topics.podStatus());
            flinkKafka.writeDeadLetters(topics.deadLetters(), placements.deadLetters());
            JobExecutionResult result = env.execute("round trip");
            assertTrue(result.getNetRuntime() > 0);

            List<PodStatus> statuses = kafka.consume(topics.podStatus(), 60, Duration.ofSeconds(30));
            assertEquals(60, statuses.size(), "exactly once: nothing lost, nothing doubled");
            Map<String, Long> perNode = statuses.stream().collect(Collectors.groupingBy(PodStatus::getNodeId, Collectors.counting()));
            Map<String, Long> expected = input.stream().collect(Collectors.groupingBy(Placement::getNodeId, Collectors.counting()));
            assertEquals(expected, perNode);
            for (String node : expected.keySet()) {
                List<Long> generations = statuses.stream().filter(s -> s.getNodeId().equals(node)).map(PodStatus::getGeneration).sorted().toList();
                assertEquals(expected.get(node), generations.get(generations.size() - 1), "keyed state counted every placement of " + node);
            }

            List<ConsumerRecord<byte[], byte[]>> raw =
                    kafka.consumeRawUntil(topics.podStatus().name(), l -> l.size() >= 60, Duration.ofSeconds(10));
            for (ConsumerRecord<byte[], byte[]> r : raw) {
                String key = new String(r.key(), StandardCharsets.UTF_8);
                assertEquals(Topic.partitionOf(key, 2), r.partition(), "sink partitions by key like a plain producer");
            }

            List<DeadLetter> dead = kafka.consume(topics.deadLetters(), 2, Duration.ofSeconds(30));
            assertEquals(2, dead.size());
            DeadLetter corruptLetter = dead.stream().filter(d -> d.getErrorType().equals("NOT_SINGLE_OBJECT")).findFirst().orElseThrow();
            assertArrayEquals(corrupt, corruptLetter.getValue().array());
            assertEquals(topics.placements().name(), corruptLetter.getSourceTopic());
            assertTrue(corruptLetter.getReason().contains("not an Avro single-object encoded Placement"));
            DeadLetter foreignLetter = dead.stream().filter(d -> d.getErrorType().equals("UNKNOWN_SCHEMA")).findFirst().orElseThrow();
            assertTrue(foreignLetter.getReason().contains("a PodStatus where a Placement was expected"), foreignLetter.getReason());
        }
    }
}
