package io.sigmaflow.cli.ops;

import io.sigmaflow.jobs.protocol.Cordon;
import io.sigmaflow.schema.DispersionLevel;
import io.sigmaflow.schema.NodeEvent;
import io.sigmaflow.schema.NodeEventType;
import io.sigmaflow.schema.NodeState;
import io.sigmaflow.schema.OutcomeStatus;
import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.PlacementAction;
import io.sigmaflow.placement.placer.ScoreProfileId;
import io.sigmaflow.schema.CompactExplanation;
import io.sigmaflow.schema.PlacementExplanation;
import io.sigmaflow.schema.PlacementRequest;
import io.sigmaflow.schema.PodAllocation;
import io.sigmaflow.schema.PodTemplate;
import io.sigmaflow.schema.QosClass;
import io.sigmaflow.schema.RequestOutcome;
import io.sigmaflow.schema.RequestType;
import io.sigmaflow.schema.Resources;
import io.sigmaflow.schema.Taint;
import io.sigmaflow.schema.TaintEffect;
import io.sigmaflow.schema.Topology;
import io.sigmaflow.schema.TopologyLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The operator commands' topics in memory, with a stand-in for the job: a cordon / uncordon UPDATE
 * is committed at once, a DRAIN moves the node's pods to the first other node (unless
 * {@code commits} is off, to test waiting). Not the job: its real behaviour is CordonTest's and
 * OpsCommandsIT's.
 *
 * <p>The cluster: switch sw-1 with n1 (8 cores, disk=ssd, web-0 and batch-0 on it) and n2 (4
 * cores, disk=hdd, tainted dedicated=db, web-1); switch sw-2 with n3 (4 cores, disk=ssd, empty).
 * App web: 1 core / 1 GiB pods, PLACED; app batch: 6-core pods, 1 placed, 1 pending.
 */
final class FakeTopics implements OpsTopics {
    final TreeMap<String, NodeState> nodes = new TreeMap<>();
    final List<Placement> placements = new ArrayList<>();
    final List<RequestOutcome> outcomes = new ArrayList<>();
    final List<PlacementRequest> requests = new ArrayList<>();
    final List<NodeEvent> sent = new ArrayList<>();
    boolean commits = true;
    private long version = 100;

    static final Taint DEDICATED = new Taint("dedicated", "db", TaintEffect.NO_SCHEDULE);
    static final PlacementExplanation WEB_0 = PlacementExplanation.newBuilder()
            .setWinnerScores(Map.of("BalancedAllocation", 100.0, "Dispersion", 100.0, "NodeResourcesAllocated", 87.5))
            .setRunnerUpNodeId("n3")
            .setRunnerUpScores(Map.of("BalancedAllocation", 100.0, "Dispersion", 50.0, "NodeResourcesAllocated", 75.0))
            .setFeasibleNodes(2)
            .build();

    /** WEB_0 as the job writes it since Placement v3: the default profile's positions, floats. */
    static final CompactExplanation WEB_0_COMPACT = CompactExplanation.newBuilder()
            .setScoreProfile(ScoreProfileId.of(List.of("Dispersion", "NodeResourcesAllocated", "BalancedAllocation")))
            .setListed(0b111L)
            .setWinnerScores(List.of(100f, 87.5f, 100f))
            .setRunnerUpNodeId("n3")
            .setRunnerUpScores(List.of(50f, 75f, 100f))
            .setFeasibleNodes(2)
            .build();

