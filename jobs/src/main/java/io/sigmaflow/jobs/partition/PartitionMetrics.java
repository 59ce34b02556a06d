package io.sigmaflow.jobs.partition;

import java.util.Map;

/** What a partition counts; the operator maps it onto Flink metrics. */
public interface PartitionMetrics {
    void bound(int pods);

    /** A pod no node of the partition could take; {@code rejections}: filter -> nodes it rejected. */
    void unschedulable(Map<String, Integer> rejections);

    void unbound(int pods);

    void preempted(int pods);

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
