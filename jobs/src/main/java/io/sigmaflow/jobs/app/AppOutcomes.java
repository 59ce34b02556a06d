package io.sigmaflow.jobs.app;

import io.sigmaflow.schema.OutcomeStatus;
import io.sigmaflow.schema.PlacementRequest;
import io.sigmaflow.schema.RequestOutcome;
import io.sigmaflow.schema.job.AppState;
import java.util.Map;
import java.util.TreeMap;

/** Building request outcomes from the app's state. {@code emittedAtMs} is the wall clock: it is not part of any decision. */
final class AppOutcomes {
    private AppOutcomes() {}

    static RequestOutcome of(String requestId, AppState s, OutcomeStatus status, String message) {
        boolean pending = status == OutcomeStatus.PENDING || status == OutcomeStatus.PARTIALLY_PLACED;
        return RequestOutcome.newBuilder()
                .setRequestId(requestId)
                .setAppId(s.getAppId())
                .setStatus(status)
                .setDesired(s.getReplicas())
                .setPlaced(s.getCurBound())
                .setPending(s.getCurPending())
                .setPendingReasons(pending ? new TreeMap<>(s.getPendingReasons()) : Map.of())
                .setMessage(message)
                .setEmittedAtMs(System.currentTimeMillis())
                .build();
    }

    /** For a request refused before it touched any state. */
    static RequestOutcome immediate(PlacementRequest r, AppState s, OutcomeStatus status, String message) {
        return RequestOutcome.newBuilder()
                .setRequestId(r.getRequestId() == null ? "" : r.getRequestId())
                .setAppId(r.getAppId() == null ? "" : r.getAppId())
                .setStatus(status)
                .setDesired(s == null ? 0 : s.getReplicas())
                .setPlaced(s == null ? 0 : s.getCurBound())
                .setPending(s == null ? 0 : s.getCurPending())
                .setMessage(message)
                .setEmittedAtMs(System.currentTimeMillis())
                .build();
    }

    /**
     * The status of the app's latest request once nothing is in flight: every desired pod of the
     * current revision bound (PLACED, or COMPLETED for an upgrade), some (PARTIALLY_PLACED) or none
     * (PENDING) with the pending reasons; an upgrade that still has old pods is waiting for capacity.
     */
    static OutcomeStatus settled(AppState s, boolean upgradeRequest) {
        boolean oldLeft = s.getOldBound() + s.getOldRouted() + s.getOldPending() > 0;
        if (!oldLeft && s.getCurBound() >= s.getReplicas()) {
            return upgradeRequest ? OutcomeStatus.COMPLETED : OutcomeStatus.PLACED;
        }
        return s.getCurBound() > 0 ? OutcomeStatus.PARTIALLY_PLACED : OutcomeStatus.PENDING;
    }

    static String message(AppState s, OutcomeStatus status) {
        boolean oldLeft = s.getOldBound() + s.getOldRouted() + s.getOldPending() > 0;
        String placed = s.getCurBound() + " of " + s.getReplicas() + " pods of revision " + s.getRevision() + " placed";
        if (status == OutcomeStatus.PLACED || status == OutcomeStatus.COMPLETED) {
            return placed;
        }
        String waiting = s.getPendingMessage() != null ? s.getPendingMessage() : "waiting for capacity";
        return placed + (oldLeft ? ", " + s.getOldBound() + " old pod(s) left, rolling upgrade paused" : "") + "; "
                + waiting;
    }
}