    FakeTopics() {
        node("n1", "sw-1", "ch-1", 8_000, 16_384, Map.of("disk", "ssd"), List.of(),
                pod("web-0", "web", 1_000, 1_024), pod("batch-0", "batch", 6_000, 8_192));
        node("n2", "sw-1", "ch-1", 4_000, 8_192, Map.of("disk", "hdd"), List.of(DEDICATED), pod("web-1", "web", 1_000, 1_024));
        node("n3", "sw-2", "ch-2", 4_000, 8_192, Map.of("disk", "ssd"), List.of());
        placements.add(bind("web-0", "web", "n1", 7, WEB_0, "web-1"));
        requests.add(publish("web-1", "web", 2, 1_000, 1_024));
        requests.add(publish("batch-1", "batch", 2, 6_000, 8_192));
        outcomes.add(RequestOutcome.newBuilder().setRequestId("web-1").setAppId("web").setStatus(OutcomeStatus.PLACED)
                .setDesired(2).setPlaced(2).setPending(0).build());
        outcomes.add(RequestOutcome.newBuilder().setRequestId("batch-1").setAppId("batch")
                .setStatus(OutcomeStatus.PARTIALLY_PLACED).setDesired(2).setPlaced(1).setPending(1)
                .setPendingReasons(Map.of("NodeResourcesFit", 2, "TaintToleration", 1))
                .setMessage("1 of 2 pods of revision 1 placed; no node fits pod batch-1: 0/3 nodes are available").build());
    }

    void node(String id, String sw, String ch, long cpu, long memory, Map<String, String> labels, List<Taint> taints,
              PodAllocation... pods) {
        nodes.put(id, NodeState.newBuilder().setNodeId(id).setTopology(new Topology("z", sw, ch, id))
                .setAllocatable(new Resources(cpu, memory, 100_000L)).setLabels(labels).setTaints(new ArrayList<>(taints))
                .setSchedulable(true).setPods(new ArrayList<>(List.of(pods))).setVersion(version++).build());
    }

    static PodAllocation pod(String id, String app, long cpu, long memory) {
        return new PodAllocation(id, app, 1L, new Resources(cpu, memory, 0L), 0, QosClass.LS, null, java.util.List.of());
    }

    static Placement bind(String pod, String app, String node, long generation, PlacementExplanation e, String request) {
        return Placement.newBuilder().setPodId(pod).setAppId(app).setNodeId(node).setAction(PlacementAction.BIND)
                .setGeneration(generation).setResources(new Resources(1_000L, 1_024L, 0L)).setRequestId(request)
                .setExplanation(e).build();
    }

    static PlacementRequest publish(String id, String app, int replicas, long cpu, long memory) {
        return PlacementRequest.newBuilder().setRequestId(id).setAppId(app).setType(RequestType.PUBLISH)
                .setReplicas(replicas)
                .setTemplate(PodTemplate.newBuilder().setResources(new Resources(cpu, memory, 0L))
                        .setDispersion(List.of(new DispersionLevel(TopologyLevel.CORE_SWITCH, 1)))
                        .setNodeSelector(Map.of()).setTolerations(List.of()).setPayload(new io.sigmaflow.schema.Payload("/usr/bin/sleep", List.of("infinity"), Map.of())).build())
                .build();
    }

    @Override
    public List<NodeState> nodeStates() {
        return List.copyOf(nodes.values());
    }

    @Override
    public List<Placement> placements() {
        return List.copyOf(placements);
    }

    @Override
    public List<RequestOutcome> outcomes() {
        return List.copyOf(outcomes);
    }

    @Override
    public List<PlacementRequest> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void send(List<NodeEvent> events) {
        sent.addAll(events);
        if (!commits) {
            return;
        }
        for (NodeEvent e : events) {
            NodeState s = nodes.get(e.getNodeId());
            if (e.getType() == NodeEventType.UPDATE) {
                nodes.put(s.getNodeId(), NodeState.newBuilder(s).setLabels(e.getLabels())
                        .setTaints(new ArrayList<>(e.getTaints())).setVersion(version++).build());
            } else if (e.getType() == NodeEventType.DRAIN) {
                String to = nodes.keySet().stream().filter(n -> !n.equals(s.getNodeId())).findFirst().orElseThrow();
                NodeState target = nodes.get(to);
                List<PodAllocation> moved = new ArrayList<>(target.getPods());
                moved.addAll(s.getPods());
                nodes.put(to, NodeState.newBuilder(target).setPods(moved).setVersion(version++).build());
                nodes.put(s.getNodeId(), NodeState.newBuilder(s).setPods(new ArrayList<>()).setVersion(version++).build());
            }
        }
    }

    boolean cordoned(String node) {
        return Cordon.isCordoned(nodes.get(node).getTaints());
    }

    @Override
    public void close() {}
}
