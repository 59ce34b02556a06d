package io.sigmaflow.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sigmaflow.executor.cgroup.CgroupController;
import io.sigmaflow.executor.cgroup.CgroupTree;
import io.sigmaflow.executor.emergency.RunDelayProbe;
import io.sigmaflow.executor.isolation.CpuList;
import io.sigmaflow.executor.isolation.CpuTopology;
import io.sigmaflow.executor.sync.PodWatcher;
import io.sigmaflow.executor.testing.KernelCgroups;
import io.sigmaflow.executor.testing.Leaks;
import io.sigmaflow.executor.testing.Pods;
import io.sigmaflow.executor.testing.RecordingSink;
import io.sigmaflow.executor.testing.TestConfig;
import io.sigmaflow.schema.PodState;
import io.sigmaflow.schema.PodStatus;
import io.sigmaflow.schema.QosClass;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel holds pods to what the executor writes (cgroup v1 memory and cpuset here;
 * {@code HostIsolationTest} mirrors each case for v2 on a simulated tree): a pod allocating
 * past its limit is OOM-killed alone and reported OOMKilled; a reserved pod runs only on its
 * dedicated CPU while a best-effort pod spins on the shared pool; after the executor is killed
 * with SIGKILL and restarted, every cpuset is the ledger's again. Needs root and the memory /
 * cpuset controllers; skipped with the reason otherwise.
 */
class RealKernelIsolationTest {
    private static final Path TAIL = Path.of("/usr/bin/tail");
    private static final String BUSY_LOOP = "while :; do :; done";

