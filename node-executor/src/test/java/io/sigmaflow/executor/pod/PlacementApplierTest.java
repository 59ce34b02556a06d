package io.sigmaflow.executor.pod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.executor.HostAgent;
import io.sigmaflow.executor.emergency.RunDelayProbe;
import io.sigmaflow.executor.pod.PlacementApplier.Result;
import io.sigmaflow.executor.testing.Leaks;
import io.sigmaflow.executor.testing.Pods;
import io.sigmaflow.executor.testing.RecordingSink;
import io.sigmaflow.executor.testing.TestConfig;
import io.sigmaflow.schema.PodState;
import io.sigmaflow.schema.PodStatus;
import io.sigmaflow.schema.QosClass;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** BIND / UNBIND on a simulated cgroup tree with real processes. */
class PlacementApplierTest {
    @TempDir
    Path dir;

    private final RecordingSink sink = new RecordingSink();
    private HostAgent host;

    @BeforeEach
    void setUp() throws Exception {
        host = new HostAgent(TestConfig.in(dir).set("payload.stop-grace-ms", "300").build(), UnaryOperator.identity(), sink,
                RunDelayProbe.schedstat());
    }

    @AfterEach
    void tearDown() {
        host.close();
        Leaks.killChildren();
    }

    private Result apply(Pods pod) throws InterruptedException {
        return host.placements().apply(pod.build());
    }

    private long pidOf(String podId) {
        return host.view().get(podId).orElseThrow().process().pid();
    }

    @Test
    void bindStartsThePodInItsCgroupAndReportsRunning() throws Exception {
        assertEquals(Result.APPLIED, apply(Pods.bind("web-1").cpuMillis(2000)));
        long pid = pidOf("web-1");
        assertTrue(ProcessHandle.of(pid).orElseThrow().isAlive());
        Path cg = host.supervisor().tree().podDir("web-1");
        assertEquals(String.valueOf(pid), Files.readString(cg.resolve("cgroup.procs")).trim());
        // 2 CPUs requested: 2048 shares, carried as v2 weight 79 and written back as v1 shares 2046.
        assertEquals(79, CpuSettings.forPlacement(Pods.bind("web-1").cpuMillis(2000).build()).getCpuWeight());
        assertEquals("2046", Files.readString(cg.resolve("cpu.shares")));
        PodStatus s = sink.last("web-1");
        assertEquals(PodState.RUNNING, s.getState());
        assertEquals(1, s.getGeneration());
        assertEquals(PodState.RUNNING, host.ledger().get("web-1").orElseThrow().state());
    }

    @Test
    void duplicatesAndStaleGenerationsChangeNothing() throws Exception {
        apply(Pods.bind("p").gen(3));
        long pid = pidOf("p");
        int reported = sink.statuses.size();
        assertEquals(Result.DUPLICATE, apply(Pods.bind("p").gen(3)));
        assertEquals(Result.DUPLICATE, apply(Pods.bind("p").gen(2)));
        assertEquals(Result.DUPLICATE, apply(Pods.unbind("p").gen(1)));
        assertEquals(pid, pidOf("p"));
        assertTrue(ProcessHandle.of(pid).orElseThrow().isAlive());
        assertEquals(reported, sink.statuses.size(), "a duplicate reports nothing");
    }

    @Test
    void unbindStopsTheProcessRemovesTheCgroupAndLeavesATombstone() throws Exception {
        apply(Pods.bind("p").gen(1));
        long pid = pidOf("p");
        assertEquals(Result.APPLIED, apply(Pods.unbind("p").gen(2)));
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        assertFalse(Files.exists(host.supervisor().tree().podDir("p")));
        assertEquals(PodState.STOPPED, sink.last("p").getState());
        assertTrue(host.view().get("p").isEmpty());
        assertEquals(Result.DUPLICATE, apply(Pods.bind("p").gen(1)), "the old BIND replayed later is ignored");
        assertEquals(Result.APPLIED, apply(Pods.bind("p").gen(3)), "a newer BIND runs it again");
    }

    @Test
    void stopIsGracefulThenForced() throws Exception {
        // Ignores SIGTERM: only the SIGKILL after the 300 ms grace ends it.
        apply(Pods.bind("stubborn").script("trap '' TERM; while :; do sleep 1; done"));
        // RUNNING means "in its cgroup"; wait until the script itself runs (its trap is set).
        ProcessHandle stubborn = ProcessHandle.of(pidOf("stubborn")).orElseThrow();
        assertTrue(Leaks.eventually(5_000, () -> stubborn.descendants().anyMatch(h -> h.info().command().orElse("").equals(Pods.SLEEP))));
        long start = System.nanoTime();
        assertEquals(Result.APPLIED, apply(Pods.unbind("stubborn").gen(2)));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms >= 300, "waited for the grace period: " + ms + " ms");
        assertTrue(Leaks.childProcesses().isEmpty(), "the shell and its sleep are gone: " + Leaks.childProcesses());

