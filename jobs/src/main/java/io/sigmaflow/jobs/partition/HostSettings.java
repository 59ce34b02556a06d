package io.sigmaflow.jobs.partition;

import io.sigmaflow.jobs.app.AppLifecycle;
import java.io.Serializable;

/**
 * Host feedback settings of the job's node-side operators.
 *
 * @param podStatusTopic name of the pod-status topic, for dead letters
 * @param inventoryTopic name of the inventory topic, for dead letters
 * @param silenceTimeoutMs a node that has reported once and then sends nothing for this long is
 *     declared silent (unschedulable, its pods re-placed)
 * @param inventoryGraceMs a pod missing from its host's inventory counts as failed only this long
 *     after its BIND
 * @param maxPodFailures how many times hosts may fail one pod before it stays pending instead of
 *     being placed again (0: no limit)
 */
public record HostSettings(String podStatusTopic, String inventoryTopic, long silenceTimeoutMs,
                           long inventoryGraceMs, int maxPodFailures) implements Serializable {
    public static final long DEFAULT_SILENCE_TIMEOUT_MS = 60_000;
    public static final HostSettings DEFAULT = new HostSettings("sigma.pod-status", "sigma.inventory",
            DEFAULT_SILENCE_TIMEOUT_MS, HostFeedback.DEFAULT_GRACE_MS, AppLifecycle.DEFAULT_MAX_HOST_FAILURES);
}
