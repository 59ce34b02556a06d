package io.sigmaflow.jobs.app;

import io.sigmaflow.jobs.routing.PartitionRouter;
import io.sigmaflow.schema.OutcomeStatus;
import io.sigmaflow.schema.job.AppPod;
import io.sigmaflow.schema.job.AppPodPhase;
import io.sigmaflow.schema.job.AppState;
import io.sigmaflow.schema.job.OpenRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The outcomes of an app's RESERVE requests, from its slots ({@link ReservationSlots}). */
final class ReservationOutcomes {
    private ReservationOutcomes() {}

    /**
     * Once no slot is in flight: the newest open RESERVE's outcome ({@code desired} the slots
     * wanted, {@code placed} those held, {@code pending} those waiting for capacity), older open
     * ones superseded by it; an unchanged outcome is not repeated.
     */
    static void emit(AppState s, List<AppPod> slots, PartitionRouter router, AppEffects fx) {
        List<OpenRequest> open = s.getOpenReservations();
        if (open.isEmpty()) {
            return;
        }
        int held = 0;
        int pending = 0;
        Map<String, Integer> reasons = new TreeMap<>();
        String firstPending = null;
        for (AppPod slot : slots) {
            if (slot.getRevision() != s.getSlotRevision()) { // stale: about to go
                continue;
            }
            if (slot.getPhase() == AppPodPhase.BOUND) {
                held++;
            } else if (slot.getPhase() == AppPodPhase.PENDING) {
                pending++;
                if (firstPending == null) { // like a pod's outcome: the reasons of one slot, per filter
                    firstPending = slot.getPodId();
                    slot.getRejections().values().forEach(m -> m.forEach((f, n) -> reasons.merge(f, n, Integer::sum)));
                }
            }
        }
        int wanted = s.getReserved();
        OutcomeStatus status = held >= wanted ? (wanted == 0 ? OutcomeStatus.COMPLETED : OutcomeStatus.PLACED)
                : held > 0 ? OutcomeStatus.PARTIALLY_PLACED : OutcomeStatus.PENDING;
        String message = wanted == 0 ? "no reservation slot held"
                : held + " of " + wanted + " reservation slots held"
                        + (held >= wanted ? "" : "; " + AppOutcomes.pendingMessage(router, firstPending, reasons));
        OpenRequest last = open.get(open.size() - 1);
        for (OpenRequest older : open.subList(0, open.size() - 1)) {
            fx.outcome(AppOutcomes.reservation(older.getRequestId(), s, status, held, pending, reasons,
                    "superseded by " + last.getRequestId() + ": " + message));
        }
        String key = last.getRequestId() + " " + status + " " + held + " " + pending;
        if (!key.equals(s.getLastReservationOutcome())) {
            fx.outcome(AppOutcomes.reservation(last.getRequestId(), s, status, held, pending, reasons, message));
            s.setLastReservationOutcome(key);
        }
        boolean settled = status == OutcomeStatus.PLACED || status == OutcomeStatus.COMPLETED;
        s.setOpenReservations(settled ? new ArrayList<>() : new ArrayList<>(List.of(last)));
    }
}
