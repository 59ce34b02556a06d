package io.sigmaflow.connectors.view;

import io.sigmaflow.schema.NodeState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The latest record of every node, from {@code sigma.node-state} records in the order they were
 * read (the topic is keyed by node id, so a node's records come in offset order). Two rules, kept
 * side by side because they differ when a node's version goes back, which happens when the job
 * is restored from an older savepoint or checkpoint and writes versions it wrote before:
 * <ul>
 * <li>{@link #lastRead}: the last record read wins (final state wins): the what-if's start from a
 * live cluster, the bench's check for live nodes (and, with its own decoding and checks, the
 * rebalancer's {@code LatestNodeStates});</li>
 * <li>{@link #highestVersion}: a record older by version than one already read is ignored: the
 * views {@code ./sigma status}, {@code nodes} and {@code app} print ({@link CommittedCluster}).</li>
 * </ul>
 * Both keep removed nodes (their latest record says so): {@link #live} drops them. Maps are in
 * the order of each node's first record.
 */
public final class NodeStates {
    private NodeStates() {}

    /** Node id to its last record read. */
    public static Map<String, NodeState> lastRead(Iterable<NodeState> records) {
        Map<String, NodeState> latest = new LinkedHashMap<>();
        for (NodeState s : records) {
            latest.put(s.getNodeId(), s);
        }
        return latest;
    }

    /** Node id to its record of the highest version (of equal versions, the last read). */
    public static Map<String, NodeState> highestVersion(Iterable<NodeState> records) {
        Map<String, NodeState> latest = new LinkedHashMap<>();
        for (NodeState s : records) {
            NodeState before = latest.get(s.getNodeId());
            if (before == null || s.getVersion() >= before.getVersion()) {
                latest.put(s.getNodeId(), s);
            }
        }
        return latest;
    }

    /** The latest records of nodes that are not removed, in {@code latest}'s order. */
    public static List<NodeState> live(Map<String, NodeState> latest) {
        List<NodeState> live = new ArrayList<>();
        for (NodeState s : latest.values()) {
            if (!s.getRemoved()) {
                live.add(s);
            }
        }
        return live;
    }
}
