package io.sigmaflow.placement.model;

/**
 * Whether a node takes new pods. Only {@link #SCHEDULABLE} nodes do; the others keep their pods
 * (DRAINING ones until the job moves them away, REMOVED ones are forgotten by the index).
 */
public enum NodeCondition {
    SCHEDULABLE,
    /** Cordoned by an operator or marked lost after missed heartbeats. */
    UNSCHEDULABLE,
    /** A DRAIN event: no new pods, existing ones are moved elsewhere. */
    DRAINING,
    /** A REMOVE event, or a snapshot with {@code removed=true}. */
    REMOVED
}
