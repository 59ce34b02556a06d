package io.sigmaflow.executor.isolation;

import io.sigmaflow.schema.QosClass;
import java.nio.file.Path;
import java.util.Set;

/**
 * What the executor enforces beyond CPU priority ({@code isolation.*} in the config).
 *
 * @param memoryLimits give every pod's cgroup its memory limit (where the host has the memory controller)
 * @param dedicatedCores give pods of {@code dedicatedQos} with whole-core requests CPUs of their own
 * @param dedicatedQos the QoS classes that may get dedicated cores (LSR: "reserved CPU")
 * @param sharedCpusMin CPUs that always stay in the shared pool, whatever is dedicated
 * @param sysfsCpu where the CPU topology is read ({@code /sys/devices/system/cpu})
 */
public record IsolationSettings(boolean memoryLimits, boolean dedicatedCores, Set<QosClass> dedicatedQos, int sharedCpusMin,
        Path sysfsCpu) {
    public static final IsolationSettings DEFAULTS = new IsolationSettings(true, true, Set.of(QosClass.LSR), 1, CpuTopology.SYSFS_CPU);

    public IsolationSettings {
        dedicatedQos = Set.copyOf(dedicatedQos);
    }
}
