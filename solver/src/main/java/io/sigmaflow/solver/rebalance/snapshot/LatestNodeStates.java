package io.sigmaflow.solver.rebalance.snapshot;

import io.sigmaflow.connectors.serde.AvroCodec;
import io.sigmaflow.connectors.serde.UndecodableRecordException;
import io.sigmaflow.placement.model.AvroMapping;
import io.sigmaflow.schema.NodeState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Folds the records of the compacted node-state topic, in offset order per partition, into the
 * latest state per node: a later record replaces an earlier one (final state wins, whatever its
 * version: after a job restore the job's current view is the truth), a null value deletes the
 * node. Bad records never stop the read: they are counted, with the first few reasons, and the
 * node they were about keeps its previous state (or stays unknown, so nothing moves to or from it).
 */
final class LatestNodeStates {
    static final int MAX_PROBLEMS = 10;

    private final AvroCodec<NodeState> codec = AvroCodec.of(NodeState.class);
    private final Map<String, NodeState> latest = new TreeMap<>();
    private final List<String> problems = new ArrayList<>();
    private long records;
    private int tombstones;
    private int skipped;

    /** One record: {@code where} names it in problems (partition and offset). */
    void accept(String key, byte[] value, String where) {
        records++;
        if (value == null) {
            tombstones++;
            if (key != null) {
                latest.remove(key);
            }
            return;
        }
        NodeState state;
        try {
            state = codec.decode(value);
        } catch (UndecodableRecordException e) {
            skip(where, e.getMessage());
            return;
        }
        if (key != null && !key.equals(state.getNodeId())) {
            skip(where, "key '" + key + "' holds the state of node '" + state.getNodeId() + "'");
            return;
        }
        try {
            // The same checks the job's restore applies: topology names, non-negative resources.
            AvroMapping.node(state);
            AvroMapping.pods(state);
        } catch (IllegalArgumentException | NullPointerException e) {
            String own = "NodeState " + state.getNodeId() + ": ";
            String why = String.valueOf(e.getMessage());
            skip(where, "invalid " + own + (why.startsWith(own) ? why.substring(own.length()) : why));
            return;
        }
        latest.put(state.getNodeId(), state);
    }

    private void skip(String where, String why) {
        skipped++;
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(where + ": " + why);
        }
    }

    /** The live nodes (removed ones dropped) and what was skipped. */
    ClusterSnapshot snapshot(Map<Integer, Long> endOffsets) {
        List<NodeState> live = new ArrayList<>();
        int removed = 0;
        for (NodeState state : latest.values()) {
            if (state.getRemoved()) {
                removed++;
            } else {
                live.add(state);
            }
        }
        return new ClusterSnapshot(live, endOffsets,
                new ClusterSnapshot.Stats(records, tombstones, removed, skipped, List.copyOf(problems)));
    }
}
