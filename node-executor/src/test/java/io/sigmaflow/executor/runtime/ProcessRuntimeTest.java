package io.sigmaflow.executor.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.executor.cgroup.CgroupMode;
import io.sigmaflow.executor.cgroup.CgroupTree;
import io.sigmaflow.executor.cgroup.CgroupVersion;
import io.sigmaflow.executor.testing.Leaks;
import io.sigmaflow.executor.testing.Pods;
import io.sigmaflow.schema.Payload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real processes in a simulated cgroup tree; as root here they run as nobody. */
class ProcessRuntimeTest {
    @TempDir
    Path dir;

    private CgroupTree tree;
    private ProcessRuntime runtime;
    private Optional<PayloadUser> user;

    @BeforeEach
    void setUp() throws Exception {
        tree = CgroupTree.open(CgroupMode.SIMULATED, Optional.of(CgroupVersion.V1), dir.resolve("cg"), "sf");
        user = PayloadUser.currentUid() == 0 ? Optional.of(PayloadUser.resolve("nobody")) : Optional.empty();
        runtime = new ProcessRuntime(new PayloadPolicy(Set.of(Path.of(Pods.SLEEP), Path.of("/usr/bin/env"))), user,
                Path.of("/usr/bin/setpriv"), Path.of("/usr/bin/setsid"));
    }

    @AfterEach
    void killEverything() {
        Leaks.killChildren();
    }

    private PodLaunch launch(String podId, Payload payload) throws Exception {
        tree.createPod(podId);
        return new PodLaunch("node-1", podId, "app", payload, tree.procsFile(podId), dir.resolve("state").resolve(podId));
    }

    @Test
    void thePayloadIsInsideItsCgroupUnprivilegedAndInItsOwnSession() throws Exception {
        RunningPod pod = runtime.start(launch("p1", Pods.payload(Pods.SLEEP, "30")));
        assertTrue(pod.isAlive());
        assertEquals(Set.of(pod.pid()), tree.pids("p1"), "the pid the wrapper wrote before exec");
        // start() returns once the wrapper has joined the cgroup; the privilege drop follows in
        // the same pid, before the payload's first instruction.
        assertTrue(Leaks.eventually(5_000, () -> ProcessHandle.of(pod.pid()).flatMap(h -> h.info().command())
                .map(Pods.SLEEP::equals).orElse(false)), "exec'd into the payload");
        List<String> status = Files.readAllLines(Path.of("/proc", String.valueOf(pod.pid()), "status"));
        String uid = status.stream().filter(l -> l.startsWith("Uid:")).findFirst().orElseThrow();
        if (user.isPresent()) {
            assertTrue(uid.matches("Uid:\\s+65534\\s+65534\\s+65534\\s+65534"), uid);
            assertTrue(status.stream().anyMatch(l -> l.matches("NoNewPrivs:\\s+1")), "no_new_privs set");
            assertTrue(status.stream().anyMatch(l -> l.matches("CapBnd:\\s+0+")), "no capabilities left");
        }
        String stat = Files.readString(Path.of("/proc", String.valueOf(pod.pid()), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        assertEquals(String.valueOf(pod.pid()), fields[3], "session leader: signals to the executor's group miss it");
    }

    @Test
    void theEnvironmentIsRebuiltFromScratch() throws Exception {
        RunningPod pod = runtime.start(launch("envpod", new Payload("/usr/bin/env", List.of(), Map.of("GREETING", "hi"))));
        assertTrue(Leaks.eventually(5_000, () -> !pod.isAlive()));
        assertEquals(0, pod.exitCode().orElseThrow());
        List<String> env = Files.readAllLines(dir.resolve("state/envpod/stdout.log"));
        assertTrue(env.contains("GREETING=hi"), env.toString());
        assertTrue(env.contains("SIGMAFLOW_POD_ID=envpod"), env.toString());
        assertTrue(env.contains("PATH=/usr/local/bin:/usr/bin:/bin"), env.toString());
        assertFalse(env.stream().anyMatch(l -> l.startsWith("JAVA_HOME=") || l.startsWith("MAVEN")), "nothing of the executor's: " + env);
    }

    @Test
    void aDisallowedExecutableIsRefusedAtTheLastGateToo() throws Exception {
        PodStartException e = assertThrows(PodStartException.class,
                () -> runtime.start(launch("bad", Pods.payload("/bin/sh", "-c", "id"))));
        assertTrue(e.refused());
        assertTrue(e.getMessage().contains("not on this node's allowlist"));
        assertTrue(tree.pids("bad").isEmpty());
    }

    @Test
    void aCgroupThatCannotBeJoinedFailsTheStart() throws Exception {
        PodLaunch l = launch("nojoin", Pods.payload(Pods.SLEEP, "30"));
        PodLaunch broken = new PodLaunch(l.nodeId(), l.podId(), l.appId(), l.payload(), dir.resolve("missing/cgroup.procs"), l.podStateDir());
        PodStartException e = assertThrows(PodStartException.class, () -> runtime.start(broken));
        assertFalse(e.refused());
        assertTrue(e.getMessage().contains("could not join the cgroup"), e.getMessage());
        assertTrue(Leaks.childProcesses().isEmpty());
    }

    @Test
    void adoptFindsTheRecordedProcessAndNothingElse() throws Exception {
        RunningPod pod = runtime.start(launch("p2", Pods.payload(Pods.SLEEP, "30")));
        Path state = dir.resolve("state/p2");
        assertEquals(pod.pid(), runtime.adopt("p2", state, tree.pids("p2")).orElseThrow().pid());
        assertTrue(runtime.adopt("p2", state, Set.of()).isEmpty(), "not in the cgroup: not the pod");
        Files.writeString(state.resolve("pid"), pod.pid() + " 12345\n");
        assertTrue(runtime.adopt("p2", state, tree.pids("p2")).isEmpty(), "another start time: a recycled pid");
        assertTrue(runtime.adopt("p2", dir.resolve("state/none"), tree.pids("p2")).isEmpty());
    }
}
