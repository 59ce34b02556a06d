package io.sigmaflow.client;

import io.sigmaflow.connectors.rules.RequestFieldRules;
import io.sigmaflow.connectors.serde.AvroCodec;
import io.sigmaflow.connectors.topics.Topic;
import io.sigmaflow.connectors.topics.Topics;
import io.sigmaflow.schema.PlacementRequest;
import io.sigmaflow.schema.PodTemplate;
import io.sigmaflow.schema.UpgradePolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import io.sigmaflow.connectors.security.KafkaClientConfig;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * What a release system embeds to talk to SigmaFlow: sends requests to {@code sigma.requests} and
 * follows their outcomes on {@code sigma.outcomes}. Thread-safe; one per process is enough (it holds
 * one producer and one outcome reader). Every request is checked against the job's own field rules
 * before it is sent ({@link InvalidRequestException} names each problem), then returns a
 * {@link Submission} at once: its request id, the outcomes as they come, a future of the final one.
 *
 * <pre>{@code
 * try (SigmaClient sigma = SigmaClient.builder()
 *         .bootstrapServers("kafka-1:9092,kafka-2:9092")
 *         .kafkaProperty("security.protocol", "SSL")          // any Kafka client setting
 *         .sendTimeout(Duration.ofSeconds(10))
 *         .build()) {
 *     AppSpec web = AppSpecFiles.read(Path.of("web.yaml"));   // or AppSpec.builder("web")...build()
 *     Submission publish = sigma.publish(web);
 *     publish.onOutcome(o -> log.info("{} {}: {} of {} placed", o.requestId(), o.status(), o.placed(), o.desired()));
 *     Outcome done = publish.await(Duration.ofMinutes(2));
 *     switch (done.status()) {
 *         case PLACED -> log.info("web is up");
 *         case PARTIALLY_PLACED, PENDING -> log.warn("{} pods wait: {}", done.pending(), done.reasonsText());
 *         case REJECTED -> log.error("refused, field {}: {}", done.rejectedField(), done.message());
 *         default -> log.info("{}", done);
 *     }
 *     sigma.scale("web", 20).await(Duration.ofMinutes(2));
 * } catch (InvalidRequestException e) {
 *     e.problems().forEach(System.err::println);               // nothing was sent
 * } catch (OutcomeTimeoutException e) {
 *     // sent, no final answer in time: wait again, or resend with the same id (done once)
 * }
 * }</pre>
 *
 * <p><b>Resends.</b> The job does a request id once: build the request with {@link Requests} (it
 * gets its id there), {@link #submit} it, and after a send failed or a wait ran out submit the same
 * request again; waiting on it follows the same request, and the job applies it once.
 */
public final class SigmaClient implements AutoCloseable {
    private final Topics topics;
    private final Properties kafka;
    private final Duration sendTimeout;
    private final Duration lookBack;
    private final String submitter;
    private final AvroCodec<PlacementRequest> codec = AvroCodec.of(PlacementRequest.class);
    private final OutcomeFollower follower;
    private KafkaProducer<byte[], byte[]> producer;

    private SigmaClient(Builder b) {
        this.topics = Topics.of(b.topicPrefix, 0);
        this.kafka = new Properties();
        // nothing given: the process's file (--kafka-config / SIGMAFLOW_KAFKA_CONFIG), else plaintext
        kafka.putAll(b.kafka.isEmpty() ? KafkaClientConfig.current().properties() : b.kafka);
        kafka.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, b.bootstrapServers);
        this.sendTimeout = b.sendTimeout;
        this.lookBack = b.lookBack;
        this.submitter = b.submitter;
        this.follower = new OutcomeFollower(topics.outcomes(), kafka, sendTimeout);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Creates the app: {@code spec.replicas()} pods of its template (PUBLISH). */
    public Submission publish(AppSpec spec) {
        return submit(Requests.publish(spec, submitter));
    }

    /** Sets a published app's replicas (SCALE). */
    public Submission scale(String app, int replicas) {
        return submit(Requests.scale(app, replicas, submitter));
    }

    /**
     * Rolls the app to {@code spec}'s template and replicas (UPGRADE) within {@code policy}
     * (null: the spec's {@code upgrade}, else the app's current limits).
     */
    public Submission upgrade(AppSpec spec, UpgradePolicy policy) {
        return submit(Requests.upgrade(spec, policy, submitter));
    }

    /** Removes the app, its pods and its reservation (DESTROY); the outcome is COMPLETED once they are gone. */
    public Submission destroy(String app) {
        return submit(Requests.destroy(app, submitter));
    }

    /**
     * Holds room for {@code slots} pods of {@code template} ahead of a release (RESERVE; 0 cancels):
     * placed and spread like pods, run by no host, taken by the app's next pods.
     */
    public Submission reserve(String app, int slots, PodTemplate template) {
        return submit(Requests.reserve(app, slots, template, submitter));
    }

    /**
     * Sends {@code request} as it is: checked by the job's field rules first, then produced keyed by
     * app. The same request id twice is done once by the job; the second send's {@link Submission}
     * follows the first's outcomes.
     *
     * @throws InvalidRequestException naming every problem; nothing was sent
     * @throws SigmaClientException when the outcomes topic cannot be read (nothing was sent)
     */
    public Submission submit(PlacementRequest request) {
        List<String> problems = RequestFieldRules.problems(request);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        // Positioned before the first send, from a little earlier: no outcome can pass unseen.
        follower.start(System.currentTimeMillis() - lookBack.toMillis());
        Submission s = follower.track(new Submission(request.getRequestId(), request.getAppId(), request.getType()));
        Topic<PlacementRequest> topic = topics.requests();
        byte[] key = topic.keyOf(request).getBytes(StandardCharsets.UTF_8);
        producer().send(new ProducerRecord<>(topic.name(), key, codec.encode(request)), (meta, e) -> {
            if (e == null) {
                s.markSent();
            } else {
                s.fail(new SigmaClientException("request " + request.getRequestId() + " was not taken by Kafka ("
                        + kafka.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG) + ", topic " + topic.name()
                        + ") within " + sendTimeout.toMillis() + " ms: " + e.getMessage() + "; resend it with the same id", e));
            }
        });
        return s;
    }

    /**
     * The latest outcome of each of {@code apps} (null: every app) among those the job wrote in the
     * last {@code since}: what {@code ./sigma app status} and {@code app list} show as the state of
     * the last request. Reads only the partitions holding those apps, from that time on, once.
     */
    public Map<String, Outcome> latestOutcomes(java.util.Collection<String> apps, Duration since) {
        return OutcomeHistory.latest(topics.outcomes(), kafka, apps, since, sendTimeout);
    }

    /** The topics this client uses (its prefix applied). */
    public Topics topics() {
        return topics;
    }

    /** The Kafka client settings of this client (bootstrap included), for readers beside it. */
    public Properties kafkaProperties() {
        Properties copy = new Properties();
        copy.putAll(kafka);
        return copy;
    }

    private synchronized KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) {
            Properties p = new Properties();
            p.putAll(kafka);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            // Bounded: a send fails after sendTimeout, it never blocks a caller longer.
            p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(sendTimeout.toMillis()));
            p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
            p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(sendTimeout.toMillis()));
            p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(sendTimeout.toMillis()));
            // One request in flight keeps an app's requests in order without the idempotent producer
            // (which lost every record on a fresh topic under load here once, see KafkaTestClient);
            // a duplicate from a retry is harmless: the job does a request id once.
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
            p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
            producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (producer != null) {
                producer.close(Duration.ofSeconds(5));
            }
        }
        follower.close();
    }

    /** Where the job's topics are and how to reach them. */
    public static final class Builder {
        private String bootstrapServers;
        private String topicPrefix = "";
        private final Properties kafka = new Properties();
        private Duration sendTimeout = Duration.ofSeconds(10);
        private Duration lookBack = Duration.ofSeconds(30);
        private String submitter = "sigma-client";

        private Builder() {}

        /** {@code HOST:PORT[,HOST:PORT...]}; required. */
        public Builder bootstrapServers(String servers) {
            this.bootstrapServers = servers;
            return this;
        }

        /** The job's topic prefix ({@code sigmaflow.kafka.topic-prefix}); default none. */
        public Builder topicPrefix(String prefix) {
            this.topicPrefix = Objects.requireNonNull(prefix);
            return this;
        }

        /** Any Kafka client setting for the producer and the reader: {@code security.protocol}, {@code sasl.*}, {@code ssl.*}. */
        public Builder kafkaProperty(String key, String value) {
            kafka.put(key, value);
            return this;
        }

        public Builder kafkaProperties(Map<String, String> settings) {
            kafka.putAll(settings);
            return this;
        }

        /**
         * The settings of a Kafka {@code client.properties} file (TLS, SASL, {@code config.providers});
         * without this or {@link #kafkaProperty}, the file {@code --kafka-config} or
         * {@code SIGMAFLOW_KAFKA_CONFIG} named for the process.
         */
        public Builder kafkaConfig(java.nio.file.Path file) {
            kafka.putAll(KafkaClientConfig.load(file).properties());
            return this;
        }

        /** How long Kafka may take to accept a request, or to answer the reader (default 10 s). */
        public Builder sendTimeout(Duration timeout) {
            this.sendTimeout = positive(timeout, "sendTimeout");
            return this;
        }

        /**
         * How far before its first send the reader starts (default 30 s): outcomes carry the job's
         * event time, which may trail this host's clock by the clocks' difference.
         */
        public Builder lookBack(Duration lookBack) {
            this.lookBack = Objects.requireNonNull(lookBack);
            return this;
        }

        /** Who sends (the request's {@code submitter}, shown in the job's logs); default {@code sigma-client}. */
        public Builder submitter(String submitter) {
            this.submitter = submitter;
            return this;
        }

        public SigmaClient build() {
            if (bootstrapServers == null || bootstrapServers.isBlank()) {
                throw new IllegalArgumentException("bootstrapServers: required (HOST:PORT[,HOST:PORT...])");
            }
            return new SigmaClient(this);
        }

        private static Duration positive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + ": must be positive, got " + d);
            }
            return d;
        }
    }
}
