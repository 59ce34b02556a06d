package io.sigmaflow.connectors.topics;

import io.sigmaflow.schema.DeadLetter;
import io.sigmaflow.schema.Migration;
import io.sigmaflow.schema.NodeEvent;
import io.sigmaflow.schema.NodeInventory;
import io.sigmaflow.schema.NodeState;
import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.PlacementFeedback;
import io.sigmaflow.schema.PlacementRequest;
import io.sigmaflow.schema.PodStatus;
import io.sigmaflow.schema.PriorityChange;
import io.sigmaflow.schema.RequestOutcome;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * The topic catalogue: every SigmaFlow topic, defined once. An instance applies a name prefix
 * and, optionally, one partition count to all topics (configuration, not code).
 */
public final class Topics implements Serializable {
    /** Partitions of each topic when no override is given. */
    public static final int DEFAULT_PARTITIONS = 8;

    private static final String WEEK_MS = String.valueOf(7L * 24 * 3600 * 1000);
    private static final String MONTH_MS = String.valueOf(30L * 24 * 3600 * 1000);
    private static final Map<String, String> EVENTS = Map.of("cleanup.policy", "delete", "retention.ms", WEEK_MS);
    // State-like topics keep the latest record per key forever; the dirty ratio is lowered so a
    // restarted reader replays little more than the live state.
    private static final Map<String, String> STATE = Map.of("cleanup.policy", "compact", "min.cleanable.dirty.ratio", "0.1");

    private final String prefix;
    private final int partitions;

    private Topics(String prefix, int partitions) {
        this.prefix = prefix;
        this.partitions = partitions;
    }

    /** Production names ({@code sigma.*}) and partition counts. */
    public static Topics defaults() {
        return new Topics("", 0);
    }

    /**
     * @param prefix prepended to every topic name ("" for none)
     * @param partitions partitions of every topic, or 0 for each topic's default
     */
    public static Topics of(String prefix, int partitions) {
        if (partitions < 0) {
            throw new IllegalArgumentException("partitions must be 0 (default) or positive, got " + partitions);
        }
        return new Topics(prefix == null ? "" : prefix, partitions);
    }

    public String prefix() {
        return prefix;
    }

    /** Release-system requests, in order per app. */
    public Topic<PlacementRequest> requests() {
        return topic("requests", PlacementRequest.class, r -> r.getAppId(), false, EVENTS);
    }

    /** Node register / update / drain / remove, latest per node. */
    public Topic<NodeEvent> nodeEvents() {
        return topic("node-events", NodeEvent.class, e -> e.getNodeId(), true, STATE);
    }

    /** Pod status changes streamed by executors. */
    public Topic<PodStatus> podStatus() {
        return topic("pod-status", PodStatus.class, s -> s.getNodeId(), false, EVENTS);
    }

    /** Periodic full inventories from executors, latest per node. */
    public Topic<NodeInventory> inventory() {
        return topic("inventory", NodeInventory.class, i -> i.getNodeId(), true, STATE);
    }

    /** Moves proposed by the rebalancer, in order per app. */
    public Topic<Migration> migrations() {
        return topic("migrations", Migration.class, m -> m.getAppId(), false, EVENTS);
    }

    /** Committed BIND / UNBIND decisions, in order per node. */
    public Topic<Placement> placements() {
        return topic("placements", Placement.class, p -> p.getNodeId(), false, EVENTS);
    }

    /** CPU-priority settings for executors, in order per node. */
    public Topic<PriorityChange> priorityChanges() {
        return topic("priority-changes", PriorityChange.class, c -> c.getNodeId(), false, EVENTS);
    }

    /** What became of each request, in order per app. */
    public Topic<RequestOutcome> outcomes() {
        return topic("outcomes", RequestOutcome.class, o -> o.getAppId(), false, EVENTS);
    }

    /** The job's committed view of each node: the cluster snapshot, latest per node. */
    public Topic<NodeState> nodeState() {
        return topic("node-state", NodeState.class, s -> s.getNodeId(), true, STATE);
    }

    /** Input that could not be used, with its reason and original bytes. */
    public Topic<DeadLetter> deadLetters() {
        return topic("dead-letters", DeadLetter.class,
                d -> d.getSourceTopic() == null ? "unknown" : d.getSourceTopic(), false,
                Map.of("cleanup.policy", "delete", "retention.ms", MONTH_MS));
    }

    /**
     * The placement job's loop from its node partitions back to its app side (Flink 2 has no
     * in-job iterations): partition summaries keyed by shard, pod results keyed by app. Written
     * and read only by the job; a day is far more than a record needs to go round.
     */
    public Topic<PlacementFeedback> placementFeedback() {
        return topic("placement-feedback", PlacementFeedback.class,
                f -> f.getAppId() != null ? f.getAppId() : f.getShardId(), false,
                Map.of("cleanup.policy", "delete", "retention.ms", String.valueOf(24L * 3600 * 1000)));
    }

    public List<Topic<? extends SpecificRecord>> all() {
        return List.of(requests(), nodeEvents(), podStatus(), inventory(), migrations(), placements(),
                priorityChanges(), outcomes(), nodeState(), deadLetters(), placementFeedback());
    }

    private <T extends SpecificRecord> Topic<T> topic(
            String id, Class<T> type, KeyExtractor<T> key, boolean compacted, Map<String, String> configs) {
        int count = partitions > 0 ? partitions : DEFAULT_PARTITIONS;
        return new Topic<>(id, prefix + "sigma." + id, type, key, count, compacted, configs);
    }
}
