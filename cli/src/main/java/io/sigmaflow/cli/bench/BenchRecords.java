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
import io.sigmaflow.schema.TopologyLevel;
import java.util.List;
import java.util.Map;

/** The generated cluster and workload as the wire records a cluster and a release system send. */
final class BenchRecords {
    private BenchRecords() {}

    static NodeEvent register(Node node) {
        return NodeEvent.newBuilder()
                .setNodeId(node.id())
                .setType(NodeEventType.REGISTER)
                .setCapacity(AvroMapping.resources(node.allocatable()))
                .setTopology(AvroMapping.topology(node.location()))
                .build();
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
