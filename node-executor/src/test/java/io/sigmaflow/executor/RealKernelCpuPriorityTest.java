package io.sigmaflow.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sigmaflow.executor.cgroup.CgroupMode;
import io.sigmaflow.executor.cgroup.CpuPriorityUpdater;
import io.sigmaflow.executor.emergency.RunDelayProbe;
import io.sigmaflow.executor.testing.KernelCgroups;
import io.sigmaflow.executor.testing.Leaks;
import io.sigmaflow.executor.testing.Pods;
import io.sigmaflow.executor.testing.RecordingSink;
import io.sigmaflow.executor.testing.TestConfig;
import io.sigmaflow.schema.PodCpuSetting;
import io.sigmaflow.schema.PriorityChange;
import io.sigmaflow.schema.QosClass;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel really enforces what the executor writes: two busy loops pinned to CPU 0, first
 * with equal settings (they share the CPU about evenly), then after a priority change that makes
 * one latency-sensitive and the other best-effort (SCHED_IDLE, lowest weight): the LS pod must
 * get at least 4 times the CPU time of the BE pod. Needs root and a writable cpu cgroup;
 * skipped with the reason otherwise. About 4 seconds.
 */
class RealKernelCpuPriorityTest {
    private static final Path TASKSET = Path.of("/usr/bin/taskset");
    private static final String BUSY_LOOP = "while :; do :; done";

    @TempDir
    Path dir;

    /** CPU time (ns) the pod's tasks have run: the first field of each /proc/<pid>/schedstat. */
    private static long cpuNanos(HostAgent host, String podId) throws IOException {
        long total = 0;
        for (long pid : host.supervisor().tree().pids(podId)) {
            total += Long.parseLong(Files.readString(Path.of("/proc", String.valueOf(pid), "schedstat")).trim().split("\\s+")[0]);
        }
        return total;
    }

    private static double[] measure(HostAgent host, long millis) throws Exception {
        long ls0 = cpuNanos(host, "ls");
        long be0 = cpuNanos(host, "be");
        Thread.sleep(millis);
        return new double[] {(cpuNanos(host, "ls") - ls0) / 1e6, (cpuNanos(host, "be") - be0) / 1e6};
    }

    @Test
    void latencySensitiveGetsAtLeastFourTimesTheCpuOfBestEffort() throws Exception {
        assumeTrue(Files.isExecutable(TASKSET), "needs " + TASKSET + " to pin both loops to one CPU");
        try (KernelCgroups cgroups = KernelCgroups.openOrSkip("node-k")) {
            RecordingSink sink = new RecordingSink();
            HostAgent host = new HostAgent(TestConfig.in(dir)
                    .set("cgroup.mode", "kernel")
                    .set("cgroup.version", "auto")
                    .set("cgroup.mount", KernelCgroups.MOUNT.toString())
                    .set("cgroup.parent", cgroups.parent())
                    .set("payload.allowlist", TASKSET.toString())
                    .set("payload.stop-grace-ms", "0")
                    .node("node-k").build(), UnaryOperator.identity(), sink, RunDelayProbe.schedstat());
            try {
                assertEquals(CgroupMode.KERNEL, host.supervisor().tree().mode());
                for (String pod : List.of("ls", "be")) {
                    host.placements().apply(Pods.bind(pod).on("node-k").cpuMillis(1000)
                            .runs(TASKSET.toString(), "-c", "0", "/bin/sh", "-c", BUSY_LOOP).build());
                }
                assertEquals(2, host.view().size(), sink.statuses.toString());
                Thread.sleep(200);
                double[] equal = measure(host, 1200);
                double equalRatio = equal[0] / Math.max(equal[1], 1);

                host.priorities().apply(PriorityChange.newBuilder().setNodeId("node-k").setGeneration(1).setSettings(List.of(
                        Pods.cpu("ls", QosClass.LS, 10_000, -1, false),
                        Pods.cpu("be", QosClass.BE, 1, -1, true))).build());
                Path lsDir = host.supervisor().tree().podDir("ls");
                Path beDir = host.supervisor().tree().podDir("be");
                assertEquals("262144", Files.readString(lsDir.resolve("cpu.shares")).trim(), "read back from the kernel");
                assertEquals("1", Files.readString(beDir.resolve("cpu.idle")).trim());
                Thread.sleep(200);
                double[] prioritized = measure(host, 2000);
                double ratio = prioritized[0] / Math.max(prioritized[1], 1);
                System.out.printf("real-kernel CPU on one core, ms LS/BE: equal %.0f/%.0f (%.2f:1), prioritized %.0f/%.0f (%.1f:1)%n",
                        equal[0], equal[1], equalRatio, prioritized[0], prioritized[1], ratio);

                assertTrue(equal[0] + equal[1] > 300, "the loops ran at all: " + equal[0] + " + " + equal[1] + " ms");
                assertTrue(equalRatio > 1 / 3.0 && equalRatio < 3, "equal settings share the CPU: " + equalRatio);
                assertTrue(prioritized[0] > 500, "LS ran: " + prioritized[0] + " ms");
                assertTrue(ratio >= 4, "LS:BE CPU time " + ratio + ":1, expected at least 4:1");

                // Leaving idle: the kernel resets the weight when idle is cleared, so idle goes first.
                PodCpuSetting back = Pods.cpu("be", QosClass.LS, 500, 250, false);
                host.priorities().apply(PriorityChange.newBuilder().setNodeId("node-k").setGeneration(2).setSettings(List.of(back)).build());
                assertEquals("0", Files.readString(beDir.resolve("cpu.idle")).trim());
                assertEquals(String.valueOf(CpuPriorityUpdater.sharesFromWeight(500)), Files.readString(beDir.resolve("cpu.shares")).trim());
                assertEquals("25000", Files.readString(beDir.resolve("cpu.cfs_quota_us")).trim());
                assertEquals(0, host.knobs().failed(), host.knobs().toString());

                host.placements().apply(Pods.unbind("ls").on("node-k").gen(2).build());
                host.placements().apply(Pods.unbind("be").on("node-k").gen(2).build());
                assertTrue(host.supervisor().tree().pods().isEmpty(), "pod cgroups removed by UNBIND");
            } finally {
                host.close();
            }
        } finally {
            Leaks.killChildren();
        }
    }
}
