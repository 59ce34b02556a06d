package io.sigmaflow.jobs.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sigmaflow.schema.CompactExplanation;
import io.sigmaflow.schema.GpuRequest;
import io.sigmaflow.schema.Payload;
import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.PlacementAction;
import io.sigmaflow.schema.PodAllocation;
import io.sigmaflow.schema.QosClass;
import io.sigmaflow.schema.Resources;
import io.sigmaflow.schema.job.BoundPod;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link PlacementRecords} builds its records with Avro's positional constructors (cheaper than
 * builders per BIND): a schema change that reorders two fields of the same type would still
 * compile. Each record here is compared with the one Avro's builder makes by field name, from a
 * pod whose every field holds a distinct value.
 */
class PlacementRecordsTest {
    private static final BoundPod POD = BoundPod.newBuilder()
            .setPodId("cart-7").setAppId("cart").setRevision(3).setNodeId("node-42").setGeneration(11L)
            .setResources(new Resources(1500L, 2048L, 10L)).setPriority(9).setQos(QosClass.LS)
            .setRequestId("req-5").setBoundAtMs(1_000L)
            .setPayload(new Payload("/bin/cart", List.of("--port", "8080"), Map.of("ZONE", "a")))
            .setGpu(new GpuRequest(1, 0, List.of("A100"))).setGpus(List.of(2, 5))
            .build();
    private static final CompactExplanation EXPLANATION =
            new CompactExplanation(7, 0b101L, List.of(90f, 10f), "node-9", List.of(80f, 5f), 321);

    @Test
    void aBindCarriesEachFieldUnderItsName() {
        Placement expected = Placement.newBuilder()
                .setPodId("cart-7").setAppId("cart").setNodeId("node-42").setAction(PlacementAction.BIND)
                .setGeneration(11L).setResources(new Resources(1500L, 2048L, 10L)).setPriority(9)
                .setQos(QosClass.LS).setPayload(POD.getPayload()).setRequestId("req-5").setReason("into a slot")
                .setExplanation(null).setDecidedAtMs(77L).setGpus(List.of(2, 5)).setCompactExplanation(EXPLANATION)
                .build();
        assertEquals(expected, PlacementRecords.bind(POD, POD.getPayload(), EXPLANATION, "into a slot", 77L));
    }

    @Test
    void anUnbindCarriesEachFieldUnderItsName() {
        Placement expected = Placement.newBuilder()
                .setPodId("cart-7").setAppId("cart").setNodeId("node-42").setAction(PlacementAction.UNBIND)
                .setGeneration(12L).setResources(new Resources(1500L, 2048L, 10L)).setPriority(9)
                .setQos(QosClass.LS).setPayload(null).setRequestId("req-5").setReason("preempted")
                .setExplanation(null).setDecidedAtMs(78L).setGpus(List.of()).setCompactExplanation(null)
                .build();
        assertEquals(expected, PlacementRecords.unbind(POD, 12L, "preempted", 78L));
    }

    @Test
    void anAllocationCarriesEachFieldUnderItsName() {
        PodAllocation expected = PodAllocation.newBuilder()
                .setPodId("cart-7").setAppId("shop").setGeneration(11L).setResources(new Resources(1500L, 2048L, 10L))
                .setPriority(9).setQos(QosClass.LS).setGpu(new GpuRequest(1, 0, List.of("A100"))).setGpus(List.of(2, 5))
                .build();
        assertEquals(expected, PlacementRecords.allocation(POD, "shop"));
    }
}
