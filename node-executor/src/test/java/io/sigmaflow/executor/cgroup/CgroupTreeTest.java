package io.sigmaflow.executor.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupTreeTest {
    @TempDir
    Path mount;

    @Test
    void simulatedV1LaysOutPodsLikeTheKernel() throws Exception {
        CgroupTree tree = CgroupTree.open(CgroupMode.SIMULATED, Optional.of(CgroupVersion.V1), mount, "sigmaflow/host-1");
        assertEquals(mount.resolve("cpu/sigmaflow/host-1"), tree.parent());
        Path dir = tree.createPod("web-1");
        assertEquals(mount.resolve("cpu/sigmaflow/host-1/pod-web-1"), dir);
        assertEquals("1024", Files.readString(dir.resolve("cpu.shares")));
        assertEquals("-1", Files.readString(dir.resolve("cpu.cfs_quota_us")));
        assertTrue(Files.exists(dir.resolve("cgroup.procs")));
        assertEquals(dir, tree.createPod("web-1"), "creating twice is fine");
    }

    @Test
    void simulatedV2LaysOutPodsLikeTheKernel() throws Exception {
        CgroupTree tree = CgroupTree.open(CgroupMode.SIMULATED, Optional.of(CgroupVersion.V2), mount, "sf");
        Path dir = tree.createPod("a");
        assertEquals(mount.resolve("sf/pod-a"), dir);
        assertEquals("max 100000", Files.readString(dir.resolve("cpu.max")));
        assertEquals("100", Files.readString(dir.resolve("cpu.weight")));
    }

    @Test
    void listsOnlyPodDirectoriesAndRemovesThem() throws Exception {
        CgroupTree tree = CgroupTree.open(CgroupMode.SIMULATED, Optional.of(CgroupVersion.V1), mount, "sf");
        tree.createPod("b");
        tree.createPod("a");
        Files.createDirectory(tree.parent().resolve("not-a-pod"));
        Files.writeString(tree.parent().resolve("pod-file"), "x");
        assertEquals(List.of("a", "b"), tree.pods());
        Files.writeString(tree.procsFile("a"), "123\n456\nbogus\n");
        assertEquals(Set.of(123L, 456L), tree.pids("a"));
        tree.removePod("a");
        tree.removePod("a");
        assertEquals(List.of("b"), tree.pods());
    }

    @Test
    void podIdsThatWouldEscapeAreRejected() throws Exception {
        CgroupTree tree = CgroupTree.open(CgroupMode.SIMULATED, Optional.of(CgroupVersion.V1), mount, "sf");
        for (String bad : List.of("..", "../x", "a/b", "x\ny", "")) {
            assertThrows(IllegalArgumentException.class, () -> tree.podDir(bad), bad);
        }
        CgroupUnavailableException e = assertThrows(CgroupUnavailableException.class,
                () -> CgroupTree.open(CgroupMode.SIMULATED, Optional.of(CgroupVersion.V1), mount, "sf/../../etc"));
        assertTrue(e.getMessage().contains("'..'"), e.getMessage());
    }

    @Test
    void kernelDetectionPrefersUnifiedCpuThenHybridThenV1() throws Exception {
        Files.createDirectories(mount.resolve("cpu"));
        Files.writeString(mount.resolve("cpu/cpu.shares"), "1024");
        Files.createDirectories(mount.resolve("unified"));
        Files.writeString(mount.resolve("unified/cgroup.controllers"), "hugetlb");
        CgroupTree v1 = CgroupTree.open(CgroupMode.KERNEL, Optional.empty(), mount, "sf");
        assertEquals(CgroupVersion.V1, v1.version(), "this machine's layout: cpu on v1, v2 without cpu");

        Files.writeString(mount.resolve("unified/cgroup.controllers"), "cpu memory");
        Files.writeString(mount.resolve("unified/cgroup.subtree_control"), "");
        CgroupTree hybrid = CgroupTree.open(CgroupMode.KERNEL, Optional.empty(), mount, "sf/n1");
        assertEquals(CgroupVersion.V2, hybrid.version());
        assertEquals(mount.resolve("unified/sf/n1"), hybrid.parent());
        assertEquals("+cpu +memory", Files.readString(mount.resolve("unified/cgroup.subtree_control")),
                "v2 needs cpu (and memory, listed here; cpuset is not) enabled on every level above the pods");
        assertEquals("+cpu +memory", Files.readString(mount.resolve("unified/sf/n1/cgroup.subtree_control")));
        assertEquals(Set.of(CgroupController.CPU, CgroupController.MEMORY), hybrid.controllers());
        assertEquals(hybrid.parent(), hybrid.parent(CgroupController.MEMORY), "v2: one directory for every controller");

        assertEquals(CgroupVersion.V1, CgroupTree.open(CgroupMode.KERNEL, Optional.of(CgroupVersion.V1), mount, "sf").version());
    }

    @Test
    void noCpuHierarchyIsAClearError() {
        CgroupUnavailableException e = assertThrows(CgroupUnavailableException.class,
                () -> CgroupTree.open(CgroupMode.KERNEL, Optional.empty(), mount, "sf"));
        assertTrue(e.getMessage().contains("no cpu cgroup found under " + mount), e.getMessage());
        assertTrue(e.getMessage().contains("cgroup.mode=simulated"), e.getMessage());
        assertFalse(Files.exists(mount.resolve("sf")));
    }
}
