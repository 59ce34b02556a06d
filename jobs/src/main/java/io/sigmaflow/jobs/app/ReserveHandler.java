package io.sigmaflow.jobs.app;

import io.sigmaflow.schema.PlacementRequest;
import io.sigmaflow.schema.job.AppState;

/**
 * RESERVE: how many slots of a template to hold for the app ({@link ReservationSlots}); 0 cancels.
 * A tombstone comes back as an app with a reservation only; a new template makes held slots stale.
 */
final class ReserveHandler implements RequestHandler {
    @Override
    public String problem(PlacementRequest r, AppState s, MaxNodeSize maxNode) {
        if (RequestChecks.destroying(s)) {
            return "appId: app " + r.getAppId() + " is still being destroyed; reserve again once its DESTROY"
                    + " completed";
        }
        return r.getReplicas() == 0 ? null : RequestChecks.template(r, maxNode); // 0 cancels: no template needed
    }

    @Override
    public AppState apply(PlacementRequest r, AppState s) {
        AppState held = s == null ? AppState.newBuilder().setAppId(r.getAppId()).build() : s;
        held.setDestroyed(false); // a tombstone comes back as an app with a reservation only
        int slots = r.getReplicas();
        if (slots > 0 && !r.getTemplate().equals(held.getReservation())) {
            if (held.getReservation() != null) {
                held.setSlotRevision(held.getSlotRevision() + 1); // the held slots are stale now
            }
            held.setReservation(r.getTemplate());
        }
        held.setReserved(slots);
        return held;
    }
}
