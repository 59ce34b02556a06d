package io.sigmaflow.jobs.partition;

import io.sigmaflow.schema.NodeState;
import io.sigmaflow.schema.job.BoundPod;
import io.sigmaflow.schema.job.PartitionClock;

/**
 * Where a partition writes its durable state as it changes: RocksDB keyed state in the job, a map
 * in tests. The in-memory index ({@link NodePartition}) is derived from it and rebuilt from it.
 */
public interface PartitionStore {
    /** A node's description (its {@code pods} list is left empty: pods are stored one by one). */
    void putNode(NodeState description);

    void removeNode(String nodeId);

    void putPod(BoundPod pod);

    void removePod(String podId);

    void putClock(PartitionClock clock);

    /** Discards every write (for what-if copies and tests that only look at outputs). */
    PartitionStore NONE = new PartitionStore() {
        @Override
        public void putNode(NodeState description) {}

        @Override
        public void removeNode(String nodeId) {}

        @Override
        public void putPod(BoundPod pod) {}

        @Override
        public void removePod(String podId) {}

        @Override
        public void putClock(PartitionClock clock) {}
    };
}
