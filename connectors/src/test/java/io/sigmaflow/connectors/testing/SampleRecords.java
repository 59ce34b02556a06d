package io.sigmaflow.connectors.testing;

import io.sigmaflow.schema.DeadLetter;
import io.sigmaflow.schema.DispersionLevel;
import io.sigmaflow.schema.InventoryEntry;
import io.sigmaflow.schema.Migration;
import io.sigmaflow.schema.NodeEvent;
import io.sigmaflow.schema.NodeEventType;
import io.sigmaflow.schema.NodeInventory;
import io.sigmaflow.schema.NodeState;
import io.sigmaflow.schema.OutcomeStatus;
import io.sigmaflow.schema.Payload;
import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.PlacementAction;
import io.sigmaflow.schema.PlacementExplanation;
import io.sigmaflow.schema.PlacementFeedback;
import io.sigmaflow.schema.PlacementRequest;
import io.sigmaflow.schema.PodAllocation;
import io.sigmaflow.schema.PodCpuSetting;
import io.sigmaflow.schema.PodResult;
import io.sigmaflow.schema.PodResultStatus;
import io.sigmaflow.schema.PodState;
import io.sigmaflow.schema.PodStatus;
import io.sigmaflow.schema.PodTemplate;
import io.sigmaflow.schema.PriorityChange;
import io.sigmaflow.schema.QosClass;
import io.sigmaflow.schema.RequestOutcome;
import io.sigmaflow.schema.RequestType;
import io.sigmaflow.schema.Resources;
import io.sigmaflow.schema.ShardSummary;
import io.sigmaflow.schema.Taint;
import io.sigmaflow.schema.TaintEffect;
import io.sigmaflow.schema.Toleration;
import io.sigmaflow.schema.Topology;
import io.sigmaflow.schema.TopologyLevel;
import io.sigmaflow.schema.UpgradePolicy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/** One fully populated instance of every wire record: every optional field set, every union branch used. */
public final class SampleRecords {
    private SampleRecords() {}

    public static Resources resources(long cpuMillis, long memoryMb) {
        return new Resources(cpuMillis, memoryMb, 1024L);
    }

    public static Topology topology(String coreSwitch, String chassis, String host) {
        return new Topology("zone-a", coreSwitch, chassis, host);
    }

    public static PodTemplate template() {
        return PodTemplate.newBuilder()
                .setResources(resources(500, 1024))
                .setPriority(100)
                .setQos(QosClass.LS)
                .setDispersion(List.of(new DispersionLevel(TopologyLevel.CORE_SWITCH, 3),
                        new DispersionLevel(TopologyLevel.CHASSIS, 2), new DispersionLevel(TopologyLevel.HOST, 1)))
                .setNodeSelector(Map.of("pool", "online"))
                .setTolerations(List.of(new Toleration("dedicated", "search", TaintEffect.NO_SCHEDULE)))
                .setPayload(new Payload("/bin/sleep", List.of("3600"), Map.of("APP", "cart")))
                .build();
    }

    public static PlacementRequest publish(String requestId, String appId, int replicas) {
        return PlacementRequest.newBuilder()
                .setRequestId(requestId)
                .setAppId(appId)
                .setReplicas(replicas)
                .setTemplate(template())
                .setUpgrade(new UpgradePolicy(2, 1))
                .setSubmittedAtMs(1_700_000_000_000L)
                .setSubmitter("release-bot")
                .setType(RequestType.PUBLISH)
                .build();
    }

    public static Placement placement(String podId, String nodeId, long generation) {
        return Placement.newBuilder()
                .setPodId(podId)
                .setAppId("cart")
                .setNodeId(nodeId)
                .setAction(PlacementAction.BIND)
                .setGeneration(generation)
                .setResources(resources(500, 1024))
                .setPriority(100)
                .setQos(QosClass.BE)
                .setPayload(new Payload("/bin/sleep", List.of("3600"), Map.of()))
                .setRequestId("r-1")
                .setReason("publish")
                .setExplanation(new PlacementExplanation(Map.of("dispersion", 100.0, "least-allocated", 42.5),
                        "node-2", Map.of("dispersion", 50.0), 12))
                .setDecidedAtMs(1_700_000_000_001L)
                .build();
    }

