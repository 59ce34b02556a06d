package io.sigmaflow.jobs.partition;

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
 * @param maxFutureSkewMs a host record stamped more than this ahead of the job's clock (the wall
 *     clock) is dead-lettered and does not move event time (0: no check)
 * @param reportGraceMs after a gap (the job was down, event time jumped past a node's deadline),
 *     hosts have this long to report before any is judged silent (0: no grace, bounded replays)
 * @param massSilenceShare more than this share of the watched nodes silent within one window: nobody
 *     is evicted, an alert is raised (at least one node per window may always be evicted)
 * @param massSilenceWindowMs how long the silence gate holds verdicts to count them together
 */
public record HostSettings(String podStatusTopic, String inventoryTopic, long silenceTimeoutMs,
                           long inventoryGraceMs, int maxPodFailures, long maxFutureSkewMs, long reportGraceMs,
                           double massSilenceShare, long massSilenceWindowMs) implements Serializable {
    public static final long DEFAULT_SILENCE_TIMEOUT_MS = 60_000;
    /** Default grace before an inventory that misses a freshly bound pod counts: two inventory periods. */
    public static final long DEFAULT_INVENTORY_GRACE_MS = 60_000;
    public static final long DEFAULT_MAX_FUTURE_SKEW_MS = 30_000;
    /** Longer than an executor's inventory interval (30 s): every live host reports within it. */
    public static final long DEFAULT_REPORT_GRACE_MS = 45_000;
    public static final double DEFAULT_MASS_SILENCE_SHARE = 0.10;
}
