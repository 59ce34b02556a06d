package io.sigmaflow.jobs.app;

import io.sigmaflow.schema.PodResult;
import io.sigmaflow.schema.job.AppPod;
import io.sigmaflow.schema.job.AppPodPhase;
import io.sigmaflow.schema.job.AppState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A partition's answer about one of the app's pods (or slots): BOUND, UNSCHEDULABLE (handed back:
 * routed again elsewhere), RELEASED, LOST or PREEMPTED (placed again, unless its hosts failed it
 * too often: then it stays pending with the reason).
 */
final class PodResults {
    private PodResults() {}

    static void apply(AppSession session, String partition, PodResult r) {
        if (ReservationSlots.isSlot(r.getPodId())) {
            session.slots.result(partition, r);
            return;
        }
        AppStore store = session.store;
        AppState s = session.s;
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
                session.slots.settleClaim(pod);
                session.account(pod, -1);
                pod.setPhase(AppPodPhase.BOUND);
                pod.setPartitionId(partition);
                pod.setNodeId(r.getNodeId());
                pod.setLocation(r.getLocation());
                pod.setGeneration(r.getGeneration());
                pod.setRefused(new HashMap<>());
                pod.setRejections(new HashMap<>());
                pod.setPreemptTried(new HashMap<>());
                session.account(pod, +1);
                store.putPod(pod);
            }
            case UNSCHEDULABLE -> {
                if (pod.getPhase() != AppPodPhase.ROUTED || !partition.equals(pod.getPartitionId())) {
                    return;
                }
                session.metrics.handedBack();
                session.slots.settleClaim(pod);
                session.account(pod, -1);
                pod.getRefused().put(partition, r.getGeneration());
                pod.getRejections().put(partition, new HashMap<>(r.getRejections()));
                placeAgainOrDrop(session, pod);
            }
            case RELEASED -> {
                session.account(pod, -1);
                store.removePod(pod.getPodId());
                session.invalidatePods();
            }
            case LOST, PREEMPTED -> {
                if (pod.getPhase() != AppPodPhase.BOUND && pod.getPhase() != AppPodPhase.RELEASING) {
                    return;
                }
                session.account(pod, -1);
                if (pod.getPhase() == AppPodPhase.RELEASING) {
                    store.removePod(pod.getPodId());
                    session.invalidatePods();
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
                if (session.gaveUp(pod) && !s.getDestroyed() && pod.getRevision() == s.getRevision()) {
                    park(session, pod, r.getMessage());
                } else {
                    placeAgainOrDrop(session, pod);
                }
            }
            case UNKNOWN -> {
                // a status this version does not know: leave the pod as it is
            }
        }
    }

    /** Leaves a pod its hosts keep failing pending, with the reason, instead of placing it again. */
    private static void park(AppSession session, AppPod pod, String lastFailure) {
        pod.setPhase(AppPodPhase.PENDING);
        pod.setPartitionId(null);
        session.account(pod, +1);
        session.store.putPod(pod);
        session.invalidatePods();
        session.metrics.gaveUp();
        session.s.setPendingReasons(new TreeMap<>(Map.of(AppOutcomes.HOST_FAILURES, pod.getHostFailures())));
        session.s.setPendingMessage(AppOutcomes.gaveUp(pod, lastFailure));
    }

    private static void placeAgainOrDrop(AppSession session, AppPod pod) {
        if (!session.s.getDestroyed() && pod.getRevision() == session.s.getRevision()) {
            session.route(pod);
        } else { // already taken off the counters
            session.store.removePod(pod.getPodId());
            session.invalidatePods();
        }
    }
}
