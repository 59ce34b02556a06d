package io.sigmaflow.placement.placer;

import io.sigmaflow.placement.model.Pod;
import java.util.List;
import java.util.Map;

/**
 * What the placer decided for one pod.
 * <ul>
 *   <li>{@code CHOSEN}: {@link Placer#decide} picked {@link #nodeId()}; nothing is committed yet;</li>
 *   <li>{@code BOUND}: {@link Placer#place} committed the pod on {@link #nodeId()} — possibly into a
 *       reservation slot of its app ({@link #fromReservation()}) or after evicting
 *       {@link #preempted()} pods, which the caller must re-queue;</li>
 *   <li>{@code ALREADY_BOUND}: the pod id is already bound on {@link #nodeId()} (a replay): no change;</li>
 *   <li>{@code UNSCHEDULABLE}: no node passes the filters; {@link #rejections()} counts, per filter,
 *       the nodes it rejected, and {@link #message()} says it in words.</li>
 * </ul>
 */
public final class PlacementDecision {
    public enum Status { CHOSEN, BOUND, ALREADY_BOUND, UNSCHEDULABLE }

    private final Pod pod;
    private final Status status;
    private final String nodeId;
    private final Explanation explanation;
    private final Map<String, Integer> rejections;
    private final String message;
    private final List<Pod> preempted;
    /** The reservation slot the pod took, or null. */
    private final String takenSlot;
    /** GPU indexes on the node (chosen, or bound); empty for a pod without GPUs. */
    private final int[] gpus;

    private PlacementDecision(Pod pod, Status status, String nodeId, Explanation explanation,
                              Map<String, Integer> rejections, String message, List<Pod> preempted,
                              String takenSlot) {
        this(pod, status, nodeId, explanation, rejections, message, preempted, takenSlot, new int[0]);
    }

    private PlacementDecision(Pod pod, Status status, String nodeId, Explanation explanation,
                              Map<String, Integer> rejections, String message, List<Pod> preempted,
                              String takenSlot, int[] gpus) {
        this.pod = pod;
        this.status = status;
        this.nodeId = nodeId;
        this.explanation = explanation;
        this.rejections = rejections;
        this.message = message;
        this.preempted = preempted;
        this.takenSlot = takenSlot;
        this.gpus = gpus;
    }

    /** This decision naming the GPU indexes the pod gets (or got) on its node. */
    PlacementDecision withGpus(int[] onGpus) {
        return new PlacementDecision(pod, status, nodeId, explanation, rejections, message, preempted, takenSlot,
                onGpus == null ? new int[0] : onGpus.clone());
    }

    static PlacementDecision chosen(Pod pod, String nodeId, Explanation explanation) {
        return new PlacementDecision(pod, Status.CHOSEN, nodeId, explanation, Map.of(), null, List.of(), null);
    }

    PlacementDecision bound() {
        return new PlacementDecision(pod, Status.BOUND, nodeId, explanation, Map.of(), null, List.of(), null, gpus);
    }

    static PlacementDecision boundAfterPreemption(Pod pod, String nodeId, List<Pod> victims) {
        return new PlacementDecision(pod, Status.BOUND, nodeId, null, Map.of(),
                "preempted " + victims.size() + " lower-priority pod(s) on " + nodeId, List.copyOf(victims), null);
    }

    static PlacementDecision boundToReservation(Pod pod, String nodeId, String slotId) {
        return new PlacementDecision(pod, Status.BOUND, nodeId, null, Map.of(),
                "took reservation slot " + slotId, List.of(), slotId);
    }

    static PlacementDecision alreadyBound(Pod pod, String nodeId) {
        return new PlacementDecision(pod, Status.ALREADY_BOUND, nodeId, null, Map.of(), null, List.of(), null);
    }

    static PlacementDecision unschedulable(Pod pod, Map<String, Integer> rejections, String message) {
        return new PlacementDecision(pod, Status.UNSCHEDULABLE, null, null, Map.copyOf(rejections), message,
                List.of(), null);
    }

    public Pod pod() {
        return pod;
    }

    public Status status() {
        return status;
    }

    /** True when the pod is now bound (BOUND or ALREADY_BOUND). */
    public boolean isBound() {
        return status == Status.BOUND || status == Status.ALREADY_BOUND;
    }

    /** The chosen or bound node; null when UNSCHEDULABLE. */
    public String nodeId() {
        return nodeId;
    }

    /** Scores of the winner and runner-up; null unless the node was chosen by scoring. */
    public Explanation explanation() {
        return explanation;
    }

    /** Filter name -> nodes it rejected (UNSCHEDULABLE only; the wire's {@code pendingReasons}). */
    public Map<String, Integer> rejections() {
        return rejections;
    }

    public String message() {
        return message;
    }

    public List<Pod> preempted() {
        return preempted;
    }

    /** The GPU indexes on {@link #nodeId()} (ascending; empty for a pod without GPUs or when unschedulable). */
    public int[] gpus() {
        return gpus.clone();
    }

    public boolean fromReservation() {
        return takenSlot != null;
    }

    /** The id of the reservation slot the pod took (now released), or null. */
    public String takenSlot() {
        return takenSlot;
    }

    @Override
    public String toString() {
        return pod.id() + " " + status + (nodeId != null ? " on " + nodeId : "")
                + (gpus.length > 0 ? " gpus " + java.util.Arrays.toString(gpus) : "") + (message != null ? ": " + message : "");
    }
}
