package io.sigmaflow.jobs.app;

import io.sigmaflow.jobs.protocol.PartitionProtocol;
import io.sigmaflow.jobs.routing.PartitionRouter;
import io.sigmaflow.jobs.routing.PartitionScheme;
import io.sigmaflow.jobs.routing.PodShape;
import io.sigmaflow.jobs.routing.Route;
import io.sigmaflow.placement.model.AvroMapping;
import io.sigmaflow.placement.model.TopologyLevels;
import io.sigmaflow.schema.RequestOutcome;
import io.sigmaflow.schema.job.AppPod;
import io.sigmaflow.schema.job.AppPodPhase;
import io.sigmaflow.schema.job.AppState;
import io.sigmaflow.schema.job.OpenRequest;
import io.sigmaflow.schema.job.PartitionCommand;
import io.sigmaflow.schema.job.PlacePods;
import io.sigmaflow.schema.job.PodRef;
import io.sigmaflow.schema.job.ReleasePods;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The work of one event on one app: its state, the pod changes (routed, released, dropped, with
 * the app's counters kept in step), then {@link #finish}: the state persisted, then the commands
 * sent to partitions. {@link PodResults} and {@link Reconciler} decide; this class records.
 */
final class AppSession {
    final AppStore store;
    final AppEffects fx;
    final AppState s;
    final AppMetrics metrics;
    final ReservationSlots slots;
    private final PartitionRouter router;
    private final PartitionScheme scheme;
    private final int maxHostFailures;
    private final TreeMap<String, List<PodRef>> places = new TreeMap<>();
    private final TreeMap<String, List<PodRef>> preempts = new TreeMap<>();
    private final TreeMap<String, TreeMap<String, List<PodRef>>> releases = new TreeMap<>();
    private final int pendingBefore;
    private PodShape shape;
    private List<AppPod> pods;

    AppSession(AppStore store, AppEffects fx, AppState s, PartitionRouter router, PartitionScheme scheme,
               AppMetrics metrics, int maxHostFailures) {
        this.store = store;
        this.fx = fx;
        this.s = s;
        this.router = router;
        this.scheme = scheme;
        this.metrics = metrics;
        this.maxHostFailures = maxHostFailures;
        this.pendingBefore = s.getCurPending() + s.getOldPending();
        this.slots = new ReservationSlots(store, s, router, scheme, fx);
    }

    /** True for a pod its hosts failed too often: it waits, pending, for an upgrade (or a scale-down). */
    boolean gaveUp(AppPod pod) {
        return maxHostFailures > 0 && pod.getHostFailures() >= maxHostFailures;
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

    void release(List<AppPod> victims, String reason) {
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

    void drop(AppPod pod) {
        account(pod, -1);
        store.removePod(pod.getPodId());
        invalidatePods();
    }

    /** Bound pods of the current revision (true), of old ones (false) or all (null). */
    List<AppPod> bound(Boolean current) {
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

    TopologyLevels levels() {
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
    void invalidatePods() {
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
        RequestOutcome atCommit = !places.isEmpty() && preempts.isEmpty() && releases.isEmpty()
                && slots.places.isEmpty() && slots.releases.isEmpty()
                ? OutcomeAtCommit.forCommands(s, places.values().stream().mapToInt(List::size).sum(),
                        store.migrations().iterator().hasNext())
                : null;
        int parts = atCommit == null ? 0 : places.size();
        if (atCommit != null) {
            AppOutcomes.lastOpen(s).setPartsAwaited(parts);
        }
        for (Map.Entry<String, List<PodRef>> e : places.entrySet()) {
            commands.add(command(e.getKey(), clock, new PlacePods(s.getAppId(), s.getRevision(), requestId,
                    s.getTemplate(), e.getValue(), false, atCommit, parts), null));
        }
        for (Map.Entry<String, List<PodRef>> e : preempts.entrySet()) {
            commands.add(command(e.getKey(), clock, new PlacePods(s.getAppId(), s.getRevision(), requestId,
                    s.getTemplate(), e.getValue(), true, null, 0), null));
        }
        List<OpenRequest> reserving = s.getOpenReservations();
        String reserveId = reserving.isEmpty() ? null : reserving.get(reserving.size() - 1).getRequestId();
        for (Map.Entry<String, List<PodRef>> e : slots.places.entrySet()) {
            commands.add(command(e.getKey(), clock, new PlacePods(s.getAppId(), PartitionProtocol.SLOT_REVISION,
                    reserveId, s.getReservation(), e.getValue(), false, null, 0), null));
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
