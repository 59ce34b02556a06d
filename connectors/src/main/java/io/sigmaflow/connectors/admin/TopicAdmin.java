package io.sigmaflow.connectors.admin;

import io.sigmaflow.connectors.security.KafkaClientConfig;
import io.sigmaflow.connectors.topics.Topic;
import io.sigmaflow.connectors.topics.Topics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topics that are missing, with their partition counts and cleanup policies, and
 * reports existing topics whose partition count differs from the catalogue (never changes them:
 * repartitioning a keyed topic reorders records, an operator's decision).
 */
public final class TopicAdmin implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicAdmin.class);
    private static final long TIMEOUT_S = 30;

    private final Admin admin;

    /** With the process's Kafka client properties ({@link KafkaClientConfig#current()}). */
    public TopicAdmin(String bootstrapServers) {
        this(bootstrapServers, KafkaClientConfig.current().properties());
    }

    public TopicAdmin(String bootstrapServers, Map<String, String> clientProperties) {
        Properties props = new Properties();
        props.putAll(KafkaClientConfig.of(clientProperties).withBootstrap(bootstrapServers));
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "sigmaflow-topic-admin");
        this.admin = Admin.create(props);
    }

    /** What {@link #ensure} did. */
    public record Report(List<String> created, List<String> existing, List<String> mismatched) {}

    /** Creates every missing topic in {@code topics}; idempotent and safe to race. */
    public Report ensure(Collection<? extends Topic<?>> topics) {
        try {
            Set<String> present = admin.listTopics().names().get(TIMEOUT_S, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            List<String> existing = new ArrayList<>();
            for (Topic<?> topic : topics) {
                if (present.contains(topic.name())) {
                    existing.add(topic.name());
                } else {
                    // Replication factor: the broker's default.replication.factor.
                    missing.add(new NewTopic(topic.name(), Optional.of(topic.partitions()), Optional.empty())
                            .configs(topic.configs()));
                }
            }
            List<String> created = new ArrayList<>();
            for (var entry : admin.createTopics(missing).values().entrySet()) {
                try {
                    entry.getValue().get(TIMEOUT_S, TimeUnit.SECONDS);
                    created.add(entry.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                    existing.add(entry.getKey());
                }
            }
            List<String> mismatched = checkPartitions(topics, existing);
            if (!created.isEmpty()) {
                LOG.info("created topics {}", created);
            }
            for (String m : mismatched) {
                LOG.warn(m);
            }
            return new Report(List.copyOf(created), List.copyOf(existing), List.copyOf(mismatched));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create topics on the Kafka cluster: " + e.getMessage(), e);
        }
    }

    private List<String> checkPartitions(Collection<? extends Topic<?>> topics, List<String> existing)
            throws InterruptedException, ExecutionException, TimeoutException {
        List<String> mismatched = new ArrayList<>();
        if (existing.isEmpty()) {
            return mismatched;
        }
        Map<String, TopicDescription> described =
                admin.describeTopics(existing).allTopicNames().get(TIMEOUT_S, TimeUnit.SECONDS);
        for (Topic<?> topic : topics) {
            TopicDescription d = described.get(topic.name());
            if (d != null && d.partitions().size() != topic.partitions()) {
                mismatched.add(mismatch(topic, d.partitions().size()));
            }
        }
        return mismatched;
    }

    /**
     * What a partition count other than the catalogue's means. For a host-facing topic it is not an
     * error (the job's producers and every executor use the count the topic has), only more hosts
     * fetching each record; adding partitions moves node ids to other partitions, so growth is a
     * planned step with the job stopped (docs/decisions.md, "growing the host-facing topics").
     */
    static String mismatch(Topic<?> topic, int actual) {
        String base = "topic " + topic.name() + " has " + actual + " partitions, configured " + topic.partitions();
        if (!Topics.HOST_FACING.contains(topic.id())) {
            return base + " (left as is)";
        }
        return base + " (left as is: producers and executors use the " + actual + " it has; each record is fetched by"
                + " about hosts/" + actual + " hosts instead of hosts/" + topic.partitions()
                + "; to resize: stop the job with a savepoint, let every executor catch up, add partitions, resume"
                + " the job: docs/decisions.md, \"growing the host-facing topics\")";
    }

    @Override
    public void close() {
        admin.close();
    }
}
