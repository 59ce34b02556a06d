package io.sigmaflow.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.connectors.admin.TopicAdmin;
import io.sigmaflow.connectors.serde.AvroCodec;
import io.sigmaflow.connectors.testing.SharedKafka;
import io.sigmaflow.connectors.topics.Topics;
import io.sigmaflow.schema.OutcomeStatus;
import io.sigmaflow.schema.PlacementRequest;
import io.sigmaflow.schema.RequestOutcome;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * How the client follows outcomes, on a real broker, with the test writing the outcomes the job
 * would (the job itself answers in cli's AppCommandIT): the reader starts at the send time less the
 * look-back, found by timestamp, so an older outcome of the same request id is never taken for the
 * answer, and outcomes of other requests in the same partition are passed over.
 */
class OutcomeFollowerIT {
    @Test
    void outcomesBeforeTheSendAreNotReadAndOthersAreSkipped() throws Exception {
        Topics topics = Topics.of(SharedKafka.uniquePrefix("follower"), 2);
        try (TopicAdmin admin = new TopicAdmin(SharedKafka.bootstrapServers())) {
            admin.ensure(topics.all());
        }
        Properties p = new Properties();
        p.put("bootstrap.servers", SharedKafka.bootstrapServers());
        AvroCodec<RequestOutcome> codec = AvroCodec.of(RequestOutcome.class);
        try (KafkaProducer<byte[], byte[]> job = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
                SigmaClient sigma = SigmaClient.builder().bootstrapServers(SharedKafka.bootstrapServers())
                        .topicPrefix(topics.prefix()).lookBack(Duration.ofSeconds(30)).build()) {
            PlacementRequest scale = Requests.scale("web", 3, "it");
            // An answer to the same id from ten minutes ago (a request id reused long after): not this send's.
            long old = System.currentTimeMillis() - Duration.ofMinutes(10).toMillis();
            send(job, topics, codec, outcome(scale.getRequestId(), OutcomeStatus.REJECTED), old);
            send(job, topics, codec, outcome("someone-else", OutcomeStatus.PLACED), null);

            Submission s = sigma.submit(scale);
            s.sent().get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThrows(OutcomeTimeoutException.class, () -> s.await(Duration.ofMillis(1500)));
            assertEquals(0, s.outcomes().size(), s.outcomes().toString());

            send(job, topics, codec, outcome(scale.getRequestId(), OutcomeStatus.ACCEPTED), null);
            send(job, topics, codec, outcome("someone-else", OutcomeStatus.PENDING), null);
            send(job, topics, codec, outcome(scale.getRequestId(), OutcomeStatus.PLACED), null);
            Outcome done = s.await(Duration.ofSeconds(30));
            assertEquals(OutcomeStatus.PLACED, done.status());
            assertEquals(2, s.outcomes().size(), s.outcomes().toString());
            assertTrue(done.isDone());

            // A resend while the first is still being placed: its DUPLICATE does not end the wait.
            PlacementRequest publish = PlacementRequest.newBuilder(scale).setRequestId("publish-web-x").build();
            Submission first = sigma.submit(publish);
            send(job, topics, codec, outcome("publish-web-x", OutcomeStatus.ACCEPTED), null);
            Submission resend = sigma.submit(publish);
            assertEquals(first, resend);
            send(job, topics, codec, outcome("publish-web-x", OutcomeStatus.DUPLICATE), null);
            send(job, topics, codec, outcome("publish-web-x", OutcomeStatus.PLACED), null);
            assertEquals(OutcomeStatus.PLACED, resend.await(Duration.ofSeconds(30)).status());
        }
    }

    private static RequestOutcome outcome(String requestId, OutcomeStatus status) {
        return RequestOutcome.newBuilder().setRequestId(requestId).setAppId("web").setStatus(status).setDesired(3)
                .setPlaced(status == OutcomeStatus.PLACED ? 3 : 0).setPendingReasons(Map.of()).build();
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, Topics topics, AvroCodec<RequestOutcome> codec,
                             RequestOutcome o, Long timestamp) throws Exception {
        producer.send(new ProducerRecord<>(topics.outcomes().name(), null, timestamp, "web".getBytes(StandardCharsets.UTF_8),
                codec.encode(o))).get();
    }
}
