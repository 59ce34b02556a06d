package io.sigmaflow.jobs.app;

import io.sigmaflow.schema.job.AppState;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Requests held back because their app still had pods on the way (routed, not yet answered through
 * the loop, or releasing), and the event time the app side may let pass meanwhile.
 *
 * <p>Why: what a request does depends on where its app's pods are (a scale-down chooses which bound
 * pods to release). Answers come back through the Kafka loop a checkpoint later, so applied as
 * it comes, a request would see its app's earlier pods bound in a stream that had time to settle
 * and in flight in a replay (or a busy stream), and decide otherwise: a replay released a pod
 * after every later request had been placed, the stream before. Held, the request applies once its
 * app's pods have landed, stamped with its own event time, and the app side's watermark waits at
 * that time meanwhile, so the partitions apply nothing later before it, in both runs alike.
 *
 * <p>Kept in memory: the requests themselves stay in keyed state under their timestamp, and a
 * checkpoint registers their timers again, so after a restore the first watermark holds them anew.
 */
final class RequestHolds {
    /** Event time -> apps with a request held at that time. */
    private final TreeMap<Long, NavigableSet<String>> byTime = new TreeMap<>();
    /** App -> times of its held requests. */
    private final Map<String, NavigableSet<Long>> byApp = new TreeMap<>();

    /** Whether an app's pods are still on their way (answers to come through the loop). */
    static boolean inFlight(AppState s) {
        return s != null && s.getCurRouted() + s.getOldRouted() + s.getReleasing() > 0;
    }

    boolean holds(String app) {
        return byApp.containsKey(app);
    }

    void hold(String app, long time) {
        byTime.computeIfAbsent(time, t -> new TreeSet<>()).add(app);
        byApp.computeIfAbsent(app, a -> new TreeSet<>()).add(time);
    }

    /** The app's held times, oldest first, forgotten here (the caller applies them). */
    NavigableSet<Long> release(String app) {
        NavigableSet<Long> times = byApp.remove(app);
        if (times == null) {
            return new TreeSet<>();
        }
        for (long t : times) {
            NavigableSet<String> apps = byTime.get(t);
            apps.remove(app);
            if (apps.isEmpty()) {
                byTime.remove(t);
            }
        }
        return times;
    }

    /** The watermark the app side may emit for an input watermark {@code mark}. */
    long allowed(long mark) {
        return byTime.isEmpty() ? mark : Math.min(mark, byTime.firstKey());
    }

    Map<String, NavigableSet<Long>> all() {
        return byApp;
    }
}
