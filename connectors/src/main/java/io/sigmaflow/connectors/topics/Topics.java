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
 * and, optionally, one partition count to all topics (configuration, not code). The host-facing
 * topics (placements, priority changes: every node-executor reads the one partition its node id
 * hashes to, and fetches every record of it) may instead be sized from the expected host count by
 * {@link #partitionsForHosts}, so each record is fetched by about 16 hosts whatever the fleet's size.
 */
public final class Topics implements Serializable {
    /** Partitions of each topic when no override is given. */
    public static final int DEFAULT_PARTITIONS = 8;
    /** Hosts per partition the sizing rule aims at: about 17 records fetched by hosts per placement (hash spread). */
    public static final int HOSTS_PER_PARTITION = 16;
    /** Ids of the topics executors read by node id: {@link #placements()}, {@link #priorityChanges()}. */
    public static final java.util.Set<String> HOST_FACING = java.util.Set.of("placements", "priority-changes");

    private static final String WEEK_MS = String.valueOf(7L * 24 * 3600 * 1000);
    private static final String MONTH_MS = String.valueOf(30L * 24 * 3600 * 1000);
    private static final Map<String, String> EVENTS = Map.of("cleanup.policy", "delete", "retention.ms", WEEK_MS);
    // State-like topics keep the latest record per key forever; the dirty ratio is lowered so a
    // restarted reader replays little more than the live state.
    private static final Map<String, String> STATE = Map.of("cleanup.policy", "compact", "min.cleanable.dirty.ratio", "0.1");

    private final String prefix;
    private final int partitions;
    private final int hosts;

    private Topics(String prefix, int partitions, int hosts) {
        this.prefix = prefix;
        this.partitions = partitions;
        this.hosts = hosts;
    }

    /** Production names ({@code sigma.*}) and partition counts. */
    public static Topics defaults() {
        return new Topics("", 0, 0);
    }

    /**
     * @param prefix prepended to every topic name ("" for none)
     * @param partitions partitions of every topic, or 0 for each topic's default
     */
    public static Topics of(String prefix, int partitions) {
        if (partitions < 0) {
            throw new IllegalArgumentException("partitions must be 0 (default) or positive, got " + partitions);
        }
        return new Topics(prefix == null ? "" : prefix, partitions, 0);
    }

    /**
     * The same catalogue with the host-facing topics sized for {@code hosts} expected hosts by
     * {@link #partitionsForHosts} (0: like every other topic). Only used to create topics: producers
     * and executors take the partition count a topic really has from the cluster.
     */
    public Topics withHosts(int hosts) {
        if (hosts < 0) {
            throw new IllegalArgumentException("hosts must be 0 (not sized by hosts) or positive, got " + hosts);
        }
        return new Topics(prefix, partitions, hosts);
    }

    /**
     * The sizing rule of the host-facing topics: max(8, ceil(hosts / 16)). A record is fetched by
     * every host of its partition, so by about 16 hosts plus the hash's unevenness (docs/decisions.md,
     * "sizing the host-facing topics").
     */
    public static int partitionsForHosts(int hosts) {
        return Math.max(DEFAULT_PARTITIONS, (int) ((hosts + (long) HOSTS_PER_PARTITION - 1) / HOSTS_PER_PARTITION));
    }

    public String prefix() {
        return prefix;
    }

    /** The expected host count the host-facing topics are sized for (0: not sized by hosts). */
    public int hosts() {
        return hosts;
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
        int count = hosts > 0 && HOST_FACING.contains(id) ? partitionsForHosts(hosts)
                : partitions > 0 ? partitions : DEFAULT_PARTITIONS;
        return new Topic<>(id, prefix + "sigma." + id, type, key, count, compacted, configs);
    }
}