    /** Every wire record type, populated. */
    public static List<SpecificRecord> all() {
        return List.of(
                publish("r-1", "cart", 3),
                NodeEvent.newBuilder()
                        .setNodeId("node-1")
                        .setType(NodeEventType.REGISTER)
                        .setCapacity(resources(32_000, 131_072))
                        .setAllocatable(resources(30_000, 120_000))
                        .setTopology(topology("sw-1", "ch-1", "node-1"))
                        .setLabels(Map.of("pool", "online"))
                        .setTaints(List.of(new Taint("dedicated", "search", TaintEffect.PREFER_NO_SCHEDULE)))
                        .setEventTimeMs(5)
                        .build(),
                placement("cart-0", "node-1", 7),
                new PriorityChange("node-1", 3L,
                        List.of(new PodCpuSetting("cart-0", QosClass.LSR, 200, 2000L, false),
                                new PodCpuSetting("batch-1", QosClass.BE, 1, -1L, true)),
                        "LS pod arrived next to BE pods", 9L),
                new PodStatus("node-1", "cart-0", "cart", 7L, PodState.FAILED, 137, "killed", 11L),
                new NodeInventory("node-1", List.of(new InventoryEntry("cart-0", 7L, PodState.RUNNING)), 12L),
                new Migration("plan-1", 0, 2, "cart-0", "cart", "node-1", "node-2", "dispersion", 13L),
                RequestOutcome.newBuilder()
                        .setRequestId("r-1").setAppId("cart").setStatus(OutcomeStatus.PARTIALLY_PLACED)
                        .setDesired(3).setPlaced(2).setPending(1)
                        .setPendingReasons(Map.of("NodeResourcesFit", 4, "TaintToleration", 1))
                        .setMessage("1 pod pending").setEmittedAtMs(14L).build(),
                NodeState.newBuilder()
                        .setNodeId("node-1").setTopology(topology("sw-1", "ch-1", "node-1"))
                        .setAllocatable(resources(30_000, 120_000)).setLabels(Map.of("pool", "online"))
                        .setTaints(List.of()).setSchedulable(false).setRemoved(false)
                        .setPods(List.of(new PodAllocation("cart-0", "cart", 7L, resources(500, 1024), 100, QosClass.LS, null, List.of())))
                        .setVersion(4).setUpdatedAtMs(15L).build(),
                DeadLetter.newBuilder()
                        .setReason("corrupt").setErrorType("CORRUPT").setSourceTopic("sigma.requests")
                        .setSourcePartition(3).setSourceOffset(42)
                        .setKey(ByteBuffer.wrap("cart".getBytes(StandardCharsets.UTF_8)))
                        .setValue(ByteBuffer.wrap(new byte[] {1, 2, 3}))
                        .setStage("decode PlacementRequest").setFailedAtMs(16L).build(),
                PlacementFeedback.newBuilder()
                        .setShardId("sw-1").setClock(17L)
                        .setSummary(ShardSummary.newBuilder().setPath(List.of("sw-1")).setNodes(4).setSchedulableNodes(3)
                                .setUntaintedSchedulableNodes(2).setMaxFreeCpu(8_000).setMaxFreeMemory(16_384)
                                .setMaxFreeDisk(1024).setFreeCpu(20_000).setFreeMemory(40_000).setAllocatableCpu(32_000)
                                .setAllocatableMemory(65_536).setLabels(Map.of("pool=online", 3)).setCapacityEpoch(9L)
                                .build())
                        .setAppId("cart")
                        .setResults(List.of(
                                new PodResult("cart-0", 2, PodResultStatus.BOUND, 18L, "node-1",
                                        topology("sw-1", "ch-1", "node-1"), Map.of(), null, false),
                                new PodResult("cart-1", 2, PodResultStatus.UNSCHEDULABLE, 19L, null, null,
                                        Map.of("NodeResourcesFit", 3), "0/4 nodes are available", false)))
                        .build());
    }
}
