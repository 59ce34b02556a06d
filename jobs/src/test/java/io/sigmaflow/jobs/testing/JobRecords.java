package io.sigmaflow.jobs.testing;

import io.sigmaflow.schema.DispersionLevel;
import io.sigmaflow.schema.NodeEvent;
import io.sigmaflow.schema.NodeEventType;
import io.sigmaflow.schema.Payload;
import io.sigmaflow.schema.PlacementRequest;
import io.sigmaflow.schema.PodTemplate;
import io.sigmaflow.schema.QosClass;
import io.sigmaflow.schema.RequestType;
import io.sigmaflow.schema.Resources;
import io.sigmaflow.schema.Topology;
import io.sigmaflow.schema.TopologyLevel;
import io.sigmaflow.schema.UpgradePolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Wire records for job tests: nodes of a topology, and requests. */
public final class JobRecords {
    private JobRecords() {}

    public static NodeEvent register(String node, String coreSwitch, String chassis, long cpuMillis, long memoryMb) {
        return NodeEvent.newBuilder()
                .setNodeId(node)
                .setType(NodeEventType.REGISTER)
                .setCapacity(new Resources(cpuMillis, memoryMb, 0L))
                .setTopology(new Topology("default", coreSwitch, chassis, node))
                .build();
    }

    public static NodeEvent event(String node, NodeEventType type) {
        return NodeEvent.newBuilder().setNodeId(node).setType(type).build();
    }

    /** {@code switches x chassis x hosts} nodes {@code s0-c1-h2} on switch {@code s0}, chassis {@code s0-c1}. */
    public static List<NodeEvent> topology(int switches, int chassis, int hosts, long cpuMillis, long memoryMb) {
        List<NodeEvent> out = new ArrayList<>();
        for (int s = 0; s < switches; s++) {
            for (int c = 0; c < chassis; c++) {
                for (int h = 0; h < hosts; h++) {
                    out.add(register("s" + s + "-c" + c + "-h" + h, "s" + s, "s" + s + "-c" + c, cpuMillis, memoryMb));
                }
            }
        }
        return out;
    }

    public static PodTemplate template(long cpuMillis, long memoryMb) {
        return PodTemplate.newBuilder()
                .setResources(new Resources(cpuMillis, memoryMb, 0L))
                .setPriority(100)
                .setQos(QosClass.LS)
                .setDispersion(List.of(new DispersionLevel(TopologyLevel.CORE_SWITCH, 1),
                        new DispersionLevel(TopologyLevel.CHASSIS, 1), new DispersionLevel(TopologyLevel.HOST, 1)))
                .setNodeSelector(Map.of())
                .setTolerations(List.of())
                .setPayload(new Payload("/usr/bin/sleep", List.of("3600"), Map.of()))
                .build();
    }

    public static PlacementRequest publish(String requestId, String app, int replicas, PodTemplate template) {
        return request(requestId, app, RequestType.PUBLISH, replicas, template, null);
    }

    public static PlacementRequest scale(String requestId, String app, int replicas) {
        return request(requestId, app, RequestType.SCALE, replicas, null, null);
    }

    public static PlacementRequest upgrade(String requestId, String app, PodTemplate template, int maxUnavailable,
                                           int maxSurge) {
        return request(requestId, app, RequestType.UPGRADE, null, template, new UpgradePolicy(maxUnavailable, maxSurge));
    }

    public static PlacementRequest destroy(String requestId, String app) {
        return request(requestId, app, RequestType.DESTROY, null, null, null);
    }

    public static PlacementRequest request(String requestId, String app, RequestType type, Integer replicas,
                                           PodTemplate template, UpgradePolicy upgrade) {
        return PlacementRequest.newBuilder()
                .setRequestId(requestId)
                .setAppId(app)
                .setType(type)
                .setReplicas(replicas)
                .setTemplate(template)
                .setUpgrade(upgrade)
                .build();
    }
}