        apply(Pods.bind("polite").script("trap 'exit 0' TERM; while :; do sleep 0.05; done"));
        start = System.nanoTime();
        apply(Pods.unbind("polite").gen(2));
        assertTrue((System.nanoTime() - start) / 1_000_000 < 300, "a pod that exits on SIGTERM is not waited for");
    }

    @Test
    void disallowedPayloadIsRefusedWithItsReasonAndNothingRuns() throws Exception {
        assertEquals(Result.REFUSED, apply(Pods.bind("evil").runs("/usr/bin/curl", "http://x")));
        PodStatus s = sink.last("evil");
        assertEquals(PodState.REFUSED, s.getState());
        assertTrue(s.getMessage().contains("'/usr/bin/curl' is not on this node's allowlist"), s.getMessage());
        assertTrue(Leaks.childProcesses().isEmpty());
        assertFalse(Files.exists(host.supervisor().tree().podDir("evil")));
        assertFalse(host.ledger().get("evil").orElseThrow().wantsRunning());
    }

    @Test
    void unsafePodIdsAreRefusedBeforeTouchingAnyPath() throws Exception {
        for (String id : List.of("../../etc", "a/b", "x\ny", "..")) {
            assertEquals(Result.REFUSED, apply(Pods.bind(id)));
            assertTrue(sink.last(id).getMessage().startsWith("pod id '"), sink.last(id).getMessage());
        }
        assertTrue(host.ledger().all().isEmpty());
        assertTrue(host.supervisor().tree().pods().isEmpty());
    }

    @Test
    void placementsForOtherNodesAreIgnored() throws Exception {
        assertEquals(Result.OTHER_NODE, apply(Pods.bind("p").on("node-2")));
        assertTrue(sink.statuses.isEmpty());
        assertTrue(host.view().all().isEmpty());
    }

    @Test
    void overcommitIsRefused() throws Exception {
        assertEquals(Result.APPLIED, apply(Pods.bind("big-1").cpuMillis(3000)));
        assertEquals(Result.REFUSED, apply(Pods.bind("big-2").cpuMillis(1500)));
        assertTrue(sink.last("big-2").getMessage().contains("would overcommit cpu: 1500m requested, 3000m bound, 4000m allocatable"));
        apply(Pods.unbind("big-1").gen(2));
        assertEquals(Result.APPLIED, apply(Pods.bind("big-2").gen(2).cpuMillis(1500)));
    }

    @Test
    void newerGenerationWithTheSamePayloadKeepsTheProcessAnotherPayloadReplacesIt() throws Exception {
        apply(Pods.bind("p").gen(1).qos(QosClass.LS));
        long pid = pidOf("p");
        assertEquals(Result.APPLIED, apply(Pods.bind("p").gen(2).qos(QosClass.BE)));
        assertEquals(pid, pidOf("p"));
        assertEquals("1", Files.readString(host.supervisor().tree().podDir("p").resolve("cpu.idle")), "BE now: SCHED_IDLE");
        assertEquals(2, host.view().get("p").orElseThrow().generation());
        assertEquals(Result.APPLIED, apply(Pods.bind("p").gen(3).runs(Pods.SLEEP, "301")));
        assertNotEquals(pid, pidOf("p"));
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    }

    @Test
    void exitsAreReportedWithTheirCodeAndStderr() throws Exception {
        apply(Pods.bind("crash").script("echo boom >&2; exit 3"));
        apply(Pods.bind("done").script("exit 0"));
        assertTrue(Leaks.eventually(5_000, () -> {
            host.watcher().check();
            return host.view().all().isEmpty();
        }));
        PodStatus crash = sink.last("crash");
        assertEquals(PodState.FAILED, crash.getState());
        assertEquals(3, crash.getExitCode());
        assertTrue(crash.getMessage().contains("exited with code 3; stderr: boom"), crash.getMessage());
        assertEquals(PodState.STOPPED, sink.last("done").getState());
        assertEquals(0, sink.last("done").getExitCode());
        assertEquals(PodState.FAILED, host.ledger().get("crash").orElseThrow().state());
        assertFalse(Files.exists(host.supervisor().tree().podDir("crash")));
    }

    @Test
    void aPriorityChangeBeforeTheBindIsUsedByIt() throws Exception {
        host.priorities().apply(io.sigmaflow.schema.PriorityChange.newBuilder().setNodeId("node-1").setGeneration(1)
                .setSettings(List.of(Pods.cpu("later", QosClass.LS, 10_000, 500, false))).build());
        apply(Pods.bind("later"));
        Path cg = host.supervisor().tree().podDir("later");
        assertEquals("262144", Files.readString(cg.resolve("cpu.shares")));
        assertEquals("50000", Files.readString(cg.resolve("cpu.cfs_quota_us")));
        assertNull(sink.last("later").getExitCode());
    }
}
