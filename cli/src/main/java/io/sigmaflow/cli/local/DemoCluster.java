package io.sigmaflow.cli.local;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The demo's cluster and apps, as the wire records an operator and a release system send.
 *
 * <p>Twelve nodes {@code host-1..host-12}: two per chassis, two chassis per core switch, three
 * switches, named and placed exactly as {@code ./sigma hosts --count 12} names and places its
 * simulated hosts, so those executors run this cluster's pods. Odd hosts are large (8 cores,
 * 16 GiB, {@code disk=ssd}), even ones small (4 cores, 8 GiB, {@code disk=hdd}): never more than
 * a simulated host offers, so an executor never refuses a demo pod.
 *
 * <p>Four apps, published one after another: {@code web} (LS, one pod per host), {@code cache}
 * (LS, only on {@code disk=ssd}), {@code ingest} (BE, 5 pods: 2/2/1 over the switches) and
 * {@code batch} (BE, 4 cores each: only the six large hosts still have room for one, so 6 are
 * placed and 2 stay pending with the filters' reasons).
 */
public final class DemoCluster {
    public static final int HOSTS = 12;
    static final int HOSTS_PER_CHASSIS = 2;
    static final int CHASSIS_PER_SWITCH = 2;

    /** An app of the demo: what it asks for and the request that publishes it. */
    public record App(String id, int replicas, long cpuMillis, long memoryMb, QosClass qos, Map<String, String> nodeSelector) {
        public String requestId() {
            return "demo-" + id + "-1";
        }
    }

    public static final List<App> APPS = List.of(
            new App("web", 12, 1_000, 2_048, QosClass.LS, Map.of()),
            new App("cache", 6, 2_000, 4_096, QosClass.LS, Map.of("disk", "ssd")),
            new App("ingest", 5, 500, 1_024, QosClass.BE, Map.of()),
            new App("batch", 8, 4_000, 8_192, QosClass.BE, Map.of()));

    private DemoCluster() {}

    public static List<NodeEvent> nodes() {
        List<NodeEvent> out = new ArrayList<>();
        for (int i = 1; i <= HOSTS; i++) {
            String id = "host-" + i;
            int chassis = (i - 1) / HOSTS_PER_CHASSIS + 1;
            int coreSwitch = (chassis - 1) / CHASSIS_PER_SWITCH + 1;
            boolean large = i % 2 == 1;
            out.add(NodeEvent.newBuilder()
                    .setNodeId(id)
                    .setType(NodeEventType.REGISTER)
                    .setCapacity(large ? new Resources(8_000L, 16_384L, 100_000L) : new Resources(4_000L, 8_192L, 100_000L))
                    .setTopology(new Topology("local", "cs-" + coreSwitch, "ch-" + chassis, id))
                    .setLabels(Map.of("disk", large ? "ssd" : "hdd"))
                    .setEventTimeMs(System.currentTimeMillis())
                    .build());
        }
        return out;
    }

    public static PlacementRequest publish(App app) {
        PodTemplate template = PodTemplate.newBuilder()
                .setResources(new Resources(app.cpuMillis(), app.memoryMb(), 0L))
                .setPriority(app.qos() == QosClass.BE ? 0 : 100)
                .setQos(app.qos())
                .setDispersion(List.of(new DispersionLevel(TopologyLevel.CORE_SWITCH, 1),
                        new DispersionLevel(TopologyLevel.CHASSIS, 1), new DispersionLevel(TopologyLevel.HOST, 1)))
                .setNodeSelector(app.nodeSelector())
                .setPayload(new Payload("/usr/bin/sleep", List.of("infinity"), Map.of()))
                .build();
        return PlacementRequest.newBuilder()
                .setRequestId(app.requestId())
                .setAppId(app.id())
                .setType(RequestType.PUBLISH)
                .setReplicas(app.replicas())
                .setTemplate(template)
                .setSubmittedAtMs(System.currentTimeMillis())
                .setSubmitter("sigma-demo")
                .build();
    }
}
