package io.sigmaflow.executor.isolation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.executor.isolation.CpuTopology.Cpu;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The topology as sysfs tells it: a fake sysfs of two sockets, and this machine's own. */
class CpuTopologyTest {
    @TempDir
    Path sys;

    /** Writes a sysfs-like cpu directory: {@code cpuN/topology/{core_id,physical_package_id}} and {@code cpuN/nodeM}. */
    static Path fakeSysfs(Path sys, String online, int[][] cpus) throws Exception {
        Files.createDirectories(sys);
        Files.writeString(sys.resolve("online"), online + "\n");
        for (int[] c : cpus) { // id, node, socket, core_id
            Path dir = sys.resolve("cpu" + c[0]);
            Files.createDirectories(dir.resolve("topology"));
            Files.createDirectories(dir.resolve("node" + c[1]));
            Files.writeString(dir.resolve("topology/physical_package_id"), c[2] + "\n");
            Files.writeString(dir.resolve("topology/core_id"), c[3] + "\n");
        }
        return sys;
    }

    @Test
    void readsCoresSocketsAndNodes() throws Exception {
        // Two sockets with core_id 0 and 1 each: core ids repeat across sockets, the pair is unique.
        fakeSysfs(sys, "0-3", new int[][] {{0, 0, 0, 0}, {1, 0, 0, 1}, {2, 1, 1, 0}, {3, 1, 1, 1}});
        CpuTopology t = CpuTopology.read(sys);
        assertEquals(4, t.cpus().size());
        assertEquals(4, t.cpus().stream().map(Cpu::core).distinct().count(), "core 0 of socket 0 is not core 0 of socket 1");
        assertEquals(List.of(0, 0, 1, 1), t.cpus().stream().map(Cpu::node).toList());
        assertEquals("4 CPUs (0-3) on 4 cores, 2 NUMA nodes", t.describe());
    }

    @Test
    void offlineCpusAreLeftOut() throws Exception {
        fakeSysfs(sys, "0,2", new int[][] {{0, 0, 0, 0}, {1, 0, 0, 1}, {2, 0, 0, 2}});
        assertEquals("0,2", CpuList.format(CpuTopology.read(sys).ids()));
    }

    @Test
    void thisMachine() throws Exception {
        CpuTopology t = CpuTopology.read(CpuTopology.SYSFS_CPU);
        assertTrue(Runtime.getRuntime().availableProcessors() <= t.cpus().size(), t.describe());
        assertTrue(t.ids().contains(0), t.describe());
    }
}
