package io.sigmaflow.jobs.migration;

import java.io.Serializable;

/**
 * How migration plans are held against the job's clock: a plan created more than
 * {@code maxFutureSkewMs} ahead of it is from the future (a wrong clock, or a record crafted to stay
 * "the newest plan" forever), one created more than {@code expiryMs} before it is stale (its
 * snapshot of the cluster is old). The job's clock is the wall clock when the plan is read in a
 * stream; in a bounded replay it is the record's own Kafka timestamp (when it was written), so a
 * replay judges a plan as the stream did, whenever it runs.
 *
 * @param maxFutureSkewMs how far ahead of the job's clock {@code createdAtMs} may be (0: no check)
 * @param expiryMs how long after {@code createdAtMs} a plan may still start (0: never expires)
 * @param recordTime judge by the record's timestamp (bounded replays) rather than the wall clock
 */
public record PlanClock(long maxFutureSkewMs, long expiryMs, boolean recordTime) implements Serializable {
    public static final long DEFAULT_EXPIRY_MS = 10 * 60_000;
    public static final PlanClock DEFAULT = new PlanClock(30_000, DEFAULT_EXPIRY_MS, false);
    /** No time rules (pure unit tests of the waves). */
    public static final PlanClock UNCHECKED = new PlanClock(0, 0, false);

    /** Why a plan created at {@code createdAtMs} cannot be applied at {@code nowMs}, or null. */
    public String problem(long createdAtMs, long nowMs) {
        if (maxFutureSkewMs > 0 && createdAtMs > nowMs + maxFutureSkewMs) { // no overflow: now is a real time
            return "createdAtMs: " + createdAtMs + " is more than " + maxFutureSkewMs + " ms ahead of the job's clock ("
                    + nowMs + "); check the rebalancer's clock";
        }
        if (expired(createdAtMs, nowMs)) {
            return "expired: plan created at " + createdAtMs + " is more than " + expiryMs + " ms older than the job's"
                    + " clock (" + nowMs + "); compute a new plan";
        }
        return null;
    }

    boolean expired(long createdAtMs, long nowMs) {
        return expiryMs > 0 && createdAtMs < nowMs - expiryMs;
    }
}
