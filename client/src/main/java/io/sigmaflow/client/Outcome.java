package io.sigmaflow.client;

import io.sigmaflow.schema.OutcomeStatus;
import io.sigmaflow.schema.RequestOutcome;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the placement job answered about one request (topic {@code sigma.outcomes}).
 *
 * @param status ACCEPTED (intermediate), then PLACED, COMPLETED (a destroy or an upgrade finished),
 *     PARTIALLY_PLACED or PENDING (with {@code pendingReasons}), REJECTED (with the field in
 *     {@code message}), or DUPLICATE (the request id was seen before)
 * @param pendingReasons filter name to how many nodes it rejected, for the last pod that did not fit
 * @param message the job's words, e.g. {@code replicas: at most 100000, got 200000}
 */
public record Outcome(String requestId, String app, OutcomeStatus status, int desired, int placed, int pending,
                      Map<String, Integer> pendingReasons, String message, long emittedAtMs) {

    public Outcome {
        pendingReasons = pendingReasons == null ? Map.of() : Map.copyOf(new TreeMap<>(pendingReasons));
    }

    /** The wire record as an outcome. */
    public static Outcome of(RequestOutcome o) {
        Map<String, Integer> reasons = new TreeMap<>();
        o.getPendingReasons().forEach((k, v) -> reasons.put(k.toString(), v));
        return new Outcome(o.getRequestId(), o.getAppId(), o.getStatus(), o.getDesired(), o.getPlaced(),
                o.getPending(), reasons, o.getMessage(), o.getEmittedAtMs());
    }

    /** True for the job's last word on a request (everything but ACCEPTED). */
    public boolean isFinal() {
        return status != OutcomeStatus.ACCEPTED;
    }

    /** Done as asked: PLACED, COMPLETED, or DUPLICATE (it was done before). */
    public boolean isDone() {
        return status == OutcomeStatus.PLACED || status == OutcomeStatus.COMPLETED || status == OutcomeStatus.DUPLICATE;
    }

    /** Accepted, but some pods or slots wait for room: PARTIALLY_PLACED or PENDING. */
    public boolean isPending() {
        return status == OutcomeStatus.PARTIALLY_PLACED || status == OutcomeStatus.PENDING;
    }

    /** The field a REJECTED outcome names ({@code replicas}, {@code appId}, ...), or null. */
    public String rejectedField() {
        if (status != OutcomeStatus.REJECTED || message == null) {
            return null;
        }
        int colon = message.indexOf(':');
        return colon > 0 ? message.substring(0, colon) : null;
    }

    /** The pending reasons as the CLI prints them: {@code NodeResourcesFit: 12 nodes, ...}. */
    public String reasonsText() {
        StringBuilder b = new StringBuilder();
        pendingReasons.forEach((filter, nodes) -> b.append(b.isEmpty() ? "" : ", ").append(filter).append(": ")
                .append(nodes).append(nodes == 1 ? " node" : " nodes"));
        return b.toString();
    }
}
