package io.sigmaflow.jobs.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sigmaflow.schema.job.AppPod;
import io.sigmaflow.schema.job.AppPodPhase;
import org.junit.jupiter.api.Test;

/**
 * {@link Reconciler#pending} builds a pod with Avro's positional constructor (cheaper than a
 * builder per pod): a schema change that reorders fields could still compile. The pod must equal
 * the builder's, which sets fields by name and takes the schema's defaults for the rest.
 */
class ReconcilerTest {
    @Test
    void aNewPodIsTheBuildersPendingPodWithTheSchemasDefaults() {
        AppPod expected = AppPod.newBuilder().setPodId("cart-3").setRevision(4).setPhase(AppPodPhase.PENDING)
                .setGeneration(0L).build();
        assertEquals(expected, Reconciler.pending("cart-3", 4));
    }
}
