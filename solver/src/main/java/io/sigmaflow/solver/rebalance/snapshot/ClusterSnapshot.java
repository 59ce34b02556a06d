package io.sigmaflow.solver.rebalance.snapshot;

import io.sigmaflow.schema.NodeState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cluster as the placement job last committed it: the latest {@link NodeState} of every node
 * that is not removed, in node id order, read from the compacted {@code sigma.node-state} topic up
 * to the end offsets it had when the read began.
 *
 * @param nodes       the live nodes, sorted by id
 * @param endOffsets  per partition, the offset the read stopped at (what {@code changedSince} compares to)
 * @param stats       what was skipped and why
 */
public record ClusterSnapshot(List<NodeState> nodes, Map<Integer, Long> endOffsets, Stats stats) {

    /**
     * @param records      records read
     * @param tombstones   nodes deleted by a null value
     * @param removed      nodes whose latest state is {@code removed}
     * @param skipped      records that could not be used (undecodable, invalid)
     * @param problems     the first few reasons for {@code skipped}, with partition and offset
     */
    public record Stats(long records, int tombstones, int removed, int skipped, List<String> problems) {
        public static final Stats NONE = new Stats(0, 0, 0, 0, List.of());
    }

    public ClusterSnapshot {
        List<NodeState> sorted = new ArrayList<>(nodes);
        sorted.sort(Comparator.comparing(NodeState::getNodeId));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).getNodeId().equals(sorted.get(i - 1).getNodeId())) {
                throw new IllegalArgumentException("node " + sorted.get(i).getNodeId() + " appears twice in the snapshot");
            }
        }
        nodes = Collections.unmodifiableList(sorted);
        endOffsets = Collections.unmodifiableMap(new TreeMap<>(endOffsets));
    }

    /** A snapshot of {@code nodes} that did not come from Kafka (tests, generated clusters). */
    public static ClusterSnapshot of(List<NodeState> nodes) {
        return new ClusterSnapshot(nodes, Map.of(), Stats.NONE);
    }

    /** The nodes by id, in id order. */
    public Map<String, NodeState> byId() {
        Map<String, NodeState> out = new LinkedHashMap<>();
        for (NodeState n : nodes) {
            out.put(n.getNodeId(), n);
        }
        return out;
    }

    public int podCount() {
        int pods = 0;
        for (NodeState n : nodes) {
            pods += n.getPods().size();
        }
        return pods;
    }
}
