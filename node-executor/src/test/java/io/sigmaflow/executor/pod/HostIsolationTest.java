package io.sigmaflow.executor.pod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.executor.HostAgent;
import io.sigmaflow.executor.cgroup.CgroupController;
import io.sigmaflow.executor.cgroup.CgroupTree;
import io.sigmaflow.executor.emergency.RunDelayProbe;
import io.sigmaflow.executor.sync.PodWatcher;
import io.sigmaflow.executor.testing.Leaks;
import io.sigmaflow.executor.testing.Pods;
import io.sigmaflow.executor.testing.RecordingSink;
import io.sigmaflow.executor.testing.TestConfig;
import io.sigmaflow.schema.PodState;
import io.sigmaflow.schema.PodStatus;
import io.sigmaflow.schema.QosClass;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Memory limits, OOM reports and cpusets on a simulated cgroup tree, for v1 and v2: the files
 * each pod's cgroup gets, mirroring {@code RealKernelIsolationTest} (which runs the v1 half on
 * the kernel). The host has 4 CPUs: one NUMA node, cores (0,2) and (1,3).
 */
class HostIsolationTest {
    @TempDir
    Path dir;

    @AfterEach
    void cleanUp() {
        Leaks.killChildren();
    }

    private HostAgent agent(String version, RecordingSink sink) throws Exception {
        Path sys = dir.resolve("sys-cpu");
        if (!Files.exists(sys)) {
            Files.createDirectories(sys);
            Files.writeString(sys.resolve("online"), "0-3\n");
            for (int cpu = 0; cpu < 4; cpu++) {
                Path topo = Files.createDirectories(sys.resolve("cpu" + cpu + "/topology"));
                Files.createDirectories(sys.resolve("cpu" + cpu + "/node0"));
                Files.writeString(topo.resolve("physical_package_id"), "0\n");
                Files.writeString(topo.resolve("core_id"), (cpu % 2) + "\n");
            }
        }
        return new HostAgent(TestConfig.in(dir).set("cgroup.version", version).set("isolation.cpu-topology", sys.toString())
                .set("payload.stop-grace-ms", "200").set("node.capacity.cpu-millis", "16000").build(), UnaryOperator.identity(), sink,
                RunDelayProbe.schedstat());
    }

    private static String read(CgroupTree tree, String pod, CgroupController c, String file) throws Exception {
        return Files.readString(tree.podDir(pod, c).resolve(file)).trim();
    }

