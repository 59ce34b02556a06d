package io.sigmaflow.jobs.app;

import io.sigmaflow.jobs.protocol.PartitionProtocol;
import io.sigmaflow.placement.model.AvroMapping;
import io.sigmaflow.placement.model.Pod;
import io.sigmaflow.jobs.routing.PartitionScheme;
import io.sigmaflow.jobs.routing.PodShape;
import io.sigmaflow.jobs.routing.Route;
import io.sigmaflow.jobs.routing.PartitionRouter;
import io.sigmaflow.schema.PodResult;
import io.sigmaflow.schema.job.AppPod;
import io.sigmaflow.schema.job.AppPodPhase;
import io.sigmaflow.schema.job.AppState;
import io.sigmaflow.schema.job.PodRef;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The app side of a reservation (RESERVE), for one event of one app: Sigma's capacity held for an
 * app ahead of its release. A slot is a placeholder pod ({@code reservation/<app>/<n>}) with the
 * reservation's template, routed and spread like the app's pods; its partition binds it like a pod
 * (it holds capacity and counts for dispersion) but never sends it to an executor.
 *
 * <ul>
 *   <li>The app wants {@code reserved} slots held; missing ones are created and routed, surplus ones
 *       dropped (pending) or released (bound, once nothing of the app is in flight). A RESERVE with
 *       another template makes the held slots stale: they are released and new ones made.</li>
 *   <li>A pod of the app is routed to a partition with a free slot first (a <em>claim</em>), and its
 *       partition puts it into a slot when the slot's node, with the slot freed, fits it: the
 *       slot comes back RELEASED ("taken by pod ...") and {@code reserved} drops by one — the
 *       release used its reservation. Pods are not created while slots are still being routed, so
 *       a PUBLISH right after a RESERVE lands in the slots.</li>
 *   <li>A slot lost with its node (removed, drained, silent) is routed again; one no partition can
 *       take stays pending with reasons and is retried when capacity appears, like a pod.</li>
 * </ul>
 *
 * Every RESERVE gets ACCEPTED, then, once no slot is in flight, an outcome where {@code desired} is
 * the slots wanted, {@code placed} the slots held and {@code pending} those waiting for capacity.
 */
final class ReservationSlots {
    private final AppStore store;
    private final AppState s;
    private final PartitionRouter router;
    private final PartitionScheme scheme;
    private final AppEffects fx;
    /** Commands of this event: slots to place, slots to release, by partition. */
    final TreeMap<String, List<PodRef>> places = new TreeMap<>();
    final TreeMap<String, List<PodRef>> releases = new TreeMap<>();
    private List<AppPod> slots;
    private TreeMap<String, Integer> boundByPartition;
    private PodShape shape;

    ReservationSlots(AppStore store, AppState s, PartitionRouter router, PartitionScheme scheme, AppEffects fx) {
        this.store = store;
        this.s = s;
        this.router = router;
        this.scheme = scheme;
        this.fx = fx;
    }

    static boolean isSlot(String podId) {
        return PartitionProtocol.isSlot(podId);
    }

    /** True when the app holds or wants slots (else nothing here has anything to do). */
    boolean any() {
        return s.getSlots() > 0 || s.getReserved() > 0 || !s.getOpenReservations().isEmpty();
    }

    // ---- results ----------------------------------------------------------------------------

    /** A partition's answer about one of the app's slots. */
    void result(String partition, PodResult r) {
        AppPod slot = store.slot(r.getPodId());
        if (slot == null) {
            return; // dropped or released already
        }
        s.setClock(Math.max(s.getClock(), r.getGeneration()));
        switch (r.getStatus()) {
            case BOUND -> {
                if (slot.getPhase() == AppPodPhase.ROUTED) {
                    slot.setPhase(AppPodPhase.BOUND);
                    slot.setPartitionId(partition);
                    slot.setNodeId(r.getNodeId());
                    slot.setLocation(r.getLocation());
                    slot.setGeneration(r.getGeneration());
                    slot.setRefused(new HashMap<>());
                    slot.setRejections(new HashMap<>());
                    put(slot);
                }
            }
            case UNSCHEDULABLE -> {
                if (slot.getPhase() == AppPodPhase.ROUTED && partition.equals(slot.getPartitionId())) {
                    slot.getRefused().put(partition, r.getGeneration());
                    slot.getRejections().put(partition, new HashMap<>(r.getRejections()));
                    routeOrDrop(slot);
                }
            }
            case RELEASED -> {
                // Bound and never asked to go: a pod of the app took it, the release used its reservation.
                if (slot.getPhase() == AppPodPhase.BOUND && current(slot)) {
                    s.setReserved(Math.max(0, s.getReserved() - 1));
                }
                remove(slot);
            }
            case LOST, PREEMPTED -> {
                if (slot.getPhase() == AppPodPhase.RELEASING) {
                    remove(slot);
                } else if (slot.getPhase() == AppPodPhase.BOUND) {
                    slot.setGeneration(r.getGeneration());
                    slot.setRefused(new HashMap<>());
                    slot.setRejections(new HashMap<>());
                    routeOrDrop(slot);
                }
            }
            case UNKNOWN -> {
                // a status this version does not know: leave the slot as it is
            }
        }
    }

