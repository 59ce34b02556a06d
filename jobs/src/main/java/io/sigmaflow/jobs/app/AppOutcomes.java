package io.sigmaflow.jobs.app;

import io.sigmaflow.jobs.routing.PartitionRouter;
import io.sigmaflow.schema.OutcomeStatus;
import io.sigmaflow.schema.PlacementRequest;
import io.sigmaflow.schema.RequestOutcome;
import io.sigmaflow.schema.RequestType;
import io.sigmaflow.schema.job.AppPod;
import io.sigmaflow.schema.job.OpenRequest;
import java.util.ArrayList;
import java.util.List;
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

    /** A RESERVE's outcome: desired = slots wanted, placed = slots held, pending = slots waiting for capacity. */
    static RequestOutcome reservation(String requestId, AppState s, OutcomeStatus status, int held, int pending,
                                      Map<String, Integer> reasons, String message) {
        boolean waiting = status == OutcomeStatus.PENDING || status == OutcomeStatus.PARTIALLY_PLACED;
        return RequestOutcome.newBuilder()
                .setRequestId(requestId)
                .setAppId(s.getAppId())
                .setStatus(status)
                .setDesired(s.getReserved())
                .setPlaced(held)
                .setPending(pending)
                .setPendingReasons(waiting ? new TreeMap<>(reasons) : Map.of())
                .setMessage(message)
                .setEmittedAtMs(System.currentTimeMillis())
                .build();
    }

    /** Why {@code podId} (a pod or a slot) waits: per filter, how many nodes rejected it. */
    static String pendingMessage(PartitionRouter router, String podId, Map<String, Integer> reasons) {
        if (!router.knowsNodes()) {
            return "no node fits pod " + podId + ": no node is registered yet";
        }
        StringBuilder b = new StringBuilder("no node fits pod ").append(podId).append(": 0/")
                .append(router.nodeCount()).append(" nodes are available");
        String sep = ": ";
        for (Map.Entry<String, Integer> e : reasons.entrySet()) {
            b.append(sep).append(e.getValue()).append(" rejected by ").append(e.getKey());
            sep = ", ";
        }
        return b.toString();
    }

    /**
     * Once nothing of the app is in flight: the outcome of its latest open request (not repeated
     * when unchanged), the older open ones answered as superseded; settled requests are closed.
     */
    static void emitSettled(AppState s, AppEffects fx) {
        OpenRequest last = lastOpen(s);
        if (last == null) {
            return;
        }
        OutcomeStatus status = settled(s, last.getType() == RequestType.UPGRADE);
        String message = message(s, status);
        String key = OutcomeAtCommit.key(last.getRequestId(), status, s.getCurBound(), s.getCurPending());
        for (OpenRequest open : s.getOpenRequests()) {
            if (open != last) {
                fx.outcome(of(open.getRequestId(), s, status, "superseded by " + last.getRequestId() + ": " + message));
            }
        }
        if (!key.equals(s.getLastOutcome())) {
            fx.outcome(of(last.getRequestId(), s, status, message));
            s.setLastOutcome(key);
        }
        boolean closed = status == OutcomeStatus.PLACED || status == OutcomeStatus.COMPLETED;
        s.setOpenRequests(closed ? new ArrayList<>() : new ArrayList<>(List.of(last)));
    }

    /** The app's newest open request, or null. */
    static OpenRequest lastOpen(AppState s) {
        List<OpenRequest> open = s.getOpenRequests();
        return open.isEmpty() ? null : open.get(open.size() - 1);
    }

    /** The pending reason of a pod its hosts failed too often (beside the filters' names). */
    static final String HOST_FAILURES = "HostFailures";

    /** Why a pod its hosts failed too often waits. */
    static String gaveUp(AppPod pod, String lastFailure) {
        return "pod " + pod.getPodId() + " failed on its hosts " + pod.getHostFailures() + " times (last: "
                + lastFailure + "); it is not placed again until the app is upgraded";
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

    static String placedMessage(int bound, int replicas, int revision) {
        return bound + " of " + replicas + " pods of revision " + revision + " placed";
    }

    static String message(AppState s, OutcomeStatus status) {
        boolean oldLeft = s.getOldBound() + s.getOldRouted() + s.getOldPending() > 0;
        String placed = placedMessage(s.getCurBound(), s.getReplicas(), s.getRevision());
        if (status == OutcomeStatus.PLACED || status == OutcomeStatus.COMPLETED) {
            return placed;
        }
        String waiting = s.getPendingMessage() != null ? s.getPendingMessage() : "waiting for capacity";
        return placed + (oldLeft ? ", " + s.getOldBound() + " old pod(s) left, rolling upgrade paused" : "") + "; "
                + waiting;
    }
}
