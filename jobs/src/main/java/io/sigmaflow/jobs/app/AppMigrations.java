package io.sigmaflow.jobs.app;

import io.sigmaflow.jobs.protocol.PartitionProtocol;
import io.sigmaflow.jobs.routing.PartitionRouter;
import io.sigmaflow.schema.Migration;
import io.sigmaflow.schema.MigrationSettled;
import io.sigmaflow.schema.OutcomeStatus;
import io.sigmaflow.schema.PodResult;
import io.sigmaflow.schema.PodResultStatus;
import io.sigmaflow.schema.job.AppPod;
import io.sigmaflow.schema.job.AppPodPhase;
import io.sigmaflow.schema.job.AppState;
import io.sigmaflow.schema.job.MigratePod;
import io.sigmaflow.schema.job.PodMigration;
import io.sigmaflow.schema.job.PodRef;
import io.sigmaflow.schema.job.ReleasePods;
import io.sigmaflow.schema.job.PartitionCommand;
import java.util.List;
import java.util.Map;

/**
 * The app side of migrations, make-before-break: a migration the waves started is checked against
 * the app's state (the pod is bound on the source, the app is steady, its max-unavailable holds
 * counting the moves in flight), then the target's partition binds the pod (re-checking filters
 * and room: the authority), and only when that BIND came back through the loop is the source's
 * UNBIND sent. A move inside one partition is one step there (BIND, then UNBIND). Every migration
 * ends with one outcome (COMPLETED or REJECTED with the reason, after an ACCEPTED when it started)
 * and one {@link MigrationSettled} for its wave.
 */
final class AppMigrations {
    /** Where a partition's result about a pod goes after the migrations looked at it. */
    record Pass(String partition, PodResult result) {}

    private final PartitionRouter router;

    AppMigrations(PartitionRouter router) {
        this.router = router;
    }

    /** The outcome's request id of one migration. */
    static String requestId(Migration m) {
        return requestId(m.getPlanId(), m.getPodId());
    }

    static String requestId(String planId, String podId) {
        return "migration/" + planId + "/" + podId;
    }

    /** Starts {@code m}, or refuses it with a reason (outcome REJECTED, settled). */
    void start(Migration m, long clock, AppStore store, AppEffects fx) {
        AppState s = store.state();
        AppPod pod = s == null ? null : store.pod(m.getPodId());
        String toPartition = router.partitionOfNode(m.getToNodeId());
        String problem = problem(m, s, pod, store, toPartition);
        if (problem != null) {
            refuse(m.getPlanId(), m.getStep(), m.getPodId(), m.getAppId(), s, problem, fx);
            return;
        }
        s.setClock(Math.max(s.getClock(), clock));
        store.putMigration(new PodMigration(m.getPlanId(), m.getStep(), m.getPodId(), m.getFromNodeId(),
                m.getToNodeId(), pod.getPartitionId(), toPartition, false, false, 0L));
        fx.outcome(AppOutcomes.of(requestId(m), s, OutcomeStatus.ACCEPTED,
                "moving " + m.getPodId() + " from " + m.getFromNodeId() + " to " + m.getToNodeId()));
        MigratePod make = new MigratePod(s.getAppId(), s.getRevision(), requestId(m), s.getTemplate(),
                new PodRef(pod.getPodId(), pod.getGeneration()), m.getFromNodeId(), m.getToNodeId());
        PartitionCommand command = command(s, toPartition).setMigrate(make).build();
        store.putState(s);
        fx.send(command);
    }

    private static String problem(Migration m, AppState s, AppPod pod, AppStore store, String toPartition) {
        String app = m.getAppId();
        if (s == null) {
            return "app " + app + " does not exist";
        }
        if (s.getDestroyed()) {
            return "app " + app + " is destroyed";
        }
        if (pod == null) {
            return "pod " + m.getPodId() + " is not a pod of app " + app + " (released, or never created)";
        }
        PodMigration moving = store.migration(m.getPodId());
        if (moving != null) {
            return "pod " + m.getPodId() + " is already moving (plan " + moving.getPlanId() + ", step "
                    + moving.getStep() + ")";
        }
        if (pod.getPhase() != AppPodPhase.BOUND) {
            return "pod " + m.getPodId() + " is " + pod.getPhase() + ", not bound";
        }
        if (!m.getFromNodeId().equals(pod.getNodeId())) {
            return "stale: pod " + m.getPodId() + " is on " + pod.getNodeId() + ", not on " + m.getFromNodeId();
        }
        if (pod.getRevision() != s.getRevision() || s.getOldBound() + s.getOldRouted() > 0) {
            return "app " + app + " is in a rolling upgrade";
        }
        if (s.getCurRouted() + s.getOldRouted() + s.getReleasing() > 0) {
            return "app " + app + " has pods in flight (a scale step): its pods are not where the plan saw them";
        }
        if (toPartition == null) {
            return "node " + m.getToNodeId() + " is not registered";
        }
        int movingPods = 0;
        for (PodMigration ignored : store.migrations()) {
            movingPods++;
        }
        int unavailable = Math.max(0, s.getReplicas() - s.getCurBound());
        if (movingPods + unavailable + 1 > s.getMaxUnavailable()) {
            return "max-unavailable of app " + app + " is " + s.getMaxUnavailable() + ": " + movingPods
                    + " pod(s) moving and " + unavailable + " unavailable";
        }
        return null;
    }

