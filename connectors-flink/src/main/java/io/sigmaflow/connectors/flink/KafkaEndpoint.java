package io.sigmaflow.connectors.flink;

import java.io.Serializable;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * How a job talks to Kafka: where the brokers are, its consumer group, its transactional id
 * prefix, and extra client properties.
 *
 * @param groupId consumer group of the job's sources (offsets are in checkpoints; the group only shows lag)
 * @param transactionalIdPrefix unique per job: two jobs sharing one would fence each other
 * @param guarantee EXACTLY_ONCE for the service; AT_LEAST_ONCE is cheaper where readers deduplicate
 */
public record KafkaEndpoint(
        String bootstrapServers,
        String groupId,
        String transactionalIdPrefix,
        DeliveryGuarantee guarantee,
        Map<String, String> clientProperties) implements Serializable {

    public KafkaEndpoint {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(transactionalIdPrefix, "transactionalIdPrefix");
        Objects.requireNonNull(guarantee, "guarantee");
        clientProperties = Map.copyOf(clientProperties);
    }

    /** Exactly-once with the job name as group and transactional prefix. */
    public static KafkaEndpoint exactlyOnce(String bootstrapServers, String jobName) {
        return new KafkaEndpoint(bootstrapServers, jobName, jobName, DeliveryGuarantee.EXACTLY_ONCE, Map.of());
    }

    /** Without the client properties' values: they may hold a JAAS config or passwords. */
    @Override
    public String toString() {
        return "KafkaEndpoint[" + bootstrapServers + ", group " + groupId + ", transactional ids " + transactionalIdPrefix
                + ", " + guarantee + ", client properties " + new java.util.TreeSet<>(clientProperties.keySet()) + "]";
    }

    public KafkaEndpoint withGuarantee(DeliveryGuarantee newGuarantee) {
        return new KafkaEndpoint(bootstrapServers, groupId, transactionalIdPrefix, newGuarantee, clientProperties);
    }
}
