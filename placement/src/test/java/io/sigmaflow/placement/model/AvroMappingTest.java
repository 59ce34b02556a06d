package io.sigmaflow.placement.model;

import static io.sigmaflow.placement.testing.Fixtures.node;
import static io.sigmaflow.placement.testing.Fixtures.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.schema.DispersionLevel;
import io.sigmaflow.schema.NodeState;
import io.sigmaflow.schema.Payload;
import io.sigmaflow.schema.PodTemplate;
import io.sigmaflow.schema.QosClass;
import io.sigmaflow.schema.Resources;
import io.sigmaflow.schema.TaintEffect;
import io.sigmaflow.schema.TopologyLevel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AvroMappingTest {

    private static PodTemplate.Builder template() {
        return PodTemplate.newBuilder().setResources(new Resources(500L, 256L, 10L)).setPriority(7).setQos(QosClass.BE)
                .setNodeSelector(Map.of("disk", "ssd"))
                .setTolerations(List.of(new io.sigmaflow.schema.Toleration("dedicated", null, TaintEffect.NO_SCHEDULE)))
                .setPayload(new Payload("sleep", List.of(), Map.of()));
    }

    @Test
    void podFromTemplate() {
        Pod p = AvroMapping.pod("web-1", "web", 3, template().build());
        assertEquals(new ResourceVector(500, 256, 10), p.requests());
        assertEquals(7, p.priority());
        assertEquals(QosClass.BE, p.qos());
        assertEquals(Map.of("disk", "ssd"), p.nodeSelector());
        assertEquals(List.of(new Toleration("dedicated", null, TaintEffect.NO_SCHEDULE)), p.tolerations());
        assertEquals(Dispersion.CLUSTER_DEFAULT, p.dispersion(), "null dispersion = the cluster's levels");
        assertEquals(3, p.generation());
    }

    @Test
    void dispersionLevelsAndWeights() {
        Pod none = AvroMapping.pod("p", "a", 1, template().setDispersion(List.of()).build());
        assertEquals(Dispersion.NONE, none.dispersion());
        Pod some = AvroMapping.pod("p", "a", 1, template().setDispersion(List.of(
                new DispersionLevel(TopologyLevel.CHASSIS, 3), new DispersionLevel(TopologyLevel.HOST, 1))).build());
        assertEquals(Map.of(TopologyLevel.CHASSIS, 3, TopologyLevel.HOST, 1), some.dispersion().weights());
        int[] resolved = some.dispersion().resolve(TopologyLevels.DEFAULT);
        assertEquals(List.of(0, 3, 1), List.of(resolved[0], resolved[1], resolved[2]));
        var bad = assertThrows(IllegalArgumentException.class, () -> AvroMapping.pod("p", "a", 1,
                template().setDispersion(List.of(new DispersionLevel(TopologyLevel.HOST, 0))).build()));
        assertTrue(bad.getMessage().startsWith("PodTemplate of app a: dispersion weight of HOST"), bad.getMessage());
    }

    @Test
    void nodeStateRoundTrip() {
        Node n = node("n1").zone("z1").coreSwitch("s1").chassis("c1").cpu(4000).memory(8000).disk(100)
                .label("gpu", "yes").taint("t", "v", TaintEffect.NO_EXECUTE).condition(NodeCondition.DRAINING).build();
        List<Pod> pods = List.of(pod("b").app("x").cpu(10).build(), pod("a").app("y").priority(3).build());
        NodeState state = AvroMapping.nodeState(n, pods, 5, 99);
        assertEquals(List.of("a", "b"), state.getPods().stream().map(p -> p.getPodId()).toList(), "sorted by pod id");
        assertEquals(n.withCondition(NodeCondition.UNSCHEDULABLE), AvroMapping.node(state),
                "the wire has no draining flag: it comes back unschedulable");
        List<Pod> back = AvroMapping.pods(state);
        assertEquals(List.of("a", "b"), back.stream().map(Pod::id).toList());
        assertEquals(3, back.get(0).priority());
        assertEquals(5, state.getVersion());
    }
}
