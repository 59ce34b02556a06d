package io.sigmaflow.executor.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sigmaflow.executor.runtime.PayloadUser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GpuDeviceUpdaterTest {
    private static final Path MOUNT = Path.of("/sys/fs/cgroup");

    @Test
    void simulatedV1DeniesEveryGpuButThePodsAndV2CountsUnsupported(@TempDir Path mount) throws Exception {
        CgroupTree v1 = CgroupTree.open(CgroupMode.SIMULATED, Optional.of(CgroupVersion.V1), mount.resolve("v1"), "sf",
                EnumSet.of(CgroupController.CPU, CgroupController.DEVICES));
        v1.createPod("p1");
        assertEquals(mount.resolve("v1/devices/sf/pod-p1/cgroup.procs"), v1.joinFiles("p1").get(0),
                "the pod's process joins the devices hierarchy too");
        KnobWriter writer = new KnobWriter();
        List<KnobWriter.Write> writes = new GpuDeviceUpdater(CgroupVersion.V1, writer)
                .apply(v1.podDir("p1", CgroupController.DEVICES), List.of(1, 3));
        assertEquals(GpuDeviceUpdater.INDEXES - 2, writes.size());
        assertTrue(writes.stream().noneMatch(w -> w.value().equals("c 195:1 rwm") || w.value().equals("c 195:3 rwm")));
        assertTrue(writes.stream().anyMatch(w -> w.value().equals("c 195:0 rwm")));
        assertEquals(GpuDeviceUpdater.INDEXES - 2, writer.written());

        CgroupTree v2 = CgroupTree.open(CgroupMode.SIMULATED, Optional.of(CgroupVersion.V2), mount.resolve("v2"), "sf",
                EnumSet.of(CgroupController.CPU, CgroupController.DEVICES));
        assertFalse(v2.has(CgroupController.DEVICES), "v2 has no devices controller");
        KnobWriter v2Writer = new KnobWriter();
        List<KnobWriter.Write> none = new GpuDeviceUpdater(CgroupVersion.V2, v2Writer).apply(null, List.of(0));
        assertEquals(KnobWriter.Outcome.UNSUPPORTED, none.get(0).outcome());
        assertEquals(1, v2Writer.unsupported());
        assertEquals(0, v2Writer.failed());
    }

    /**
     * The real kernel: two char devices 195:0 and 195:1 made with mknod (no NVIDIA driver here, so
     * opening an allowed one fails with ENXIO); a process in a pod cgroup given GPU 1 gets EPERM for
     * 195:0 and not for 195:1, and a process outside gets ENXIO for both.
     */
    @Test
    void theKernelRefusesTheGpusAPodWasNotGiven(@TempDir Path devDir) throws Exception {
        assumeTrue(PayloadUser.currentUid() == 0, "needs root for mknod and cgroups (uid " + PayloadUser.currentUid() + ")");
        assumeTrue(Files.isRegularFile(MOUNT.resolve("devices/devices.list")),
                "no cgroup v1 devices controller at " + MOUNT + "/devices (cgroup v2 needs eBPF for device control)");
        Path gpu0 = devDir.resolve("nvidia0");
        Path gpu1 = devDir.resolve("nvidia1");
        run("mknod", gpu0.toString(), "c", "195", "0");
        run("mknod", gpu1.toString(), "c", "195", "1");
        String top = "sigmaflow-test-" + UUID.randomUUID().toString().substring(0, 8);
        CgroupTree tree = CgroupTree.open(CgroupMode.KERNEL, Optional.of(CgroupVersion.V1), MOUNT, top + "/n1",
                EnumSet.of(CgroupController.CPU, CgroupController.DEVICES));
        try {
            assumeTrue(tree.has(CgroupController.DEVICES), "the devices hierarchy is not usable here: " + tree);
            tree.createPod("p1");
            KnobWriter writer = new KnobWriter();
            List<KnobWriter.Write> writes = new GpuDeviceUpdater(CgroupVersion.V1, writer)
                    .apply(tree.podDir("p1", CgroupController.DEVICES), List.of(1));
            assertTrue(writes.stream().noneMatch(KnobWriter.Write::failed), writes.toString());

            String script = "cat " + gpu0 + "; cat " + gpu1;
            String outside = run("sh", "-c", script);
            assertTrue(outside.contains("nvidia0: No such device or address"), outside);
            String procs = tree.podDir("p1", CgroupController.DEVICES).resolve("cgroup.procs").toString();
            String inside = run("sh", "-c", "echo $$ > " + procs + " && " + script);
            assertTrue(inside.contains("nvidia0: Operation not permitted"), "GPU 0 was not given: " + inside);
            assertTrue(inside.contains("nvidia1: No such device or address"), "GPU 1 was given (no driver: ENXIO): " + inside);
        } finally {
            for (CgroupController c : tree.controllers()) {
                Path dir = tree.parent(c);
                Files.deleteIfExists(dir.resolve("pod-p1"));
                Files.deleteIfExists(dir);
                Files.deleteIfExists(dir.getParent());
            }
        }
    }

    /** Runs a command to its end; returns stdout and stderr together. */
    private static String run(String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(command));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("LC_ALL", "C");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "still running: " + cmd);
        return out;
    }
}
