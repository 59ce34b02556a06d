package io.sigmaflow.jobs.app;

import io.sigmaflow.schema.OutcomeStatus;
import io.sigmaflow.schema.job.AppPod;
import io.sigmaflow.schema.job.AppPodPhase;
import io.sigmaflow.schema.job.AppState;
import io.sigmaflow.schema.job.OpenRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * Moves an app's pods toward its desired state, whatever event changed it (a request, a result, new
 * capacity): the reservation's slots first, then a scale step (create or shrink), a rolling
 * upgrade step or a destroy step; outcomes once nothing is in flight. Removals wait until no pod
 * of the app is in flight, so the victims are chosen knowing where every pod is ({@link Victims}).
 */
final class Reconciler {
    private Reconciler() {}

    static void reconcile(AppSession session) {
        AppState s = session.s;
        if (s.getDestroyed()) {
            destroyStep(session);
            return;
        }
        session.slots.reconcile(inFlight(session), false);
        boolean slotsMoving = session.slots.moving(); // pods follow the slots being placed, so they land in them
        if (s.getOldPending() > 0) {
            for (AppPod pod : session.pods()) {
                if (pod.getPhase() == AppPodPhase.PENDING && pod.getRevision() != s.getRevision()) {
                    session.drop(pod); // an old pod never placed: nothing to roll
                }
            }
        }
        boolean upgrading = s.getOldRouted() + s.getOldBound() > 0;
        boolean inFlight = inFlight(session);
        if (upgrading) {
            if (!inFlight && !slotsMoving) {
                upgradeStep(session);
            }
        } else {
            int live = s.getCurRouted() + s.getCurBound() + s.getCurPending();
            if (live < s.getReplicas()) {
                if (!slotsMoving) {
                    create(session, s.getReplicas() - live);
                }
            } else if (live > s.getReplicas()) {
                shrink(session, live - s.getReplicas(), inFlight);
            }
        }
        if (!inFlight(session) && !slotsMoving) {
            AppOutcomes.emitSettled(s, session.fx);
        }
    }

    /** Pods routed or releasing, or moving (a migration: removals wait for it too). */
    private static boolean inFlight(AppSession session) {
        AppState s = session.s;
        return s.getCurRouted() + s.getOldRouted() + s.getReleasing() > 0
                || session.store.migrations().iterator().hasNext();
    }

    private static void shrink(AppSession session, int surplus, boolean inFlight) {
        List<AppPod> pending = new ArrayList<>();
        for (AppPod pod : session.pods()) {
            if (pod.getPhase() == AppPodPhase.PENDING) {
                pending.add(pod);
            }
        }
        pending.sort((a, b) -> Victims.newer(a, b) ? -1 : Victims.newer(b, a) ? 1 : 0);
        for (int i = 0; i < pending.size() && surplus > 0; i++, surplus--) {
            session.drop(pending.get(i));
        }
        if (surplus > 0 && !inFlight) {
            List<AppPod> bound = session.bound(true);
            session.release(Victims.choose(bound, bound, session.levels(), surplus), "scale-down");
        }
    }

    /**
     * One step of a rolling upgrade, taken when nothing is in flight: create new pods up to
     * {@code replicas + maxSurge} pods in all (and at most {@code replicas} new ones), and
     * release old ones as long as {@code replicas - maxUnavailable} pods stay bound.
     */
    private static void upgradeStep(AppSession session) {
        AppState s = session.s;
        int fresh = s.getCurBound() + s.getCurPending();
        int total = fresh + s.getOldBound();
        int create = Math.min(s.getReplicas() - fresh, s.getReplicas() + s.getMaxSurge() - total);
        if (create > 0) {
            create(session, create);
        }
        int available = s.getCurBound() + s.getOldBound();
        int removable = Math.min(s.getOldBound(), available - (s.getReplicas() - s.getMaxUnavailable()));
        if (removable > 0) {
            session.release(Victims.choose(session.bound(false), session.bound(null), session.levels(), removable),
                    "upgrade");
        }
    }

    private static void destroyStep(AppSession session) {
        AppState s = session.s;
        session.slots.reconcile(true, true);
        for (AppPod pod : session.pods()) {
            if (pod.getPhase() == AppPodPhase.PENDING) {
                session.drop(pod);
            } else if (pod.getPhase() == AppPodPhase.BOUND) {
                session.release(List.of(pod), "destroy");
            }
        }
        if (RequestChecks.livePods(s) == 0 && s.getSlots() == 0) {
            String last = AppOutcomes.lastOpen(s) == null ? null : AppOutcomes.lastOpen(s).getRequestId();
            for (OpenRequest open : s.getOpenRequests()) {
                session.fx.outcome(AppOutcomes.of(open.getRequestId(), s, OutcomeStatus.COMPLETED,
                        open.getRequestId().equals(last) ? "app destroyed: every pod released"
                                : "superseded by " + last + ": app destroyed"));
            }
            DestroyHandler.toTombstone(s);
        }
    }

    private static void create(AppSession session, int count) {
        AppState s = session.s;
        for (int i = 0; i < count; i++) {
            AppPod pod = pending(s.getAppId() + "-" + s.getNextPodIndex(), s.getRevision());
            s.setNextPodIndex(s.getNextPodIndex() + 1);
            session.route(pod);
        }
    }

    /** A new pod, not yet routed (ReconcilerTest compares it with the builder's, field by field). */
    static AppPod pending(String podId, int revision) {
        // The constructor, not a builder: a builder deep-copies every unset field's default (per pod).
        return new AppPod(podId, revision, AppPodPhase.PENDING, null, null, null, 0L, new HashMap<>(), new HashMap<>(),
                new HashMap<>(), 0, null);
    }
}
