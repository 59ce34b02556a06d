package io.sigmaflow.jobs.app;

import io.sigmaflow.schema.OutcomeStatus;
import io.sigmaflow.schema.RequestOutcome;
import io.sigmaflow.schema.RequestType;
import io.sigmaflow.schema.job.AppState;
import io.sigmaflow.schema.job.OpenRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The loop's second trip, skipped in the common case. A request's final outcome used to wait for
 * its pods' results to come back through the feedback topic (read committed: one checkpoint after
 * the BINDs) and then for its own checkpoint. When the PLACE commands of one event are all the
 * request still needs (every other pod of the app bound, nothing else in flight), the app side puts
 * the outcome it would give in each of them and waits for that many parts
 * ({@link OpenRequest#getPartsAwaited()}). Each partition reports whether it bound every pod of its
 * command (an {@code OutcomePart} to the job's outcome parts operator, which emits the outcome once
 * every part bound, in the checkpoint of the BINDs) and, when it did, names the request in its
 * feedback ({@code answered}). The app side closes the request when the last part is named; if any
 * pod was refused, no outcome was emitted and the app side answers as before once nothing is in
 * flight (by then every part's feedback is in: a partition flushes a command's results and its
 * answer together). One final outcome either way, and every side changes only with checkpointed
 * state, so a restore replays them together.
 */
final class OutcomeAtCommit {
    private OutcomeAtCommit() {}

    /**
     * The outcome the partitions may give for the app's one open request once they bind {@code pods}
     * more pods (the commands of this event), or null when anything else could still change it.
     */
    static RequestOutcome forCommands(AppState s, int pods, boolean migrating) {
        if (s.getDestroyed() || migrating || s.getOpenRequests().size() != 1) {
            return null;
        }
        boolean onlyThese = s.getCurRouted() == pods && s.getCurPending() == 0 && s.getOldRouted() == 0
                && s.getOldBound() == 0 && s.getOldPending() == 0 && s.getReleasing() == 0;
        boolean noReservation = s.getReserved() == 0 && s.getSlots() == 0 && s.getSlotClaims().isEmpty()
                && s.getOpenReservations().isEmpty();
        if (!onlyThese || !noReservation || s.getCurBound() + pods != s.getReplicas()) {
            return null;
        }
        OpenRequest request = s.getOpenRequests().get(0);
        OutcomeStatus status = request.getType() == RequestType.UPGRADE ? OutcomeStatus.COMPLETED : OutcomeStatus.PLACED;
        if (key(request.getRequestId(), status, s.getReplicas(), 0).equals(s.getLastOutcome())) {
            return null; // already answered so (a lost pod placed again): not repeated
        }
        return RequestOutcome.newBuilder()
                .setRequestId(request.getRequestId())
                .setAppId(s.getAppId())
                .setStatus(status)
                .setDesired(s.getReplicas())
                .setPlaced(s.getReplicas())
                .setPending(0)
                .setPendingReasons(Map.of())
                .setMessage(AppOutcomes.placedMessage(s.getReplicas(), s.getReplicas(), s.getRevision()))
                .setEmittedAtMs(0L) // stamped when emitted
                .build();
    }

    /**
     * Requests a partition named in its feedback: one more part bound. A request whose last part is
     * in was answered at commit: it is closed, and if it is the latest its outcome is remembered as
     * given (so it is not repeated). Call after the results are applied, before reconciling.
     */
    static void answered(AppState s, List<String> requestIds) {
        if (requestIds.isEmpty()) {
            return;
        }
        OpenRequest last = AppOutcomes.lastOpen(s);
        List<OpenRequest> open = new ArrayList<>();
        for (OpenRequest r : s.getOpenRequests()) {
            if (r.getPartsAwaited() > 0 && requestIds.contains(r.getRequestId())) {
                r.setPartsAwaited(r.getPartsAwaited() - 1);
                if (r.getPartsAwaited() == 0) {
                    if (r == last) {
                        OutcomeStatus status = AppOutcomes.settled(s, r.getType() == RequestType.UPGRADE);
                        s.setLastOutcome(key(r.getRequestId(), status, s.getCurBound(), s.getCurPending()));
                    }
                    continue; // answered at commit
                }
            }
            open.add(r);
        }
        s.setOpenRequests(open);
    }

    /** The key {@link AppOutcomes#emitSettled} compares to repeat nothing: request, status, placed, pending. */
    static String key(String requestId, OutcomeStatus status, int bound, int pending) {
        return requestId + " " + status + " " + bound + " " + pending;
    }
}