    private static Map<String, String> memory(CgroupTree tree, String pod) throws Exception {
        Map<String, String> files = new TreeMap<>();
        for (String f : tree.version().name().equals("V1")
                ? new String[] {"memory.limit_in_bytes", "memory.memsw.limit_in_bytes", "memory.swappiness"}
                : new String[] {"memory.max", "memory.swap.max"}) {
            files.put(f, read(tree, pod, CgroupController.MEMORY, f));
        }
        return files;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"v1", "v2"})
    void memoryLimitIsTheRequestAndLatencySensitivePodsDoNotSwap(String version) throws Exception {
        try (HostAgent host = agent(version, new RecordingSink())) {
            host.placements().apply(Pods.bind("ls").memoryMb(64).build());
            host.placements().apply(Pods.bind("be").memoryMb(128).qos(QosClass.BE).build());
            host.placements().apply(Pods.bind("tiny").memoryMb(0).build());
            CgroupTree tree = host.supervisor().tree();
            if (version.equals("v1")) {
                assertEquals(Map.of("memory.limit_in_bytes", "67108864", "memory.memsw.limit_in_bytes", "67108864",
                        "memory.swappiness", "0"), memory(tree, "ls"));
                assertEquals(Map.of("memory.limit_in_bytes", "134217728", "memory.memsw.limit_in_bytes", "9223372036854771712",
                        "memory.swappiness", "60"), memory(tree, "be"));
                assertEquals("16777216", read(tree, "tiny", CgroupController.MEMORY, "memory.limit_in_bytes"), "the 16 MiB floor");
            } else {
                assertEquals(Map.of("memory.max", "67108864", "memory.swap.max", "0"), memory(tree, "ls"));
                assertEquals(Map.of("memory.max", "134217728", "memory.swap.max", "max"), memory(tree, "be"));
                assertEquals("16777216", read(tree, "tiny", CgroupController.MEMORY, "memory.max"), "the 16 MiB floor");
            }
            assertEquals(0, host.knobs().failed(), host.knobs().toString());
            Map<String, String> labels = host.registration().getLabels();
            assertEquals("true", labels.get("sigmaflow.io/memory-limits"), labels.toString());
            assertEquals(version + "-simulated", labels.get("sigmaflow.io/cgroup"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"v1", "v2"})
    void anOomKillIsReportedAsOomKilledAndTheNeighbourKeepsRunning(String version) throws Exception {
        RecordingSink sink = new RecordingSink();
        try (HostAgent host = agent(version, sink)) {
            host.placements().apply(Pods.bind("hog").memoryMb(32).build());
            host.placements().apply(Pods.bind("neighbour").memoryMb(32).build());
            host.placements().apply(Pods.bind("crash").memoryMb(32).build());
            CgroupTree tree = host.supervisor().tree();
            // What the kernel does at the limit: count the kill in the group's counters, SIGKILL the task.
            Path hogMemory = tree.podDir("hog", CgroupController.MEMORY);
            if (version.equals("v1")) {
                Files.writeString(hogMemory.resolve("memory.oom_control"), "oom_kill_disable 0\nunder_oom 0\noom_kill 1\n");
            } else {
                Files.writeString(hogMemory.resolve("memory.events"), "low 0\nhigh 0\nmax 9\noom 1\noom_kill 1\noom_group_kill 0\n");
            }
            host.view().get("hog").orElseThrow().process().processes().forEach(ProcessHandle::destroyForcibly);
            // A SIGKILL without an OOM kill counted (an operator's kill -9) is a plain failure.
            host.view().get("crash").orElseThrow().process().processes().forEach(ProcessHandle::destroyForcibly);
            assertTrue(Leaks.eventually(10_000, () -> {
                host.watcher().check();
                return sink.last("hog").getState() == PodState.FAILED && sink.last("crash").getState() == PodState.FAILED;
            }), sink.statuses.toString());

            PodStatus hog = sink.last("hog");
            assertTrue(hog.getMessage().startsWith(PodWatcher.OOM_KILLED + ": the kernel killed 1 process of the pod at its memory"
                    + " limit of 32 MiB"), hog.getMessage());
            assertEquals(137, hog.getExitCode(), "SIGKILL");
            assertFalse(sink.last("crash").getMessage().contains(PodWatcher.OOM_KILLED), sink.last("crash").getMessage());
            assertEquals(PodState.RUNNING, sink.last("neighbour").getState());
            assertTrue(host.view().get("neighbour").orElseThrow().process().isAlive(), "the neighbour keeps running");
            assertFalse(Files.exists(hogMemory), "the OOM-killed pod's cgroup is removed");
            assertEquals(PodState.FAILED, host.ledger().get("hog").orElseThrow().state());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"v1", "v2"})
    void reservedPodsGetCoresOfTheirOwnAndEveryoneElseTheSharedPool(String version) throws Exception {
        RecordingSink sink = new RecordingSink();
        try (HostAgent host = agent(version, sink)) {
            host.placements().apply(Pods.bind("ded").qos(QosClass.LSR).cpuMillis(1000).build());
            host.placements().apply(Pods.bind("be").qos(QosClass.BE).cpuMillis(2000).build());
            host.placements().apply(Pods.bind("ls").cpuMillis(1000).build());
            host.placements().apply(Pods.bind("lsr-part").qos(QosClass.LSR).cpuMillis(1500).build());
            CgroupTree tree = host.supervisor().tree();
            assertEquals("3", read(tree, "ded", CgroupController.CPUSET, "cpuset.cpus"), "a thread of a whole core, highest first");
            for (String shared : new String[] {"be", "ls", "lsr-part"}) {
                assertEquals("0-2", read(tree, shared, CgroupController.CPUSET, "cpuset.cpus"), shared + " in the shared pool");
            }
            assertEquals("3", host.ledger().get("ded").orElseThrow().dedicatedCpus(), "the ledger holds the split");
            assertNull(host.ledger().get("be").orElseThrow().dedicatedCpus());
            assertTrue(sink.last("ded").getMessage().contains("on dedicated CPUs 3"), sink.last("ded").getMessage());
            if (version.equals("v1")) {
                assertEquals("0", read(tree, "ded", CgroupController.CPUSET, "cpuset.mems"), "v1 admits no task without mems");
            }

            // A second reserved pod: the other thread of the half-taken core, never CPU 3 again.
            host.placements().apply(Pods.bind("ded2").qos(QosClass.LSR).cpuMillis(1000).build());
            assertEquals("1", read(tree, "ded2", CgroupController.CPUSET, "cpuset.cpus"));
            assertEquals("0,2", read(tree, "be", CgroupController.CPUSET, "cpuset.cpus"), "the shared pool shrank");
            // A third would leave no shared CPU but one: refused the cores, runs shared, says why.
            host.placements().apply(Pods.bind("ded3").qos(QosClass.LSR).cpuMillis(2000).build());
            assertEquals("0,2", read(tree, "ded3", CgroupController.CPUSET, "cpuset.cpus"));
            assertTrue(sink.last("ded3").getMessage().contains("runs in the shared pool: 2 dedicated CPUs asked"),
                    sink.last("ded3").getMessage());

            host.placements().apply(Pods.unbind("ded").gen(2).build());
            assertEquals("0,2-3", read(tree, "be", CgroupController.CPUSET, "cpuset.cpus"), "CPU 3 is back in the shared pool");
            assertEquals("1", read(tree, "ded2", CgroupController.CPUSET, "cpuset.cpus"));
            Map<String, String> labels = host.registration().getLabels();
            assertEquals("true", labels.get("sigmaflow.io/dedicated-cores"), labels.toString());
            assertEquals("3", labels.get("sigmaflow.io/dedicatable-cpus"), "4 CPUs, 1 always shared");
            assertEquals("false", labels.get("sigmaflow.io/kernel.cpu.bvt_warp_ns"), "no group identity on a simulated tree");
            assertEquals(0, host.knobs().failed(), host.knobs().toString());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"v1", "v2"})
    void aRestartRestoresCpusetsFromTheLedger(String version) throws Exception {
        HostAgent first = agent(version, new RecordingSink());
        first.placements().apply(Pods.bind("ded").qos(QosClass.LSR).cpuMillis(1000).build());
        first.placements().apply(Pods.bind("be").qos(QosClass.BE).build());
        long dedPid = first.view().get("ded").orElseThrow().process().pid();
        first.close(); // gone without stopping its pods
        CgroupTree tree = first.supervisor().tree();
        // Meanwhile someone widened both cpusets.
        Files.writeString(tree.podDir("ded", CgroupController.CPUSET).resolve("cpuset.cpus"), "0-3");
        Files.writeString(tree.podDir("be", CgroupController.CPUSET).resolve("cpuset.cpus"), "0-3");

        try (HostAgent second = agent(version, new RecordingSink())) {
            second.reconciler().reconcile();
            assertEquals(dedPid, second.view().get("ded").orElseThrow().process().pid(), "adopted, not restarted");
            assertEquals("3", read(tree, "ded", CgroupController.CPUSET, "cpuset.cpus"), "its own CPU, from the ledger");
            assertEquals("0-2", read(tree, "be", CgroupController.CPUSET, "cpuset.cpus"), "the shared pool, from the ledger");
            second.placements().apply(Pods.bind("ded2").qos(QosClass.LSR).cpuMillis(1000).build());
            assertEquals("1", read(tree, "ded2", CgroupController.CPUSET, "cpuset.cpus"), "CPU 3 is still known to be taken");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"v1", "v2"})
    void anInPlaceUpdateRewritesTheLimitAndRechoosesCores(String version) throws Exception {
        try (HostAgent host = agent(version, new RecordingSink())) {
            host.placements().apply(Pods.bind("db").qos(QosClass.LSR).cpuMillis(1000).memoryMb(64).build());
            host.placements().apply(Pods.bind("be").qos(QosClass.BE).build());
            long pid = host.view().get("db").orElseThrow().process().pid();
            CgroupTree tree = host.supervisor().tree();
            assertEquals("3", read(tree, "db", CgroupController.CPUSET, "cpuset.cpus"));

            // Same payload, newer generation, twice the memory and two whole cores: the process stays.
            host.placements().apply(Pods.bind("db").gen(2).qos(QosClass.LSR).cpuMillis(2000).memoryMb(128).build());
            assertEquals(pid, host.view().get("db").orElseThrow().process().pid(), "updated in place");
            String limit = version.equals("v1") ? "memory.limit_in_bytes" : "memory.max";
            assertEquals("134217728", read(tree, "db", CgroupController.MEMORY, limit));
            if (version.equals("v1")) {
                assertEquals("134217728", read(tree, "db", CgroupController.MEMORY, "memory.memsw.limit_in_bytes"));
            }
            assertEquals("1,3", read(tree, "db", CgroupController.CPUSET, "cpuset.cpus"), "a whole core now");
            assertEquals("0,2", read(tree, "be", CgroupController.CPUSET, "cpuset.cpus"));
            assertEquals("1,3", host.ledger().get("db").orElseThrow().dedicatedCpus());
            assertEquals(0, host.knobs().failed(), host.knobs().toString());
        }
    }
}
