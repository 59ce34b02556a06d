package io.sigmaflow.placement.placer;

import io.sigmaflow.placement.framework.Rejection;

/**
 * The outcome of committing a pod on a chosen node, after the authoritative re-check.
 *
 * @param rejection why the node refused the pod (REJECTED only)
 */
public record CommitResult(Status status, String podId, String nodeId, Rejection rejection) {
    public enum Status {
        BOUND,
        /** The node no longer passes the filters or has no room: decide again. */
        REJECTED,
        /** The node is not in this index (removed, or owned by another partition). */
        UNKNOWN_NODE,
        /** {@link Placer#move}: the pod is not bound in this index. */
        UNKNOWN_POD,
        /** The pod is already bound, on {@link #nodeId}: nothing changed (a replay). */
        ALREADY_BOUND
    }

    /** The index's own capacity rule refused the pod, whatever the filters said. */
    public static final Rejection WOULD_OVERCOMMIT = new Rejection("Placer", "node would be overcommitted");

    public boolean isBound() {
        return status == Status.BOUND;
    }
}
