package io.sigmaflow.jobs.app;

import io.sigmaflow.jobs.protocol.PartitionProtocol;
import io.sigmaflow.placement.model.AvroMapping;
import io.sigmaflow.placement.model.TopologyLevels;
import io.sigmaflow.jobs.routing.PartitionScheme;
import io.sigmaflow.jobs.routing.PodShape;
import io.sigmaflow.jobs.routing.Route;
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
import io.sigmaflow.schema.job.PlacePods;
import io.sigmaflow.schema.job.PodRef;
import io.sigmaflow.schema.job.ReleasePods;
import io.sigmaflow.schema.job.PartitionCommand;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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

    /** True for a pod its hosts failed too often: it waits, pending, for an upgrade (or a scale-down). */
    private boolean gaveUp(AppPod pod) {
        return maxHostFailures > 0 && pod.getHostFailures() >= maxHostFailures;
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
            open.add(new OpenRequest(r.getRequestId(), r.getType()));
            s.setOpenReservations(open);
            s.setLastReservationOutcome(null);
        } else {
            List<OpenRequest> open = new ArrayList<>(s.getOpenRequests());
            open.add(new OpenRequest(r.getRequestId(), r.getType()));
            s.setOpenRequests(open);
            s.setLastRequest(new OpenRequest(r.getRequestId(), r.getType()));
            s.setLastOutcome(null);
        }
        Session session = new Session(store, fx, s);
        fx.outcome(r.getType() == RequestType.RESERVE
                ? AppOutcomes.reservation(r.getRequestId(), s, OutcomeStatus.ACCEPTED, 0, 0, Map.of(), "RESERVE accepted")
                : AppOutcomes.of(r.getRequestId(), s, OutcomeStatus.ACCEPTED, r.getType() + " accepted"));
        session.reconcile();
        session.finish();
    }

    /** Results of this app's pods from one partition. */
    public void onResults(PlacementFeedback feedback, AppStore store, AppEffects fx) {
        AppState s = store.state();
        if (s == null) {
            return;
        }
        Session session = new Session(store, fx, s);
        for (PodResult result : feedback.getResults()) {
            AppMigrations.Pass pass = migrations.onResult(feedback.getShardId(), result, s, store, fx);
            if (pass != null) {
                session.result(pass.partition(), pass.result());
            }
        }
        session.reconcile();
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
        Session session = new Session(store, fx, s);
        session.slots.retryPending(partition);
        int routed = 0;
        for (AppPod pod : session.pods()) {
            if (pod.getPhase() == AppPodPhase.PENDING && pod.getRevision() == s.getRevision() && !gaveUp(pod)) {
                if (partition != null) {
                    pod.getRefused().remove(partition);
                    pod.getRejections().remove(partition);
                }
                session.account(pod, -1);
                routed += session.route(pod) ? 1 : 0;
            }
        }
        metrics.retried(routed);
        session.reconcile();
        session.finish();
    }

    /** The work of one event on one app: state changes, then commands and outcomes. */
    private final class Session {
        private final AppStore store;
        private final AppEffects fx;
        private final AppState s;
        private final TreeMap<String, List<PodRef>> places = new TreeMap<>();
        private final TreeMap<String, List<PodRef>> preempts = new TreeMap<>();
        private final TreeMap<String, TreeMap<String, List<PodRef>>> releases = new TreeMap<>();
        final ReservationSlots slots;
        private final int pendingBefore;
        private PodShape shape;
        private List<AppPod> pods;

        Session(AppStore store, AppEffects fx, AppState s) {
            this.store = store;
            this.fx = fx;
            this.s = s;
            this.pendingBefore = s.getCurPending() + s.getOldPending();
            this.slots = new ReservationSlots(store, s, router, scheme, fx);
        }

        void result(String partition, PodResult r) {
            if (ReservationSlots.isSlot(r.getPodId())) {
                slots.result(partition, r);
                return;
            }
            AppPod pod = store.pod(r.getPodId());
            if (pod == null) {
                return; // released or dropped already
            }
            s.setClock(Math.max(s.getClock(), r.getGeneration()));
            switch (r.getStatus()) {
                case BOUND -> {
                    if (pod.getPhase() == AppPodPhase.BOUND && partition.equals(pod.getPartitionId())
                            && r.getGeneration() > pod.getGeneration()) { // moved inside its partition (a drain)
                        pod.setNodeId(r.getNodeId());
                        pod.setLocation(r.getLocation());
                        pod.setGeneration(r.getGeneration());
                        store.putPod(pod);
                        return;
                    }
                    if (pod.getPhase() != AppPodPhase.ROUTED) {
                        return;
                    }
                    slots.settleClaim(pod);
                    account(pod, -1);
                    pod.setPhase(AppPodPhase.BOUND);
                    pod.setPartitionId(partition);
                    pod.setNodeId(r.getNodeId());
                    pod.setLocation(r.getLocation());
                    pod.setGeneration(r.getGeneration());
                    pod.setRefused(new HashMap<>());
                    pod.setRejections(new HashMap<>());
                    pod.setPreemptTried(new HashMap<>());
                    account(pod, +1);
                    store.putPod(pod);
                }
                case UNSCHEDULABLE -> {
                    if (pod.getPhase() != AppPodPhase.ROUTED || !partition.equals(pod.getPartitionId())) {
                        return;
                    }
                    metrics.handedBack();
                    slots.settleClaim(pod);
                    account(pod, -1);
                    pod.getRefused().put(partition, r.getGeneration());
                    pod.getRejections().put(partition, new HashMap<>(r.getRejections()));
                    placeAgainOrDrop(pod);
                }
                case RELEASED -> {
                    account(pod, -1);
                    store.removePod(pod.getPodId());
                    invalidatePods();
                }
                case LOST, PREEMPTED -> {
                    if (pod.getPhase() != AppPodPhase.BOUND && pod.getPhase() != AppPodPhase.RELEASING) {
                        return;
                    }
                    account(pod, -1);
                    if (pod.getPhase() == AppPodPhase.RELEASING) {
                        store.removePod(pod.getPodId());
                        invalidatePods();
                        return;
                    }
                    pod.setGeneration(r.getGeneration());
                    pod.setNodeId(null);
                    pod.setLocation(null);
                    pod.setRefused(new HashMap<>());
                    pod.setRejections(new HashMap<>());
                    if (r.getFailedOnHost()) {
                        pod.setHostFailures(pod.getHostFailures() + 1);
                    }
                    if (s.getOpenRequests().isEmpty() && s.getLastRequest() != null) {
                        s.setOpenRequests(new ArrayList<>(List.of(s.getLastRequest()))); // its outcome follows the pod
                    }
                    if (gaveUp(pod) && !s.getDestroyed() && pod.getRevision() == s.getRevision()) {
                        park(pod, r.getMessage());
                    } else {
                        placeAgainOrDrop(pod);
                    }
                }
                case UNKNOWN -> {
                    // a status this version does not know: leave the pod as it is
                }
            }
        }

        /** Leaves a pod its hosts keep failing pending, with the reason, instead of placing it again. */
        private void park(AppPod pod, String lastFailure) {
            pod.setPhase(AppPodPhase.PENDING);
            pod.setPartitionId(null);
            account(pod, +1);
            store.putPod(pod);
            invalidatePods();
            metrics.gaveUp();
            s.setPendingReasons(new TreeMap<>(Map.of(AppOutcomes.HOST_FAILURES, pod.getHostFailures())));
            s.setPendingMessage(AppOutcomes.gaveUp(pod, lastFailure));
        }

        private void placeAgainOrDrop(AppPod pod) {
            if (!s.getDestroyed() && pod.getRevision() == s.getRevision()) {
                route(pod);
            } else {
                store.removePod(pod.getPodId());
                invalidatePods();
            }
        }

        /** Moves the app's pods toward its desired state; emits outcomes once nothing is in flight. */
        void reconcile() {
            if (s.getDestroyed()) {
                destroyStep();
                return;
            }
            slots.reconcile(inFlight(), false);
            boolean slotsMoving = slots.moving(); // pods follow the slots being placed, so they land in them
            if (s.getOldPending() > 0) {
                for (AppPod pod : pods()) {
                    if (pod.getPhase() == AppPodPhase.PENDING && pod.getRevision() != s.getRevision()) {
                        drop(pod); // an old pod never placed: nothing to roll
                    }
                }
            }
            boolean upgrading = s.getOldRouted() + s.getOldBound() > 0;
            boolean inFlight = inFlight();
            if (upgrading) {
                if (!inFlight && !slotsMoving) {
                    upgradeStep();
                }
            } else {
                int live = s.getCurRouted() + s.getCurBound() + s.getCurPending();
                if (live < s.getReplicas()) {
                    if (!slotsMoving) {
                        create(s.getReplicas() - live);
                    }
                } else if (live > s.getReplicas()) {
                    shrink(live - s.getReplicas(), inFlight);
                }
            }
            if (!inFlight() && !slotsMoving) {
                AppOutcomes.emitSettled(s, fx);
            }
        }

        /** Pods routed or releasing, or moving (a migration: removals wait for it too). */
        private boolean inFlight() {
            return s.getCurRouted() + s.getOldRouted() + s.getReleasing() > 0 || store.migrations().iterator().hasNext();
        }

        private void shrink(int surplus, boolean inFlight) {
            List<AppPod> pending = new ArrayList<>();
            for (AppPod pod : pods()) {
                if (pod.getPhase() == AppPodPhase.PENDING) {
                    pending.add(pod);
                }
            }
            pending.sort((a, b) -> Victims.newer(a, b) ? -1 : Victims.newer(b, a) ? 1 : 0);
            for (int i = 0; i < pending.size() && surplus > 0; i++, surplus--) {
                drop(pending.get(i));
            }
            if (surplus > 0 && !inFlight) {
                List<AppPod> bound = bound(true);
                release(Victims.choose(bound, bound, levels(), surplus), "scale-down");
            }
        }

        /**
         * One step of a rolling upgrade, taken when nothing is in flight: create new pods up to
         * {@code replicas + maxSurge} pods in all (and at most {@code replicas} new ones), and
         * release old ones as long as {@code replicas - maxUnavailable} pods stay bound.
         */
        private void upgradeStep() {
            int fresh = s.getCurBound() + s.getCurPending();
            int total = fresh + s.getOldBound();
            int create = Math.min(s.getReplicas() - fresh, s.getReplicas() + s.getMaxSurge() - total);
            if (create > 0) {
                create(create);
            }
            int available = s.getCurBound() + s.getOldBound();
            int removable = Math.min(s.getOldBound(), available - (s.getReplicas() - s.getMaxUnavailable()));
            if (removable > 0) {
                release(Victims.choose(bound(false), bound(null), levels(), removable), "upgrade");
            }
        }

        private void destroyStep() {
            slots.reconcile(true, true);
            for (AppPod pod : pods()) {
                if (pod.getPhase() == AppPodPhase.PENDING) {
                    drop(pod);
                } else if (pod.getPhase() == AppPodPhase.BOUND) {
                    release(List.of(pod), "destroy");
                }
            }
            if (RequestRules.livePods(s) == 0 && s.getSlots() == 0) {
                String last = AppOutcomes.lastOpen(s) == null ? null : AppOutcomes.lastOpen(s).getRequestId();
                for (OpenRequest open : s.getOpenRequests()) {
                    fx.outcome(AppOutcomes.of(open.getRequestId(), s, OutcomeStatus.COMPLETED,
                            open.getRequestId().equals(last) ? "app destroyed: every pod released"
                                    : "superseded by " + last + ": app destroyed"));
                }
                RequestRules.toTombstone(s);
            }
        }

        private void create(int count) {
            for (int i = 0; i < count; i++) {
                AppPod pod = AppPod.newBuilder()
                        .setPodId(s.getAppId() + "-" + s.getNextPodIndex())
                        .setRevision(s.getRevision())
                        .setPhase(AppPodPhase.PENDING)
                        .setGeneration(0)
                        .setRefused(new HashMap<>())
                        .setRejections(new HashMap<>())
                        .setPreemptTried(new HashMap<>())
                        .build();
                s.setNextPodIndex(s.getNextPodIndex() + 1);
                route(pod);
            }
        }

        /** Sends the pod to a partition (ROUTED) or leaves it PENDING with reasons; returns true when routed. */
        boolean route(AppPod pod) {
            long rotation = s.getAppId().hashCode() + (long) s.getCurRouted() + s.getCurBound();
            String slotPartition = slots.claim(pod);
            Route route = slotPartition != null ? new Route(slotPartition, Map.of())
                    : router.route(shape(), s.getPartitionCounts(), pod.getRefused(), rotation);
            pod.setNodeId(null);
            pod.setLocation(null);
            String preempt = route.routed() ? null
                    : PreemptionRounds.target(router, s.getTemplate(), shape(), s.getPartitionCounts(), pod, rotation);
            if (route.routed() || preempt != null) {
                String target = route.routed() ? route.partition() : preempt;
                pod.setPhase(AppPodPhase.ROUTED);
                pod.setPartitionId(target);
                (route.routed() ? places : preempts).computeIfAbsent(target, k -> new ArrayList<>())
                        .add(new PodRef(pod.getPodId(), pod.getGeneration()));
            } else {
                pod.setPhase(AppPodPhase.PENDING);
                pod.setPartitionId(null);
                route.excluded().forEach((partition, why) -> {
                    pod.getRefused().put(partition, why.epoch());
                    pod.getRejections().put(partition, new HashMap<>(Map.of(why.filter(), why.nodes())));
                });
                Map<String, Integer> reasons = new TreeMap<>();
                pod.getRejections().values().forEach(m -> m.forEach((f, n) -> reasons.merge(f, n, Integer::sum)));
                s.setPendingReasons(reasons);
                s.setPendingMessage(AppOutcomes.pendingMessage(router, pod.getPodId(), reasons));
            }
            account(pod, +1);
            store.putPod(pod);
            invalidatePods();
            return pod.getPhase() == AppPodPhase.ROUTED;
        }

        private void release(List<AppPod> victims, String reason) {
            for (AppPod pod : victims) {
                account(pod, -1);
                pod.setPhase(AppPodPhase.RELEASING);
                account(pod, +1);
                store.putPod(pod);
                releases.computeIfAbsent(reason, k -> new TreeMap<>())
                        .computeIfAbsent(pod.getPartitionId(), k -> new ArrayList<>())
                        .add(new PodRef(pod.getPodId(), pod.getGeneration()));
            }
            invalidatePods();
        }

        private void drop(AppPod pod) {
            account(pod, -1);
            store.removePod(pod.getPodId());
            invalidatePods();
        }

        /** Bound pods of the current revision (true), of old ones (false) or all (null). */
        private List<AppPod> bound(Boolean current) {
            List<AppPod> out = new ArrayList<>();
            for (AppPod pod : pods()) {
                if (pod.getPhase() == AppPodPhase.BOUND
                        && (current == null || current == (pod.getRevision() == s.getRevision()))) {
                    out.add(pod);
                }
            }
            return out;
        }

        /** Adds ({@code +1}) or removes ({@code -1}) the pod from the app's counters in its current phase. */
        void account(AppPod pod, int delta) {
            boolean current = pod.getRevision() == s.getRevision();
            switch (pod.getPhase()) {
                case ROUTED -> {
                    if (current) {
                        s.setCurRouted(s.getCurRouted() + delta);
                        count(pod.getPartitionId(), delta);
                    } else {
                        s.setOldRouted(s.getOldRouted() + delta);
                    }
                }
                case BOUND -> {
                    if (current) {
                        s.setCurBound(s.getCurBound() + delta);
                        count(pod.getPartitionId(), delta);
                    } else {
                        s.setOldBound(s.getOldBound() + delta);
                    }
                }
                case PENDING -> {
                    if (current) {
                        s.setCurPending(s.getCurPending() + delta);
                    } else {
                        s.setOldPending(s.getOldPending() + delta);
                    }
                }
                case RELEASING -> s.setReleasing(s.getReleasing() + delta);
            }
        }

        private void count(String partition, int delta) {
            int n = s.getPartitionCounts().getOrDefault(partition, 0) + delta;
            if (n == 0) {
                s.getPartitionCounts().remove(partition);
            } else {
                s.getPartitionCounts().put(partition, n);
            }
        }

        private PodShape shape() {
            if (shape == null) {
                shape = PodShape.of(AvroMapping.pod(s.getAppId() + "-shape", s.getAppId(), 0, s.getTemplate()), scheme);
            }
            return shape;
        }

        private TopologyLevels levels() {
            return scheme.levels();
        }

        /** The app's pods, sorted by id; re-read after a change. */
        List<AppPod> pods() {
            if (pods == null) {
                pods = new ArrayList<>();
                store.pods().forEach(pods::add);
                pods.sort(Comparator.comparing(AppPod::getPodId));
            }
            return pods;
        }

        /** The next pods() call re-reads the store; a caller iterating the old list keeps it. */
        private void invalidatePods() {
            pods = null;
        }

        /** Persists the state, then sends the commands (partitions in id order). */
        void finish() {
            int pendingAfter = s.getCurPending() + s.getOldPending();
            store.pending(pendingAfter + s.getSlotPending() > 0);
            metrics.pendingDelta(pendingAfter - pendingBefore);
            OpenRequest last = AppOutcomes.lastOpen(s);
            String requestId = last == null ? null : last.getRequestId();
            long clock = Math.max(s.getClock(), router.clock());
            List<PartitionCommand> commands = new ArrayList<>();
            for (Map.Entry<String, List<PodRef>> e : places.entrySet()) {
                commands.add(command(e.getKey(), clock, new PlacePods(s.getAppId(), s.getRevision(), requestId,
                        s.getTemplate(), e.getValue(), false), null));
            }
            for (Map.Entry<String, List<PodRef>> e : preempts.entrySet()) {
                commands.add(command(e.getKey(), clock, new PlacePods(s.getAppId(), s.getRevision(), requestId,
                        s.getTemplate(), e.getValue(), true), null));
            }
            List<OpenRequest> reserving = s.getOpenReservations();
            String reserveId = reserving.isEmpty() ? null : reserving.get(reserving.size() - 1).getRequestId();
            for (Map.Entry<String, List<PodRef>> e : slots.places.entrySet()) {
                commands.add(command(e.getKey(), clock, new PlacePods(s.getAppId(), PartitionProtocol.SLOT_REVISION,
                        reserveId, s.getReservation(), e.getValue(), false), null));
            }
            for (Map.Entry<String, List<PodRef>> e : slots.releases.entrySet()) {
                commands.add(command(e.getKey(), clock, null,
                        new ReleasePods(s.getAppId(), "reservation released", e.getValue())));
            }
            for (Map.Entry<String, TreeMap<String, List<PodRef>>> byReason : releases.entrySet()) {
                for (Map.Entry<String, List<PodRef>> e : byReason.getValue().entrySet()) {
                    commands.add(command(e.getKey(), clock, null,
                            new ReleasePods(s.getAppId(), byReason.getKey(), e.getValue())));
                }
            }
            store.putState(s);
            commands.forEach(fx::send);
        }

        private PartitionCommand command(String partition, long clock, PlacePods place, ReleasePods release) {
            s.setSequence(s.getSequence() + 1);
            return PartitionCommand.newBuilder()
                    .setPartitionId(partition)
                    .setOrderKey(PartitionProtocol.appOrderKey(s.getAppId()))
                    .setSequence(s.getSequence())
                    .setClock(clock)
                    .setPlace(place)
                    .setRelease(release)
                    .build();
        }
    }
}
