package io.sigmaflow.jobs.app;

import io.sigmaflow.connectors.flink.FlinkKafka;
import io.sigmaflow.connectors.serde.AvroCodec;
import io.sigmaflow.jobs.routing.PartitionRouter;
import io.sigmaflow.jobs.routing.PartitionScheme;
import io.sigmaflow.placement.model.AvroMapping;
import io.sigmaflow.schema.NodeState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.state.OperatorStateStore;

/**
 * The routers' node membership in the app side's operator state, written at a cost per changed
 * node rather than per node and checkpoint.
 *
 * <p>Every app-side subtask's router learns the same nodes (the node directory broadcasts them and
 * aligned barriers cut every channel at the same record), so one copy is enough: subtask 0 writes
 * it, the others write nothing, and union state hands that copy to every subtask on restore, at
 * any parallelism. The copy is each node's Avro single-object encoding ({@link AvroCodec}: the
 * writer schema's fingerprint, so a later NodeState version still reads it), kept between
 * checkpoints and encoded again only for the nodes that changed since the last one; a checkpoint
 * then copies byte arrays instead of deep-copying and encoding every node's Avro record.
 *
 * <p>Before (state {@code router-nodes}) every subtask wrote every node as an Avro record at every
 * checkpoint: about 0.4 MB per subtask and checkpoint at 2,000 nodes. A checkpoint of that version
 * still restores: its copies are read (duplicates collapse, a node's description is the same in
 * each) and the old state is left empty from the next checkpoint on.
 */
final class RouterNodeCopy {
    /** The state of versions before this one: NodeState records, every node from every subtask. */
    static final String RECORDS_STATE = "router-nodes";
    /** Encoded nodes, written by subtask 0 only. */
    static final String ENCODED_STATE = "router-nodes-encoded";

    private static final AvroCodec<NodeState> CODEC = AvroCodec.of(NodeState.class);

    private final PartitionRouter router;
    private final boolean writer;
    private final ListState<NodeState> records;
    private final ListState<byte[]> encoded;
    /** Partition -> node id -> the node's encoding as of the last checkpoint (subtask 0 only). */
    private final TreeMap<String, TreeMap<String, byte[]>> copy = new TreeMap<>();
    /** (partition, node id) changed since the last checkpoint (subtask 0 only). */
    private final TreeMap<String, TreeSet<String>> changed = new TreeMap<>();

    RouterNodeCopy(OperatorStateStore store, int subtask, PartitionRouter router) throws Exception {
        this.router = router;
        this.writer = subtask == 0;
        this.records = store.getUnionListState(new ListStateDescriptor<>(RECORDS_STATE,
                FlinkKafka.typeInfo(NodeState.class)));
        this.encoded = store.getUnionListState(new ListStateDescriptor<>(ENCODED_STATE,
                PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    }

    /** Gives the router every node of the restored copies (either version). */
    void restore(PartitionScheme scheme) throws Exception {
        for (NodeState node : records.get()) {
            restore(scheme, node);
        }
        for (byte[] bytes : encoded.get()) {
            restore(scheme, CODEC.decode(bytes));
        }
    }

    private void restore(PartitionScheme scheme, NodeState node) {
        String partition = scheme.partitionOf(AvroMapping.location(node.getTopology()));
        router.restoreNode(partition, node);
        changed(partition, node.getNodeId()); // encoded afresh at the first checkpoint, in this build's schema
    }

    /** The router applied a change of {@code nodeId} in {@code partition}. */
    void changed(String partition, String nodeId) {
        if (writer) {
            changed.computeIfAbsent(partition, p -> new TreeSet<>()).add(nodeId);
        }
    }

    /** Writes the copy for a checkpoint: the changed nodes encoded again, the rest as they were. */
    void snapshot() throws Exception {
        records.clear();
        if (!writer) {
            encoded.clear();
            return;
        }
        for (Map.Entry<String, TreeSet<String>> e : changed.entrySet()) {
            TreeMap<String, byte[]> members = copy.computeIfAbsent(e.getKey(), p -> new TreeMap<>());
            for (String nodeId : e.getValue()) {
                NodeState node = router.node(e.getKey(), nodeId);
                if (node == null) {
                    members.remove(nodeId);
                } else {
                    members.put(nodeId, CODEC.encode(node));
                }
            }
        }
        changed.clear();
        List<byte[]> all = new ArrayList<>();
        copy.values().forEach(members -> all.addAll(members.values()));
        encoded.update(all);
    }
}
