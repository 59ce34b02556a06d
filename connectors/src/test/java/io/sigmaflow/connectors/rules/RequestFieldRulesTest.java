package io.sigmaflow.connectors.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.sigmaflow.connectors.testing.SampleRecords;
import io.sigmaflow.schema.DispersionLevel;
import io.sigmaflow.schema.GpuRequest;
import io.sigmaflow.schema.PlacementRequest;
import io.sigmaflow.schema.RequestType;
import io.sigmaflow.schema.Resources;
import io.sigmaflow.schema.Toleration;
import io.sigmaflow.schema.TopologyLevel;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestFieldRulesTest {
    @Test
    void aValidPublishHasNoProblem() {
        assertEquals(List.of(), RequestFieldRules.problems(SampleRecords.publish("r", "cart", 3)));
    }

    @Test
    void everyProblemIsListedInFieldOrder() {
        PlacementRequest r = SampleRecords.publish(" ", "cart..1", -2);
        r.getTemplate().setResources(new Resources(-1L, 512L, 0L));
        r.getTemplate().setDispersion(List.of(new DispersionLevel(TopologyLevel.HOST, 0)));
        r.getTemplate().setTolerations(List.of(new Toleration(" ", null, null)));
        assertEquals(List.of(
                "requestId: must not be blank",
                "appId: 'cart..1' must not contain '..' (app ids name files and cgroups on hosts)",
                "replicas: must be >= 0, got -2",
                "template.resources: must not be negative, got cpuMillis=-1 memoryMb=512 diskMb=0",
                "template.dispersion[0].weight: must be >= 1, got 0",
                "template.tolerations[0].key: must not be blank"), RequestFieldRules.problems(r));
    }

    @Test
    void eachTypeAsksForItsOwnFields() {
        PlacementRequest scale = SampleRecords.publish("r", "cart", 3);
        scale.setType(RequestType.SCALE);
        scale.setTemplate(null);
        assertNull(RequestFieldRules.problem(scale));
        scale.setReplicas(null);
        assertEquals("replicas: required for SCALE", RequestFieldRules.problem(scale));
        PlacementRequest destroy = SampleRecords.publish("r", "cart", 3);
        destroy.setType(RequestType.DESTROY);
        destroy.setReplicas(null);
        destroy.setTemplate(null);
        assertNull(RequestFieldRules.problem(destroy));
        PlacementRequest cancel = SampleRecords.publish("r", "cart", 0);
        cancel.setType(RequestType.RESERVE);
        cancel.setTemplate(null);
        assertNull(RequestFieldRules.problem(cancel), "RESERVE of 0 cancels: no template needed");
    }

    @Test
    void appIdsAreSafeOnEveryHost() {
        for (String id : List.of("..", "a..b", "a/b", "a\\b", "a b", "-a", ".a", "a".repeat(101), "a\u0000")) {
            assertEquals("appId", RequestFieldRules.appId(id).substring(0, 5), id);
        }
        for (String id : List.of("web", "web-1", "web_1.v2", "W", "a".repeat(100))) {
            assertNull(RequestFieldRules.appId(id), id);
        }
        assertEquals("x: '../etc' must not contain '/', '\\' or '..' (ids name files and cgroups on hosts)",
                FieldLimits.safeId("x", "../etc"));
    }

    @Test
    void aGpuRequestIsWholeGpusUpToEightOrAShareOfOne() {
        PlacementRequest r = SampleRecords.publish("r", "train", 2);
        r.getTemplate().setGpu(new GpuRequest(8, 0, List.of("V100M32")));
        assertNull(RequestFieldRules.problem(r), "8 whole GPUs of one model");
        r.getTemplate().setGpu(new GpuRequest(0, 250, List.of()));
        assertNull(RequestFieldRules.problem(r), "a quarter of one GPU");
        r.getTemplate().setGpu(new GpuRequest(9, 0, List.of()));
        assertEquals("template.gpu.wholeGpus: must be 0..8, got 9", RequestFieldRules.problem(r));
        r.getTemplate().setGpu(new GpuRequest(0, 1000, List.of()));
        assertEquals("template.gpu.milliShare: must be 1..999 (a share of one GPU; ask wholeGpus for whole ones), got 1000",
                RequestFieldRules.problem(r));
        r.getTemplate().setGpu(new GpuRequest(1, 500, List.of()));
        assertEquals("template.gpu: ask either wholeGpus or milliShare, not both (got wholeGpus=1 milliShare=500)",
                RequestFieldRules.problem(r));
        r.getTemplate().setGpu(new GpuRequest(-1, 0, List.of(" ")));
        assertEquals(List.of("template.gpu.wholeGpus: must be 0..8, got -1", "template.gpu.models[0]: must not be blank"),
                RequestFieldRules.problems(r));
    }
}
