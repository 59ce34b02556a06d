package io.sigmaflow.jobs.app;

import io.sigmaflow.connectors.flink.RecordValidator;
import io.sigmaflow.schema.NodeEvent;
import io.sigmaflow.schema.Resources;
import java.io.Serializable;

/**
 * The largest node the cluster may ever have (settings {@code sigmaflow.job.max-node-cpu-millis},
 * {@code sigmaflow.job.max-node-memory-mb}). A node registered larger is refused, so a pod
 * larger than this can never be placed: such a request is REJECTED instead of pending forever. A
 * pod below it but larger than every current node stays pending (a bigger node may come).
 *
 * @param cpuMillis default 4096 cores
 * @param memoryMb default 64 TiB
 */
public record MaxNodeSize(long cpuMillis, long memoryMb) implements Serializable {
    public static final MaxNodeSize DEFAULT = new MaxNodeSize(4096L * 1000, 64L * 1024 * 1024);

    public MaxNodeSize {
        if (cpuMillis <= 0 || memoryMb <= 0) {
            throw new IllegalArgumentException("a node size must be positive, got cpuMillis=" + cpuMillis
                    + " memoryMb=" + memoryMb);
        }
    }

    /** The problem with a pod asking {@code r} ("field: problem"), or null when a node may hold it. */
    public String podProblem(Resources r, String field) {
        if (r.getCpuMillis() > cpuMillis) {
            return field + ".cpuMillis: " + r.getCpuMillis() + " is more than the largest node may have ("
                    + cpuMillis + ", sigmaflow.job.max-node-cpu-millis); no node could ever hold this pod";
        }
        if (r.getMemoryMb() > memoryMb) {
            return field + ".memoryMb: " + r.getMemoryMb() + " is more than the largest node may have ("
                    + memoryMb + ", sigmaflow.job.max-node-memory-mb); no node could ever hold this pod";
        }
        return null;
    }

    /** Refuses node events that describe a node larger than this. */
    public RecordValidator<NodeEvent> nodeEvents() {
        MaxNodeSize max = this;
        return e -> {
            for (String field : new String[] {"capacity", "allocatable"}) {
                Resources r = field.equals("capacity") ? e.getCapacity() : e.getAllocatable();
                if (r != null && (r.getCpuMillis() > max.cpuMillis || r.getMemoryMb() > max.memoryMb)) {
                    return field + ": cpuMillis=" + r.getCpuMillis() + " memoryMb=" + r.getMemoryMb()
                            + " is larger than a node may be (at most cpuMillis=" + max.cpuMillis + " memoryMb="
                            + max.memoryMb + ": sigmaflow.job.max-node-cpu-millis, sigmaflow.job.max-node-memory-mb)";
                }
            }
            return null;
        };
    }
}
