package io.sigmaflow.jobs.app;

import io.sigmaflow.jobs.routing.PartitionScheme;
import io.sigmaflow.jobs.routing.PartitionRouter;
import io.sigmaflow.schema.Migration;
import io.sigmaflow.schema.OutcomeStatus;
import io.sigmaflow.schema.PlacementFeedback;
import io.sigmaflow.schema.PlacementRequest;
import io.sigmaflow.schema.PodResult;
import io.sigmaflow.schema.RequestType;
import io.sigmaflow.schema.job.AppPod;
import io.sigmaflow.schema.job.AppPodPhase;
import io.sigmaflow.schema.job.AppState;
import io.sigmaflow.schema.job.OpenRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The app side of the placement job, one app at a time (Sigma's final-state model): a request
 * changes the app's desired state, which is persisted first; then {@code reconcile} compares the
 * pods that exist with the desired state and sends node partitions what must change: pods to
 * place (routed by the {@link PartitionRouter}), pods to release. Partitions answer through the
 * feedback loop ({@link #onResults}); a pod no partition could take is pending until a partition
 * reports new capacity ({@link #onCapacity}). Requests of an app apply in order; a request id
 * seen before is a no-op (DUPLICATE); an invalid request is dead-lettered and answered REJECTED.
 *
 * <p>Removals (scale-down, upgrade steps) wait until no pod of the app is in flight, so the victims
 * are chosen knowing where every pod is ({@link Victims}). A rolling upgrade creates pods of the new
 * revision and removes old ones within max-surge and max-unavailable, one step per round trip.
 * Every accepted request gets an ACCEPTED outcome, then one more once nothing is in flight (PLACED,
 * COMPLETED, PARTIALLY_PLACED or PENDING with reasons); a pending outcome is followed by a new one
 * when the pods are placed later. A RESERVE holds capacity in slots ({@link ReservationSlots}) that
 * the app's pods take first; a pod its hosts keep failing stays pending instead of being placed
 * again forever. Stateless between calls (state is in the {@link AppStore}).
 */
public final class AppLifecycle {
    private final PartitionRouter router;
    private final PartitionScheme scheme;
    private final AppMetrics metrics;
    private final AppMigrations migrations;
    private final int maxHostFailures;
    private final MaxNodeSize maxNode;

    /**
     * {@code maxHostFailures}: hosts may fail one pod this often before it stays pending; 0: no limit.
     * {@code maxNode}: a request for pods larger than any node may be is REJECTED.
     */
    public AppLifecycle(PartitionRouter router, PartitionScheme scheme, AppMetrics metrics, int maxHostFailures,
                        MaxNodeSize maxNode) {
        this.maxNode = maxNode;
        this.router = router;
        this.scheme = scheme;
        this.metrics = metrics;
        this.migrations = new AppMigrations(router);
        this.maxHostFailures = maxHostFailures;
    }

    private AppSession session(AppStore store, AppEffects fx, AppState s) {
        return new AppSession(store, fx, s, router, scheme, metrics, maxHostFailures);
    }

    /**
     * A migration of this app that its plan's wave started: applied make-before-break, or refused.
     * {@code clock}: the newest clock of the migrations settled before it (its commands move past it).
     */
    public void onMigration(Migration migration, long clock, AppStore store, AppEffects fx) {
        migrations.start(migration, clock, store, fx);
    }

    public void onRequest(PlacementRequest r, AppStore store, AppEffects fx) {
        AppState s = store.state();
        boolean hasId = r.getRequestId() != null && !r.getRequestId().isBlank();
        if (hasId && store.seen(r.getRequestId())) {
            metrics.duplicate();
            fx.outcome(AppOutcomes.immediate(r, s, OutcomeStatus.DUPLICATE,
                    "request id " + r.getRequestId() + " was seen before; nothing changed"));
            return;
        }
        if (hasId) {
            store.markSeen(r.getRequestId());
        }
        String problem = RequestRules.problem(r, s, maxNode);
        if (problem != null) {
            metrics.rejected();
            fx.deadLetter(r, problem);
            fx.outcome(AppOutcomes.immediate(r, s, OutcomeStatus.REJECTED, problem));
            return;
        }
        metrics.accepted();
        s = RequestRules.apply(r, s);
        if (r.getType() == RequestType.RESERVE) { // answered by the slots, apart from the pods' requests
            List<OpenRequest> open = new ArrayList<>(s.getOpenReservations());
            open.add(new OpenRequest(r.getRequestId(), r.getType(), 0));
            s.setOpenReservations(open);
            s.setLastReservationOutcome(null);
        } else {
            List<OpenRequest> open = new ArrayList<>(s.getOpenRequests());
            open.add(new OpenRequest(r.getRequestId(), r.getType(), 0));
            s.setOpenRequests(open);
            s.setLastRequest(new OpenRequest(r.getRequestId(), r.getType(), 0));
            s.setLastOutcome(null);
        }
        AppSession session = session(store, fx, s);
        fx.outcome(r.getType() == RequestType.RESERVE
                ? AppOutcomes.reservation(r.getRequestId(), s, OutcomeStatus.ACCEPTED, 0, 0, Map.of(), "RESERVE accepted")
                : AppOutcomes.of(r.getRequestId(), s, OutcomeStatus.ACCEPTED, r.getType() + " accepted"));
        Reconciler.reconcile(session);
        session.finish();
    }

    /** Results of this app's pods from one partition. */
    public void onResults(PlacementFeedback feedback, AppStore store, AppEffects fx) {
        AppState s = store.state();
        if (s == null) {
            return;
        }
        AppSession session = session(store, fx, s);
        for (PodResult result : feedback.getResults()) {
            AppMigrations.Pass pass = migrations.onResult(feedback.getShardId(), result, s, store, fx);
            if (pass != null) {
                PodResults.apply(session, pass.partition(), pass.result());
            }
        }
        OutcomeAtCommit.answered(s, feedback.getAnswered());
        Reconciler.reconcile(session);
        session.finish();
    }

    /** Capacity may have appeared somewhere: try this app's pending pods again. */
    public void onCapacity(AppStore store, AppEffects fx) {
        onCapacity(null, store, fx);
    }

    /**
     * Capacity may have appeared in {@code partition} (a node registered or changed there; null:
     * somewhere the loop reported): its refusals of this app's pending pods no longer hold, and the
     * pods are routed again.
     */
    public void onCapacity(String partition, AppStore store, AppEffects fx) {
        AppState s = store.state();
        if (s == null || s.getCurPending() + s.getSlotPending() == 0) {
            store.pending(s != null && s.getOldPending() > 0);
            return;
        }
        AppSession session = session(store, fx, s);
        session.slots.retryPending(partition);
        int routed = 0;
        for (AppPod pod : session.pods()) {
            if (pod.getPhase() == AppPodPhase.PENDING && pod.getRevision() == s.getRevision() && !session.gaveUp(pod)) {
                if (partition != null) {
                    pod.getRefused().remove(partition);
                    pod.getRejections().remove(partition);
                }
                session.account(pod, -1);
                routed += session.route(pod) ? 1 : 0;
            }
        }
        metrics.retried(routed);
        Reconciler.reconcile(session);
        session.finish();
    }
}
