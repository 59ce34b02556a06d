package io.sigmaflow.jobs.partition;

import io.sigmaflow.jobs.protocol.Cordon;
import io.sigmaflow.jobs.protocol.PartitionProtocol;
import io.sigmaflow.connectors.flink.DeadLetters;
import io.sigmaflow.jobs.deadletters.InvalidRecords;
import io.sigmaflow.placement.model.AvroMapping;
import io.sigmaflow.placement.model.Location;
import io.sigmaflow.jobs.routing.PartitionScheme;
import io.sigmaflow.jobs.routing.PartitionSpec;
import io.sigmaflow.schema.NodeEvent;
import io.sigmaflow.schema.NodeEventType;
import io.sigmaflow.schema.NodeInventory;
import io.sigmaflow.schema.PodStatus;
import io.sigmaflow.schema.job.HostReport;
import io.sigmaflow.schema.job.NodeLiveness;
import io.sigmaflow.schema.job.PartitionCommand;
import java.util.regex.Pattern;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Node events, keyed by node id: remembers which partition owns each node and forwards the event
 * there (a REMOVE or DRAIN carries no topology). Refuses, as dead letters with the field at fault,
 * what no partition could apply: an UPDATE, DRAIN or REMOVE of an unknown node, a REGISTER without
 * capacity or topology, a node id executors would refuse, an UPDATE that moves the node to another
 * partition (send a REGISTER with the full description). A REGISTER that moves a node removes it
 * from its old partition first (its pods are re-placed). A removed node's state is cleared. An
 * operator's cordon ({@link Cordon}: the unschedulable taint an UPDATE sets or lifts) is kept in
 * keyed state and put back on the node's later REGISTERs, which executors send without it.
 *
 * <p>Its second input is what hosts report (pod status, inventories: {@link HostReport}), forwarded
 * to the node's partition likewise (a report from a node never registered is dead-lettered), and
 * watched for liveness by {@link NodeLivenessWatch}: a node that has reported once and then stays
 * silent for the configured time is declared silent to its partition, and alive again when it
 * reports next. Liveness verdicts are meant to pass the {@link SilenceGate} on their way to the
 * partitions (the job wires them so); the nodes being watched are announced on {@link #WATCHED}.
 *
 * <p>A report stamped more than {@link HostSettings#maxFutureSkewMs()} ahead of the job's clock (the
 * wall clock) is dead-lettered: its host's clock is wrong, and the sources did not let it move event
 * time either ({@code PlacementJob.hostTime}).
 */
public final class NodeDirectory extends KeyedCoProcessFunction<String, NodeEvent, HostReport, PartitionCommand> {
    /** Node ids executors accept (node-executor: ids are path components). */
    static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    /** Nodes watched for liveness: (node id, true) at its first report, (node id, false) when removed. */
    public static final OutputTag<Tuple2<String, Boolean>> WATCHED =
            new OutputTag<>("watched-nodes", Types.TUPLE(Types.STRING, Types.BOOLEAN));

    private final PartitionSpec spec;
    private final String nodeEventsTopic;
    private final HostSettings host;
    private final boolean eventTimeOrder;
    private transient NodeLivenessWatch liveness;
    private transient Counter hostReports;
    private transient PartitionScheme scheme;
    private transient ValueState<String> partition;
    private transient ValueState<Long> sequence;
    /** The operator's cordon of this node (see {@link Cordon}): kept across its executor's REGISTERs. */
    private transient ValueState<Boolean> cordoned;
    private transient Counter forwarded;
    private transient Counter refused;
    private transient Counter ahead;

    /** @param eventTimeOrder host reports and silence deadlines in event time (else processing time) */
    public NodeDirectory(PartitionSpec spec, String nodeEventsTopic, HostSettings host, boolean eventTimeOrder) {
        this.spec = spec;
        this.nodeEventsTopic = nodeEventsTopic;
        this.host = host;
        this.eventTimeOrder = eventTimeOrder;
    }

    @Override
    public void open(OpenContext context) {
        scheme = spec.scheme();
        partition = getRuntimeContext().getState(new ValueStateDescriptor<>("partition", Types.STRING));
        sequence = getRuntimeContext().getState(new ValueStateDescriptor<>("sequence", Types.LONG));
        cordoned = getRuntimeContext().getState(new ValueStateDescriptor<>("cordoned", Types.BOOLEAN));
        forwarded = getRuntimeContext().getMetricGroup().counter("nodeEventsForwarded");
        refused = getRuntimeContext().getMetricGroup().counter("nodeEventsRefused");
        hostReports = getRuntimeContext().getMetricGroup().counter("hostReportsForwarded");
        ahead = getRuntimeContext().getMetricGroup().counter("hostReportsAhead");
        liveness = new NodeLivenessWatch(getRuntimeContext(), host.silenceTimeoutMs(), host.reportGraceMs(),
                eventTimeOrder);
    }

    @Override
    public void processElement1(NodeEvent event, Context ctx, Collector<PartitionCommand> out) throws Exception {
        String nodeId = event.getNodeId();
        if (nodeId == null || !NODE_ID.matcher(nodeId).matches()) {
            refuse(event, ctx, "nodeId: '" + nodeId + "' must be 1 to 128 characters of A-Z a-z 0-9 . _ -,"
                    + " starting with a letter or digit");
            return;
        }
        String owner = partition.value();
        boolean wasCordoned = Boolean.TRUE.equals(cordoned.value());
        if (event.getType() == NodeEventType.REGISTER && wasCordoned) {
            event = Cordon.keep(event); // an executor registering again does not lift an operator's cordon
        }
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
                if (Cordon.isCordoned(event.getTaints())) {
                    cordoned.update(true);
                }
                forward(target, event, out);
                liveness.registered(ctx.timestamp(), ctx.timerService());
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
                if (event.getType() == NodeEventType.UPDATE) {
                    // an UPDATE describes the node's taints in full: the cordon is whatever it says
                    if (Cordon.isCordoned(event.getTaints())) {
                        cordoned.update(true);
                    } else {
                        cordoned.clear();
                    }
                } else if (event.getType() == NodeEventType.REMOVE) {
                    partition.clear();
                    sequence.clear();
                    cordoned.clear();
                    if (liveness.forget()) {
                        ctx.output(WATCHED, Tuple2.of(nodeId, false));
                    }
                } else if (event.getType() == NodeEventType.DRAIN && !wasCordoned) {
                    liveness.drained(); // a cordoned node is held by its cordon, which an uncordon lifts
                }
            }
        }
    }

    /** A pod status or inventory: forwarded to the node's partition (at its instant); liveness is watched. */
    @Override
    public void processElement2(HostReport report, Context ctx, Collector<PartitionCommand> out) throws Exception {
        String nodeId = report.getNodeId();
        String owner = partition.value();
        boolean status = report.getPodStatus() != null;
        if (owner == null || status == (report.getInventory() != null)) {
            refused.inc();
            boolean malformed = status == (report.getInventory() != null);
            String reason = malformed ? "exactly one of podStatus, inventory must be set"
                    : "nodeId: unknown node " + nodeId + "; its executor must REGISTER it first";
            if (malformed) { // a report as the job builds it always has one: not from the wire
                ctx.output(DeadLetters.TAG, InvalidRecords.of(HostReport.class, report, host.podStatusTopic(), nodeId,
                        "HostReport " + nodeId + ": " + reason, "node directory"));
            } else if (status) {
                ctx.output(DeadLetters.TAG, InvalidRecords.of(PodStatus.class, report.getPodStatus(),
                        host.podStatusTopic(), nodeId, "PodStatus " + nodeId + "/" + report.getPodStatus().getPodId()
                                + ": " + reason, "node directory"));
            } else {
                ctx.output(DeadLetters.TAG, InvalidRecords.of(NodeInventory.class, report.getInventory(),
                        host.inventoryTopic(), nodeId, "NodeInventory " + nodeId + ": " + reason, "node directory"));
            }
            return;
        }
        if (ctx.timestamp() != null) {
            report.setTimeMs(ctx.timestamp());
        }
        long now = ctx.timerService().currentProcessingTime();
        if (host.maxFutureSkewMs() > 0 && report.getTimeMs() > now + host.maxFutureSkewMs()) {
            refused.inc();
            ahead.inc();
            String what = status ? "PodStatus " + nodeId + "/" + report.getPodStatus().getPodId() : "NodeInventory " + nodeId;
            String reason = what + ": timestamp " + report.getTimeMs() + " is " + (report.getTimeMs() - now)
                    + " ms ahead of the job's clock (" + now + "; at most " + host.maxFutureSkewMs()
                    + " ms): not applied, event time not moved; check the host's clock";
            ctx.output(DeadLetters.TAG, status
                    ? InvalidRecords.of(PodStatus.class, report.getPodStatus(), host.podStatusTopic(), nodeId, reason,
                            "node directory")
                    : InvalidRecords.of(NodeInventory.class, report.getInventory(), host.inventoryTopic(), nodeId, reason,
                            "node directory"));
            return;
        }
        liveness.arrived(report, ctx.timerService(), verdicts(owner, nodeId, ctx, out));
    }

    /** A report's instant or a silence deadline (see {@link NodeLivenessWatch}). */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<PartitionCommand> out) throws Exception {
        String owner = partition.value();
        if (owner != null) {
            liveness.timer(ctx.getCurrentKey(), timestamp, ctx.timerService(),
                    verdicts(owner, ctx.getCurrentKey(), ctx, out));
        }
    }

    private NodeLivenessWatch.Verdicts verdicts(String owner, String nodeId, Context ctx, Collector<PartitionCommand> out) {
        return new NodeLivenessWatch.Verdicts() {
            @Override
            public void report(HostReport r) throws Exception {
                hostReports.inc();
                send(owner, nodeId, PartitionCommand.newBuilder().setPodStatus(r.getPodStatus()).setInventory(r.getInventory()),
                        out);
            }

            @Override
            public void verdict(NodeLiveness verdict) throws Exception {
                send(owner, nodeId, PartitionCommand.newBuilder().setLiveness(verdict), out);
            }

            @Override
            public void watched() {
                ctx.output(WATCHED, Tuple2.of(nodeId, true));
            }
        };
    }

    /** Sends a command about the current node to its partition, in the node's own sequence. */
    private void send(String target, String nodeId, PartitionCommand.Builder command, Collector<PartitionCommand> out)
            throws Exception {
        long next = sequence.value() == null ? 1 : sequence.value() + 1;
        sequence.update(next);
        out.collect(command.setPartitionId(target)
                .setOrderKey(PartitionProtocol.nodeOrderKey(nodeId)) // node changes before pods at one instant
                .setSequence(next)
                .build());
    }

    private static String topologyProblem(Location location) {
        for (String name : new String[] {location.zone(), location.coreSwitch(), location.chassis(), location.host()}) {
            if (name.contains(PartitionScheme.SEPARATOR)) {
                return "topology: domain name '" + name + "' must not contain '" + PartitionScheme.SEPARATOR + "'";
            }
        }
        return null;
    }

    private void forward(String target, NodeEvent event, Collector<PartitionCommand> out) throws Exception {
        forwarded.inc();
        send(target, event.getNodeId(), PartitionCommand.newBuilder().setNodeEvent(event), out);
    }

    private void refuse(NodeEvent event, Context ctx, String reason) {
        refused.inc();
        ctx.output(DeadLetters.TAG, InvalidRecords.of(NodeEvent.class, event, nodeEventsTopic, event.getNodeId(),
                "NodeEvent " + event.getNodeId() + " (" + event.getType() + "): " + reason, "node directory"));
    }
}