    @TempDir
    Path dir;

    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        children.forEach(Process::destroyForcibly);
        Leaks.killChildren();
    }

    private TestConfig kernelConfig(KernelCgroups cgroups, String node) {
        return TestConfig.in(dir).node(node)
                .set("cgroup.mode", "kernel")
                .set("cgroup.version", "auto")
                .set("cgroup.mount", KernelCgroups.MOUNT.toString())
                .set("cgroup.parent", cgroups.parent())
                .set("payload.allowlist", TAIL + "," + Pods.SLEEP + "," + Pods.SH)
                .set("payload.stop-grace-ms", "0")
                .set("node.capacity.cpu-millis", "8000");
    }

    private static String procStatus(long pid, String field) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1).trim();
            }
        }
        throw new AssertionError(field + " not in /proc/" + pid + "/status");
    }

    /** The CPU each task of the pod last ran on (field 39 of /proc/<pid>/stat). */
    private static Set<Integer> lastCpus(CgroupTree tree, String pod) {
        Set<Integer> cpus = new TreeSet<>();
        for (long pid : tree.pids(pod)) {
            try {
                String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                cpus.add(Integer.parseInt(f[36])); // field 39 counted from 1; f[0] is field 3
            } catch (Exception e) {
                // exited meanwhile
            }
        }
        return cpus;
    }

    @Test
    void aPodPastItsMemoryLimitIsOomKilledAloneAndReported() throws Exception {
        assumeTrue(Files.isExecutable(TAIL), "needs " + TAIL + " as the allocating payload (tail /dev/zero buffers forever)");
        try (KernelCgroups cgroups = KernelCgroups.openOrSkip("node-m")) {
            assumeTrue(cgroups.has(CgroupController.MEMORY), "no memory controller on this host: " + cgroups.tree());
            RecordingSink sink = new RecordingSink();
            try (HostAgent host = new HostAgent(kernelConfig(cgroups, "node-m").build(), UnaryOperator.identity(), sink,
                    RunDelayProbe.schedstat())) {
                assertTrue(host.features().memoryLimits(), host.features().toString());
                host.placements().apply(Pods.bind("neighbour").on("node-m").memoryMb(32).build());
                host.placements().apply(Pods.bind("hog").on("node-m").memoryMb(32).runs(TAIL.toString(), "/dev/zero").build());
                CgroupTree tree = host.supervisor().tree();
                Path hogMemory = tree.podDir("hog", CgroupController.MEMORY);
                assertEquals("33554432", Files.readString(hogMemory.resolve("memory.limit_in_bytes")).trim(), "read back from the kernel");
                assertEquals("0", Files.readString(hogMemory.resolve("memory.swappiness")).trim());
                if (host.features().swapControl()) {
                    assertEquals("33554432", Files.readString(hogMemory.resolve("memory.memsw.limit_in_bytes")).trim(), "no swap for LS");
                }

                assertTrue(Leaks.eventually(60_000, () -> {
                    host.watcher().check();
                    return sink.last("hog").getState() == PodState.FAILED;
                }), "the hog is OOM-killed: " + sink.statuses);
                PodStatus hog = sink.last("hog");
                System.out.println("real-kernel OOM: " + hog.getMessage());
                assertTrue(hog.getMessage().startsWith(PodWatcher.OOM_KILLED + ": the kernel killed"), hog.getMessage());
                assertEquals(137, hog.getExitCode(), "killed by SIGKILL");
                assertFalse(Files.exists(hogMemory), "its cgroup is removed");

                Thread.sleep(300);
                host.watcher().check();
                assertEquals(PodState.RUNNING, sink.last("neighbour").getState(), "the neighbour is untouched");
                assertTrue(host.view().get("neighbour").orElseThrow().process().isAlive(), "the neighbour keeps running");
                assertEquals(0, host.supervisor().oomKills("neighbour").orElseThrow(), "nothing of the neighbour's was killed");

                // In-place updates in both directions and to best-effort: the kernel refuses any
                // write that would leave memsw below the limit, so this checks the write order.
                Path neighbour = tree.podDir("neighbour", CgroupController.MEMORY);
                long pid = host.view().get("neighbour").orElseThrow().process().pid();
                host.placements().apply(Pods.bind("neighbour").on("node-m").gen(2).memoryMb(96).build());
                assertEquals("100663296", Files.readString(neighbour.resolve("memory.limit_in_bytes")).trim());
                host.placements().apply(Pods.bind("neighbour").on("node-m").gen(3).memoryMb(24).build());
                assertEquals("25165824", Files.readString(neighbour.resolve("memory.limit_in_bytes")).trim());
                host.placements().apply(Pods.bind("neighbour").on("node-m").gen(4).memoryMb(48).qos(QosClass.BE).build());
                assertEquals("50331648", Files.readString(neighbour.resolve("memory.limit_in_bytes")).trim());
                assertEquals("60", Files.readString(neighbour.resolve("memory.swappiness")).trim(), "BE may swap");
                assertEquals(pid, host.view().get("neighbour").orElseThrow().process().pid(), "all updated in place");
                assertEquals(0, host.knobs().failed(), host.knobs().toString());
            }
        }
    }

    @Test
    void aReservedPodRunsOnlyOnItsDedicatedCpuWhileABestEffortPodSpins() throws Exception {
        assumeTrue(CpuTopology.read(CpuTopology.SYSFS_CPU).cpus().size() >= 2, "needs 2 CPUs: one dedicated, one shared");
        try (KernelCgroups cgroups = KernelCgroups.openOrSkip("node-c")) {
            assumeTrue(cgroups.has(CgroupController.CPUSET), "no cpuset controller on this host: " + cgroups.tree());
            RecordingSink sink = new RecordingSink();
            try (HostAgent host = new HostAgent(kernelConfig(cgroups, "node-c").build(), UnaryOperator.identity(), sink,
                    RunDelayProbe.schedstat())) {
                host.placements().apply(Pods.bind("be").on("node-c").qos(QosClass.BE).cpuMillis(1000).script(BUSY_LOOP).build());
                host.placements().apply(Pods.bind("ded").on("node-c").qos(QosClass.LSR).cpuMillis(1000).script(BUSY_LOOP).build());
                assertEquals(2, host.view().size(), sink.statuses.toString());
                SortedSet<Integer> own = CpuList.parse(host.ledger().get("ded").orElseThrow().dedicatedCpus());
                SortedSet<Integer> shared = host.isolation().pools().orElseThrow().shared();
                assertEquals(1, own.size(), "one whole core asked, one CPU given");
                assertFalse(shared.isEmpty(), "at least one CPU stays shared");
                assertTrue(shared.stream().noneMatch(own::contains), own + " vs " + shared);

                CgroupTree tree = host.supervisor().tree();
                long dedPid = host.view().get("ded").orElseThrow().process().pid();
                long bePid = host.view().get("be").orElseThrow().process().pid();
                assertEquals(CpuList.format(own), procStatus(dedPid, "Cpus_allowed_list"), "the kernel confines the reserved pod");
                assertEquals(CpuList.format(shared), procStatus(bePid, "Cpus_allowed_list"), "and the best-effort pod");
                Set<Integer> dedRan = new TreeSet<>();
                Set<Integer> beRan = new TreeSet<>();
                for (int i = 0; i < 50; i++) {
                    dedRan.addAll(lastCpus(tree, "ded"));
                    beRan.addAll(lastCpus(tree, "be"));
                    Thread.sleep(20);
                }
                System.out.println("real-kernel cpusets: reserved pod ran on " + dedRan + " (own " + own + "), best-effort on "
                        + beRan + " (shared " + shared + ")");
                assertTrue(own.containsAll(dedRan), "ran on " + dedRan);
                assertTrue(shared.containsAll(beRan), "ran on " + beRan);
                assertEquals(0, host.knobs().failed(), host.knobs().toString());

                host.placements().apply(Pods.unbind("ded").on("node-c").gen(2).build());
                assertEquals(CpuList.format(host.isolation().pools().orElseThrow().topology().ids()),
                        procStatus(bePid, "Cpus_allowed_list"), "its CPU went back to the shared pool");
            }
        }
    }

    @Test
    void cpusetsAreRestoredAfterTheExecutorIsKilledAndRestarted() throws Exception {
        assumeTrue(CpuTopology.read(CpuTopology.SYSFS_CPU).cpus().size() >= 2, "needs 2 CPUs: one dedicated, one shared");
        try (KernelCgroups cgroups = KernelCgroups.openOrSkip("node-r")) {
            assumeTrue(cgroups.has(CgroupController.CPUSET), "no cpuset controller on this host: " + cgroups.tree());
            TestConfig config = kernelConfig(cgroups, "node-r");
            Path log = dir.resolve("host.log");
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx128m", "-XX:TieredStopAtLevel=1", "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.sigmaflow.schema",
                    "-cp", System.getProperty("java.class.path"), IsolatedHostMain.class.getName(),
                    "ded:LSR:1000,be:BE:500", "--node-id", "node-r", "--bootstrap", "127.0.0.1:1"));
            for (String key : config.properties().stringPropertyNames()) {
                cmd.addAll(List.of("--set", key + "=" + config.properties().getProperty(key)));
            }
            Process first = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            children.add(first);
            assertTrue(Leaks.eventually(120_000, () -> {
                try {
                    return Files.readString(log).contains(IsolatedHostMain.READY) || !first.isAlive();
                } catch (Exception e) {
                    return false;
                }
            }) && first.isAlive(), "the first executor bound its pods: " + Files.readString(log));

            CgroupTree tree = CgroupTree.open(io.sigmaflow.executor.cgroup.CgroupMode.KERNEL, java.util.Optional.empty(),
                    KernelCgroups.MOUNT, cgroups.parent());
            String dedCpus = Files.readString(tree.podDir("ded", CgroupController.CPUSET).resolve("cpuset.cpus")).trim();
            String beCpus = Files.readString(tree.podDir("be", CgroupController.CPUSET).resolve("cpuset.cpus")).trim();
            long dedPid = Long.parseLong(Files.readString(dir.resolve("state/pods/ded/pid")).trim().split("\\s+")[0]);

            first.destroyForcibly(); // SIGKILL: no shutdown hook, nothing flushed
            first.waitFor();
            assertEquals(137, first.exitValue());
            // While no executor runs, both cpusets are widened to every CPU.
            String all = Files.readString(KernelCgroups.MOUNT.resolve("cpuset/cpuset.cpus")).trim();
            Files.writeString(tree.podDir("be", CgroupController.CPUSET).resolve("cpuset.cpus"), all);
            Files.writeString(tree.podDir("ded", CgroupController.CPUSET).resolve("cpuset.cpus"), all);
            assertEquals(CpuList.format(CpuList.parse(all)), procStatus(dedPid, "Cpus_allowed_list"));

            try (HostAgent second = new HostAgent(config.build(), UnaryOperator.identity(), new RecordingSink(),
                    RunDelayProbe.schedstat())) {
                assertEquals(2, second.reconciler().reconcile().adopted(), "both pods adopted");
                assertEquals(dedPid, second.view().get("ded").orElseThrow().process().pid());
                assertEquals(dedCpus, procStatus(dedPid, "Cpus_allowed_list"), "the reserved pod's CPU, from the ledger");
                long bePid = second.view().get("be").orElseThrow().process().pid();
                assertEquals(beCpus, procStatus(bePid, "Cpus_allowed_list"), "the shared pool, from the ledger");
                System.out.println("real-kernel restart after kill -9: reserved pod back on " + dedCpus + ", best-effort on " + beCpus);
            }
        }
    }
}
