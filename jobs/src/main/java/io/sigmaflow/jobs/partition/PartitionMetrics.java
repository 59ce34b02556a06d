package io.sigmaflow.jobs.partition;

import java.util.Map;

/** What a partition counts; the operator maps it onto Flink metrics. */
public interface PartitionMetrics {
    void bound(int pods);

    /** A pod no node of the partition could take; {@code rejections}: filter -> nodes it rejected. */
    void unschedulable(Map<String, Integer> rejections);

    void unbound(int pods);

    void preempted(int pods);

    /** Pods released because their host reported them failed or does not run them (they are re-placed). */
    default void failedOnHost(int pods) {}

    /** Pods a host ran that the job does not place there: UNBIND sent. */
    default void strayUnbound(int pods) {}

    /** A pod status for a generation or node the pod has left. */
    default void staleHostReport() {}

    /** A node declared silent: unschedulable, its pods re-placed. */
    default void nodeSilent() {}

    /** Priority changes emitted. */
    default void priorityChanges(int changes) {}

    /** Reservation slots bound (they hold capacity; no executor sees them). */
    default void slotsReserved(int slots) {}

    /** Reservation slots taken by a pod of their app. */
    default void slotsTaken(int slots) {}

    PartitionMetrics NONE = new PartitionMetrics() {
        @Override
        public void bound(int pods) {}

        @Override
        public void unschedulable(Map<String, Integer> rejections) {}

        @Override
        public void unbound(int pods) {}

        @Override
        public void preempted(int pods) {}
    };
}
