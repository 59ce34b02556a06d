package io.sigmaflow.cli.bench;

import io.sigmaflow.placement.model.AvroMapping;
import io.sigmaflow.placement.model.Node;
import io.sigmaflow.placement.model.Pod;
import io.sigmaflow.schema.DispersionLevel;
import io.sigmaflow.schema.NodeEvent;
import io.sigmaflow.schema.NodeEventType;
import io.sigmaflow.schema.Payload;
import io.sigmaflow.schema.PlacementRequest;
import io.sigmaflow.schema.PodTemplate;
import io.sigmaflow.schema.RequestType;
import io.sigmaflow.schema.Topology;
import io.sigmaflow.schema.TopologyLevel;
import java.util.List;
import java.util.Map;

/** The generated cluster and workload as the wire records a cluster and a release system send. */
final class BenchRecords {
    private BenchRecords() {}

    static NodeEvent register(Node node) {
        return register(node, RunIds.NONE);
    }

    /** A REGISTER with the run's prefix on the node id and every topology name. */
    static NodeEvent register(Node node, RunIds ids) {
        Topology topology = AvroMapping.topology(node.location());
        topology.setCoreSwitch(ids.id(topology.getCoreSwitch()));
        topology.setChassis(ids.id(topology.getChassis()));
        topology.setHost(ids.id(topology.getHost()));
        return NodeEvent.newBuilder()
                .setNodeId(ids.id(node.id()))
                .setType(NodeEventType.REGISTER)
                .setCapacity(AvroMapping.resources(node.allocatable()))
                .setTopology(topology)
                .build();
    }

    /** The node leaves the cluster (the benchmark's clean-up, once its apps are destroyed). */
    static NodeEvent remove(String nodeId) {
        return NodeEvent.newBuilder().setNodeId(nodeId).setType(NodeEventType.REMOVE).build();
    }

    /** Every pod of the app released; the app keeps a tombstone. */
    static PlacementRequest destroy(String appId) {
        return PlacementRequest.newBuilder()
                .setRequestId(destroyRequestId(appId))
                .setAppId(appId)
                .setType(RequestType.DESTROY)
                .setSubmitter("bench")
                .build();
    }

    static String destroyRequestId(String appId) {
        return "bench-destroy-" + appId;
    }

    /** One PUBLISH of every pod of an app (they share one shape: the generator gives an app one size). */
    static PlacementRequest publish(String appId, List<Pod> pods) {
        Pod first = pods.get(0);
        PodTemplate template = PodTemplate.newBuilder()
                .setResources(AvroMapping.resources(first.requests()))
                .setPriority(first.priority())
                .setQos(first.qos())
                .setDispersion(List.of(new DispersionLevel(TopologyLevel.CORE_SWITCH, 1),
                        new DispersionLevel(TopologyLevel.CHASSIS, 1), new DispersionLevel(TopologyLevel.HOST, 1)))
                .setPayload(new Payload("/usr/bin/sleep", List.of("infinity"), Map.of()))
                .build();
        return PlacementRequest.newBuilder()
                .setRequestId("bench-" + appId)
                .setAppId(appId)
                .setType(RequestType.PUBLISH)
                .setReplicas(pods.size())
                .setTemplate(template)
                .setSubmitter("bench")
                .build();
    }
}