    // ---- pods taking slots ------------------------------------------------------------------

    /**
     * The partition a pod of the app should go to for a free slot (its claim is counted), or null when
     * there is no free slot outside the partitions that refused it. The partition decides whether
     * the pod fits into a slot (its node, with the slot freed); a pod that does not is placed there
     * like any other or handed back.
     */
    String claim(AppPod pod) {
        if (s.getSlots() == 0) {
            return null;
        }
        TreeMap<String, Integer> free = new TreeMap<>(boundByPartition());
        free.keySet().removeAll(pod.getRefused().keySet());
        s.getSlotClaims().forEach((partition, n) -> free.computeIfPresent(partition, (k, v) -> v - n));
        String best = null;
        for (Map.Entry<String, Integer> e : free.entrySet()) { // id order: the first of the most free wins
            if (e.getValue() > 0 && (best == null || e.getValue() > free.get(best))) {
                best = e.getKey();
            }
        }
        if (best != null) {
            s.getSlotClaims().merge(best, 1, Integer::sum);
            pod.setSlotPartition(best);
        }
        return best;
    }

    /** The pod's partition answered: its claim (if any) no longer holds a slot back. */
    void settleClaim(AppPod pod) {
        String partition = pod.getSlotPartition();
        if (partition != null) {
            s.getSlotClaims().computeIfPresent(partition, (k, n) -> n > 1 ? n - 1 : null);
            pod.setSlotPartition(null);
        }
    }

    // ---- reconcile --------------------------------------------------------------------------

    /** True while a slot is routed or releasing: pods wait for them (and outcomes with them). */
    boolean moving() {
        if (s.getSlots() == 0) {
            return false;
        }
        for (AppPod slot : slots()) {
            if (slot.getPhase() == AppPodPhase.ROUTED || slot.getPhase() == AppPodPhase.RELEASING) {
                return true;
            }
        }
        return false;
    }

    /**
     * Moves the slots toward {@code reserved}: stale and surplus pending slots are dropped, stale and
     * surplus bound ones released (only once {@code podsInFlight} is false, so no pod is on its way
     * to them, unless {@code now}), missing ones created; then the RESERVE outcomes once settled.
     */
    void reconcile(boolean podsInFlight, boolean now) {
        if (!any()) {
            return;
        }
        List<AppPod> live = new ArrayList<>();
        for (AppPod slot : List.copyOf(slots())) {
            if (current(slot)) {
                if (slot.getPhase() != AppPodPhase.RELEASING) {
                    live.add(slot);
                }
            } else if (slot.getPhase() == AppPodPhase.PENDING) {
                remove(slot);
            } else if (slot.getPhase() == AppPodPhase.BOUND && (now || !podsInFlight)) {
                release(slot);
            }
        }
        int surplus = live.size() - s.getReserved();
        if (surplus < 0) {
            for (int i = 0; i < -surplus; i++) {
                create();
            }
        } else if (surplus > 0) {
            // Newest first, pending ones before bound ones: the oldest slots are the best spread.
            live.sort(Comparator.comparing((AppPod slot) -> slot.getPhase() != AppPodPhase.PENDING)
                    .thenComparing(ReservationSlots::number, Comparator.reverseOrder()));
            for (AppPod slot : live) {
                if (surplus == 0) {
                    break;
                }
                if (slot.getPhase() == AppPodPhase.PENDING) {
                    remove(slot);
                    surplus--;
                } else if (slot.getPhase() == AppPodPhase.BOUND && (now || !podsInFlight)) {
                    release(slot);
                    surplus--;
                }
            }
        }
        if (s.getReserved() == 0 && s.getSlots() == 0) {
            s.setReservation(null);
        }
        if (!moving()) {
            ReservationOutcomes.emit(s, slots(), router, fx);
        }
    }

    /** Capacity may have appeared: route the pending slots again ({@code partition}: where). */
    void retryPending(String partition) {
        if (s.getSlotPending() == 0) {
            return;
        }
        for (AppPod slot : List.copyOf(slots())) {
            if (slot.getPhase() == AppPodPhase.PENDING && current(slot)) {
                if (partition != null) {
                    slot.getRefused().remove(partition);
                    slot.getRejections().remove(partition);
                }
                route(slot);
            }
        }
    }

