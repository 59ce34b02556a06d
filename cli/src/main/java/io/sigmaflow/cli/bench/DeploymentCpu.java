package io.sigmaflow.cli.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cpu time of a deployment's processes by role, read from the operating system
 * ({@code ProcessHandle.Info.totalCpuDuration}: /proc/PID/stat on Linux), plus this process (the
 * benchmark's clients). The last value read of each process stays counted once it is gone, so a
 * TaskManager killed during the run counts what it used until then (up to one sample's worth is
 * lost: it is read again just before the kill).
 */
final class DeploymentCpu {
    static final String BENCH = "bench";
    private final Map<String, List<Long>> roles;
    private final Map<Long, Long> lastNanos = new HashMap<>();
    private long benchNanos;

    DeploymentCpu(Map<String, List<Long>> roles) {
        this.roles = Map.copyOf(roles);
    }

    /** Reads every process now; the total so far. */
    synchronized long sample() {
        benchNanos = thisProcess();
        long total = benchNanos;
        for (List<Long> pids : roles.values()) {
            for (long pid : pids) {
                total += read(pid);
            }
        }
        return total;
    }

    /** Cpu seconds by role since {@code since} (an earlier {@link #byRole()}), as last read. */
    synchronized Map<String, Double> secondsByRole(Map<String, Long> since) {
        Map<String, Double> out = new LinkedHashMap<>();
        byRole().forEach((role, nanos) -> out.put(role, (nanos - since.getOrDefault(role, 0L)) / 1e9));
        return out;
    }

    /** Cpu nanoseconds by role as of the last {@link #sample()}. */
    synchronized Map<String, Long> byRole() {
        Map<String, Long> out = new LinkedHashMap<>();
        roles.forEach((role, pids) -> out.put(role, pids.stream().mapToLong(p -> lastNanos.getOrDefault(p, 0L)).sum()));
        out.put(BENCH, benchNanos);
        return out;
    }

    private long read(long pid) {
        long nanos = ProcessHandle.of(pid).flatMap(h -> h.info().totalCpuDuration()).map(Duration::toNanos).orElse(-1L);
        if (nanos >= 0) {
            lastNanos.merge(pid, nanos, Math::max);
        }
        return lastNanos.getOrDefault(pid, 0L);
    }

    static long thisProcess() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }
}
