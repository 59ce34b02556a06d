package io.sigmaflow.cli.whatif;

import io.sigmaflow.cli.local.StackClient;
import io.sigmaflow.connectors.topics.Topics;
import io.sigmaflow.connectors.view.NodeStates;
import io.sigmaflow.schema.NodeEvent;
import io.sigmaflow.schema.NodeEventType;
import io.sigmaflow.schema.NodeState;
import io.sigmaflow.schema.PodAllocation;
import io.sigmaflow.schema.Resources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./sigma whatif --from-cluster --bootstrap HOST:PORT}: the live cluster's committed
 * {@code sigma.node-state} (compacted: each node's latest record) as the what-if's starting cluster.
 *
 * <p>Read-only on the live Kafka: a consumer without a group (assigned partitions, no offset
 * commits) reading {@code read_committed}; no producer, no topic created there. The what-if itself
 * then runs on a broker of its own.
 *
 * <p>Each live node becomes a REGISTER with its topology, labels and taints, its capacity its
 * allocatable, and its allocatable what its bound pods leave free (cpu, memory, disk): the live pods
 * hold their resources but are not apps of the what-if (they are not moved, preempted or scaled;
 * a request naming a live app starts it anew). A node that is cordoned or draining in the live
 * cluster joins with nothing free. Removed nodes are left out. GPU allocations are not carried
 * (the node's GPUs join free).
 */
final class LiveClusterStart {
    private LiveClusterStart() {}

    /** The live nodes as REGISTER events, in node-state order of each node's latest record. */
    static List<NodeEvent> read(String bootstrap, Topics topics, Duration timeout) {
        List<NodeState> records;
        try (StackClient live = new StackClient(bootstrap, topics, timeout)) {
            records = live.readToEnd(topics.nodeState());
        }
        List<NodeEvent> nodes = new ArrayList<>();
        for (NodeState s : NodeStates.live(NodeStates.lastRead(records))) {
            nodes.add(register(s));
        }
        return nodes;
    }

    static NodeEvent register(NodeState s) {
        Resources all = s.getAllocatable();
        long cpu = all.getCpuMillis();
        long memory = all.getMemoryMb();
        long disk = all.getDiskMb();
        for (PodAllocation p : s.getPods()) {
            cpu -= p.getResources().getCpuMillis();
            memory -= p.getResources().getMemoryMb();
            disk -= p.getResources().getDiskMb();
        }
        Resources free = s.getSchedulable() ? new Resources(Math.max(0, cpu), Math.max(0, memory), Math.max(0, disk))
                : new Resources(0L, 0L, 0L);
        return NodeEvent.newBuilder().setNodeId(s.getNodeId()).setType(NodeEventType.REGISTER)
                .setCapacity(all).setAllocatable(free).setTopology(s.getTopology()).setLabels(s.getLabels())
                .setTaints(s.getTaints()).setGpus(s.getGpus()).build();
    }
}