    /** Bound slots of the current template per partition (stale ones are about to go). */
    private Map<String, Integer> boundByPartition() {
        if (boundByPartition == null) {
            boundByPartition = new TreeMap<>();
            for (AppPod slot : slots()) {
                if (slot.getPhase() == AppPodPhase.BOUND && current(slot)) {
                    boundByPartition.merge(slot.getPartitionId(), 1, Integer::sum);
                }
            }
        }
        return boundByPartition;
    }

    private void create() {
        AppPod slot = AppPod.newBuilder()
                .setPodId(Pod.RESERVATION_PREFIX + s.getAppId() + "/" + s.getNextSlotIndex())
                .setRevision(s.getSlotRevision())
                .setPhase(AppPodPhase.PENDING)
                .setGeneration(0)
                .build();
        s.setNextSlotIndex(s.getNextSlotIndex() + 1);
        s.setSlots(s.getSlots() + 1);
        s.setSlotPending(s.getSlotPending() + 1); // route() moves it out of PENDING when it routes
        route(slot);
    }

    private void routeOrDrop(AppPod slot) {
        if (current(slot) && !s.getDestroyed()) {
            route(slot);
        } else {
            remove(slot);
        }
    }

    /** Sends the slot to a partition (ROUTED) or leaves it PENDING with reasons; never preempts. */
    private void route(AppPod slot) {
        TreeMap<String, Integer> counts = new TreeMap<>();
        for (AppPod other : slots()) {
            if (!other.getPodId().equals(slot.getPodId()) && current(other) && other.getPartitionId() != null
                    && (other.getPhase() == AppPodPhase.ROUTED || other.getPhase() == AppPodPhase.BOUND)) {
                counts.merge(other.getPartitionId(), 1, Integer::sum);
            }
        }
        long rotation = s.getAppId().hashCode() + (long) counts.values().stream().mapToInt(Integer::intValue).sum();
        Route route = router.route(shape(), counts, slot.getRefused(), rotation);
        slot.setNodeId(null);
        slot.setLocation(null);
        if (route.routed()) {
            setPhase(slot, AppPodPhase.ROUTED);
            slot.setPartitionId(route.partition());
            places.computeIfAbsent(route.partition(), k -> new ArrayList<>())
                    .add(new PodRef(slot.getPodId(), slot.getGeneration()));
        } else {
            setPhase(slot, AppPodPhase.PENDING);
            slot.setPartitionId(null);
            route.excluded().forEach((partition, why) -> {
                slot.getRefused().put(partition, why.epoch());
                slot.getRejections().put(partition, new HashMap<>(Map.of(why.filter(), why.nodes())));
            });
        }
        put(slot);
    }

    private void release(AppPod slot) {
        setPhase(slot, AppPodPhase.RELEASING);
        releases.computeIfAbsent(slot.getPartitionId(), k -> new ArrayList<>())
                .add(new PodRef(slot.getPodId(), slot.getGeneration()));
        put(slot);
    }

    // ---- state ------------------------------------------------------------------------------

    private boolean current(AppPod slot) {
        return slot.getRevision() == s.getSlotRevision();
    }

    private void setPhase(AppPod slot, AppPodPhase phase) {
        if (slot.getPhase() == AppPodPhase.PENDING) {
            s.setSlotPending(s.getSlotPending() - 1);
        }
        if (phase == AppPodPhase.PENDING) {
            s.setSlotPending(s.getSlotPending() + 1);
        }
        slot.setPhase(phase);
    }

    private void put(AppPod slot) {
        store.putSlot(slot);
        invalidate();
    }

    private void invalidate() {
        slots = null;
        boundByPartition = null;
    }

    private void remove(AppPod slot) {
        setPhase(slot, AppPodPhase.RELEASING); // out of the pending count
        store.removeSlot(slot.getPodId());
        s.setSlots(s.getSlots() - 1);
        invalidate();
    }

    /** The app's slots by number; re-read after a change. */
    private List<AppPod> slots() {
        if (slots == null) {
            slots = new ArrayList<>();
            if (s.getSlots() > 0) {
                store.slots().forEach(slots::add);
                slots.sort(Comparator.comparing(ReservationSlots::number));
            }
        }
        return slots;
    }

    private static long number(AppPod slot) {
        String id = slot.getPodId();
        return Long.parseLong(id.substring(id.lastIndexOf('/') + 1));
    }

    private PodShape shape() {
        if (shape == null) {
            shape = PodShape.of(AvroMapping.pod(s.getAppId() + "-slot", s.getAppId(), 0, s.getReservation()), scheme);
        }
        return shape;
    }
}
