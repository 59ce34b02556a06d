package io.sigmaflow.jobs.app;

import io.sigmaflow.schema.PlacementRequest;
import io.sigmaflow.schema.job.AppState;
import java.util.List;
import java.util.TreeMap;

/**
 * DESTROY: the app (or its reservation alone) goes; the reconciler releases every pod and slot,
 * then leaves a tombstone ({@link #toTombstone}) that keeps pod numbering and request ids.
 */
final class DestroyHandler implements RequestHandler {
    @Override
    public String problem(PlacementRequest r, AppState s, MaxNodeSize maxNode) {
        return s != null && !s.getDestroyed() ? null : RequestChecks.unknown(r); // a reservation alone may go too
    }

    @Override
    public AppState apply(PlacementRequest r, AppState s) {
        s.setDestroyed(true);
        s.setReplicas(0);
        s.setReserved(0);
        return s;
    }

    /** Tombstone of a destroyed app: identity, numbering and clocks only. */
    static void toTombstone(AppState s) {
        s.setReservation(null);
        s.setReserved(0);
        s.setSlotClaims(new TreeMap<>());
        s.setOpenReservations(List.of());
        s.setLastReservationOutcome(null);
        s.setTemplate(null);
        s.setReplicas(0);
        s.setPartitionCounts(new TreeMap<>());
        s.setOpenRequests(List.of());
        s.setPendingReasons(new TreeMap<>());
        s.setPendingMessage(null);
        s.setLastOutcome(null);
    }
}