    /**
     * A partition's result about one of the app's pods. Returns where it goes next: null when the
     * migration took it, else the result for the lifecycle (the same one, or the source's loss of
     * the pod once the target refused it).
     */
    Pass onResult(String partition, PodResult r, AppState s, AppStore store, AppEffects fx) {
        PodMigration m = store.migration(r.getPodId());
        if (m == null) {
            return new Pass(partition, r);
        }
        s.setClock(Math.max(s.getClock(), r.getGeneration()));
        boolean fromSource = partition.equals(m.getFromPartition());
        boolean fromTarget = partition.equals(m.getToPartition());
        PodResultStatus status = r.getStatus();
        boolean gone = status == PodResultStatus.RELEASED || status == PodResultStatus.LOST
                || status == PodResultStatus.PREEMPTED;
        if (m.getBreaking()) {
            if (fromSource && gone) {
                store.removeMigration(m.getPodId());
                settle(m, s, true, "moved " + m.getPodId() + " from " + m.getFromNodeId() + " to " + m.getToNodeId(),
                        fx);
                return null;
            }
            return new Pass(partition, r);
        }
        if (fromTarget && status == PodResultStatus.BOUND && m.getToNodeId().equals(r.getNodeId())) {
            return made(m, r, s, store, fx);
        }
        if (fromTarget && status == PodResultStatus.UNSCHEDULABLE) {
            store.removeMigration(m.getPodId());
            settle(m, s, false, r.getMessage() != null ? r.getMessage()
                    : "node " + m.getToNodeId() + " refused pod " + m.getPodId() + ": " + r.getRejections(), fx);
            if (m.getSourceLost()) { // the old copy is gone too: the lifecycle places the pod again
                return new Pass(m.getFromPartition(), new PodResult(m.getPodId(), r.getRevision(), PodResultStatus.LOST,
                        m.getLostGeneration(), m.getFromNodeId(), null, Map.of(), "lost while moving", false));
            }
            return null;
        }
        if (fromSource && (status == PodResultStatus.LOST || status == PodResultStatus.PREEMPTED)) {
            m.setSourceLost(true);
            m.setLostGeneration(r.getGeneration());
            store.putMigration(m);
            return null; // the target's answer decides: the pod lives there, or is placed again
        }
        return new Pass(partition, r);
    }

    /** The target bound the pod: it is the pod's place now; the source's copy is unbound next. */
    private Pass made(PodMigration m, PodResult r, AppState s, AppStore store, AppEffects fx) {
        AppPod pod = store.pod(m.getPodId());
        boolean stillThere = pod != null && pod.getPhase() == AppPodPhase.BOUND
                && (m.getSourceLost() || m.getFromNodeId().equals(pod.getNodeId()));
        if (!stillThere) { // released (or re-placed) meanwhile: undo the new copy
            store.removeMigration(m.getPodId());
            fx.send(command(s, m.getToPartition()).setRelease(new ReleasePods(s.getAppId(),
                    "migration abandoned: the pod was released", List.of(new PodRef(m.getPodId(), r.getGeneration()))))
                    .build());
            settle(m, s, false, "pod " + m.getPodId() + " was released while it moved", fx);
            return null;
        }
        if (pod.getRevision() == s.getRevision()) {
            count(s, pod.getPartitionId(), -1);
            count(s, m.getToPartition(), +1);
        }
        pod.setPartitionId(m.getToPartition());
        pod.setNodeId(m.getToNodeId());
        pod.setLocation(r.getLocation());
        pod.setGeneration(r.getGeneration());
        store.putPod(pod);
        boolean onePartition = m.getFromPartition().equals(m.getToPartition());
        if (onePartition || m.getSourceLost()) { // nothing left to unbind
            store.removeMigration(m.getPodId());
            settle(m, s, true, "moved " + m.getPodId() + " from " + m.getFromNodeId() + " to " + m.getToNodeId()
                    + (m.getSourceLost() ? " (the old copy was lost meanwhile)" : ""), fx);
            return null;
        }
        m.setBreaking(true);
        store.putMigration(m);
        fx.send(command(s, m.getFromPartition()).setRelease(new ReleasePods(s.getAppId(),
                "migrated to " + m.getToNodeId(), List.of(new PodRef(m.getPodId(), r.getGeneration())))).build());
        return null;
    }

    private static void settle(PodMigration m, AppState s, boolean moved, String message, AppEffects fx) {
        fx.outcome(AppOutcomes.of(requestId(m.getPlanId(), m.getPodId()), s,
                moved ? OutcomeStatus.COMPLETED : OutcomeStatus.REJECTED, message));
        fx.settled(new MigrationSettled(m.getPlanId(), m.getStep(), m.getPodId(), s.getAppId(), moved,
                moved ? null : message, s.getClock()));
    }

    /** Refuses a migration before it started. */
    static void refuse(String planId, int step, String podId, String appId, AppState s, String reason,
                       AppEffects fx) {
        AppState shown = s != null ? s : AppState.newBuilder().setAppId(appId).build();
        fx.outcome(AppOutcomes.of(requestId(planId, podId), shown, OutcomeStatus.REJECTED, reason));
        fx.settled(new MigrationSettled(planId, step, podId, appId, false, reason, s != null ? s.getClock() : 0L));
    }

    private PartitionCommand.Builder command(AppState s, String partition) {
        s.setSequence(s.getSequence() + 1);
        return PartitionCommand.newBuilder()
                .setPartitionId(partition)
                .setOrderKey(PartitionProtocol.appOrderKey(s.getAppId()))
                .setSequence(s.getSequence())
                .setClock(Math.max(s.getClock(), router.clock()));
    }

    private static void count(AppState s, String partition, int delta) {
        int n = s.getPartitionCounts().getOrDefault(partition, 0) + delta;
        if (n == 0) {
            s.getPartitionCounts().remove(partition);
        } else {
            s.getPartitionCounts().put(partition, n);
        }
    }
}
