package io.sigmaflow.jobs.partition;

import io.sigmaflow.connectors.flink.DeadLetters;
import io.sigmaflow.jobs.deadletters.InvalidRecords;
import io.sigmaflow.jobs.placement.model.AvroMapping;
import io.sigmaflow.jobs.placement.model.Location;
import io.sigmaflow.jobs.routing.PartitionScheme;
import io.sigmaflow.jobs.routing.PartitionSpec;
import io.sigmaflow.schema.NodeEvent;
import io.sigmaflow.schema.NodeEventType;
import io.sigmaflow.schema.job.ShardCommand;
import java.util.regex.Pattern;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Node events, keyed by node id: remembers which partition owns each node and forwards the event
 * there (a REMOVE or DRAIN carries no topology). Refuses, as dead letters with the field at fault,
 * what no partition could apply: an UPDATE, DRAIN or REMOVE of an unknown node, a REGISTER without
 * capacity or topology, a node id executors would refuse, an UPDATE that moves the node to another
 * partition (send a REGISTER with the full description). A REGISTER that moves a node removes it
 * from its old partition first (its pods are re-placed). A removed node's state is cleared.
 *
 * <p>Where pod status, inventories and node liveness plug in: they are keyed by node too, and this
 * is the operator that knows each node's partition (and can keep a liveness timer per node).
 */
public final class NodeDirectory extends KeyedProcessFunction<String, NodeEvent, ShardCommand> {
    /** Node ids executors accept (node-executor: ids are path components). */
    static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final PartitionSpec spec;
    private final String nodeEventsTopic;
    private transient PartitionScheme scheme;
    private transient ValueState<String> partition;
    private transient ValueState<Long> sequence;
    private transient Counter forwarded;
    private transient Counter refused;

    public NodeDirectory(PartitionSpec spec, String nodeEventsTopic) {
        this.spec = spec;
        this.nodeEventsTopic = nodeEventsTopic;
    }

    @Override
    public void open(OpenContext context) {
        scheme = spec.scheme();
        partition = getRuntimeContext().getState(new ValueStateDescriptor<>("partition", Types.STRING));
        sequence = getRuntimeContext().getState(new ValueStateDescriptor<>("sequence", Types.LONG));
        forwarded = getRuntimeContext().getMetricGroup().counter("nodeEventsForwarded");
        refused = getRuntimeContext().getMetricGroup().counter("nodeEventsRefused");
    }

    @Override
    public void processElement(NodeEvent event, Context ctx, Collector<ShardCommand> out) throws Exception {
        String nodeId = event.getNodeId();
        if (nodeId == null || !NODE_ID.matcher(nodeId).matches()) {
            refuse(event, ctx, "nodeId: '" + nodeId + "' must be 1 to 128 characters of A-Z a-z 0-9 . _ -,"
                    + " starting with a letter or digit");
            return;
        }
        String owner = partition.value();
        switch (event.getType()) {
            case REGISTER -> {
                Location location;
                try {
                    location = AvroMapping.node(event, null).location();
                } catch (IllegalArgumentException e) {
                    refuse(event, ctx, e.getMessage());
                    return;
                }
                String problem = topologyProblem(location);
                if (problem != null) {
                    refuse(event, ctx, problem);
                    return;
                }
                String target = scheme.partitionOf(location);
                if (owner != null && !owner.equals(target)) {
                    NodeEvent removal = NodeEvent.newBuilder().setNodeId(nodeId).setType(NodeEventType.REMOVE)
                            .setEventTimeMs(event.getEventTimeMs()).build();
                    forward(owner, removal, out);
                }
                partition.update(target);
                forward(target, event, out);
            }
            case UPDATE, DRAIN, REMOVE -> {
                if (owner == null) {
                    refuse(event, ctx, "nodeId: unknown node " + nodeId + "; REGISTER it first");
                    return;
                }
                if (event.getType() == NodeEventType.UPDATE && event.getTopology() != null) {
                    String target = scheme.partitionOf(AvroMapping.location(event.getTopology()));
                    if (!target.equals(owner)) {
                        refuse(event, ctx, "topology: moves node " + nodeId + " from partition " + owner + " to "
                                + target + "; send a REGISTER with its full description instead");
                        return;
                    }
                }
                forward(owner, event, out);
                if (event.getType() == NodeEventType.REMOVE) {
                    partition.clear();
                    sequence.clear();
                }
            }
        }
    }

    private static String topologyProblem(Location location) {
        for (String name : new String[] {location.zone(), location.coreSwitch(), location.chassis(), location.host()}) {
            if (name.contains(PartitionScheme.SEPARATOR)) {
                return "topology: domain name '" + name + "' must not contain '" + PartitionScheme.SEPARATOR + "'";
            }
        }
        return null;
    }

    private void forward(String target, NodeEvent event, Collector<ShardCommand> out) throws Exception {
        long next = sequence.value() == null ? 1 : sequence.value() + 1;
        sequence.update(next);
        forwarded.inc();
        out.collect(ShardCommand.newBuilder()
                .setShardId(target)
                .setOrderKey("1:node:" + event.getNodeId()) // node changes before pods at one instant
                .setSequence(next)
                .setNodeEvent(event)
                .build());
    }

    private void refuse(NodeEvent event, Context ctx, String reason) {
        refused.inc();
        ctx.output(DeadLetters.TAG, InvalidRecords.of(NodeEvent.class, event, nodeEventsTopic, event.getNodeId(),
                "NodeEvent " + event.getNodeId() + " (" + event.getType() + "): " + reason, "node directory"));
    }
}
