package io.sigmaflow.executor.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.executor.cgroup.MemoryLimitUpdater.MemoryLimit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a fake cgroup root: the memory files written for v1 and v2, their order, and the OOM counters read. */
class MemoryLimitUpdaterTest {
    private static final long MIB = 1 << 20;

    @TempDir
    Path root;

    private Path pod(CgroupVersion version) throws Exception {
        CgroupTree tree = CgroupTree.open(CgroupMode.SIMULATED, Optional.of(version), root, "sigmaflow/node-1");
        tree.createPod("p1");
        return tree.podDir("p1", CgroupController.MEMORY);
    }

    private static Map<String, String> memoryFiles(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (var list = Files.list(dir)) {
            for (Path f : list.toList()) {
                String name = f.getFileName().toString();
                if (name.startsWith("memory.") && !name.equals("memory.oom_control") && !name.equals("memory.events")) {
                    files.put(name, Files.readString(f).trim());
                }
            }
        }
        return files;
    }

    @Test
    void v1LatencySensitiveGetsItsRequestAndNoSwap() throws Exception {
        Path dir = pod(CgroupVersion.V1);
        MemoryLimitUpdater updater = new MemoryLimitUpdater(CgroupVersion.V1, new KnobWriter());
        updater.apply(dir, new MemoryLimit(64 * MIB, true));
        assertEquals(Map.of("memory.limit_in_bytes", "67108864", "memory.memsw.limit_in_bytes", "67108864",
                "memory.swappiness", "0"), memoryFiles(dir));
        assertEquals(new MemoryLimit(64 * MIB, true), updater.read(dir));
    }

    @Test
    void v2LatencySensitiveGetsItsRequestAndNoSwap() throws Exception {
        Path dir = pod(CgroupVersion.V2);
        MemoryLimitUpdater updater = new MemoryLimitUpdater(CgroupVersion.V2, new KnobWriter());
        updater.apply(dir, new MemoryLimit(64 * MIB, true));
        assertEquals(Map.of("memory.max", "67108864", "memory.swap.max", "0"), memoryFiles(dir));
        assertEquals(new MemoryLimit(64 * MIB, true), updater.read(dir));
    }

    @Test
    void bestEffortMaySwapOnBothVersions() throws Exception {
        Path v1 = pod(CgroupVersion.V1);
        new MemoryLimitUpdater(CgroupVersion.V1, new KnobWriter()).apply(v1, new MemoryLimit(128 * MIB, false));
        assertEquals(Map.of("memory.limit_in_bytes", "134217728",
                "memory.memsw.limit_in_bytes", String.valueOf(CgroupKnob.V1_MEMORY_UNLIMITED), // already unlimited: not rewritten
                "memory.swappiness", "60"), memoryFiles(v1));
        Path v2 = pod(CgroupVersion.V2);
        new MemoryLimitUpdater(CgroupVersion.V2, new KnobWriter()).apply(v2, new MemoryLimit(128 * MIB, false));
        assertEquals(Map.of("memory.max", "134217728", "memory.swap.max", "max"), memoryFiles(v2));
    }

    /**
     * The kernel refuses (EINVAL) any v1 write that would leave memsw below the limit: raising
     * a swap-off pod's limit must write memsw first, lowering it the limit first.
     */
    @Test
    void v1WriteOrderKeepsMemswAboveTheLimit() throws Exception {
        Path dir = pod(CgroupVersion.V1);
        List<String> order = new ArrayList<>();
        MemoryLimitUpdater updater = new MemoryLimitUpdater(CgroupVersion.V1, new KnobWriter());
        updater.apply(dir, new MemoryLimit(64 * MIB, true));
        List<KnobWriter.Write> up = updater.apply(dir, new MemoryLimit(256 * MIB, true));
        up.stream().filter(w -> w.outcome() == KnobWriter.Outcome.WRITTEN).forEach(w -> order.add(w.knob().file()));
        assertEquals(List.of("memory.memsw.limit_in_bytes", "memory.limit_in_bytes"), order, "raise: memsw first");
        order.clear();
        List<KnobWriter.Write> down = updater.apply(dir, new MemoryLimit(32 * MIB, true));
        down.stream().filter(w -> w.outcome() == KnobWriter.Outcome.WRITTEN).forEach(w -> order.add(w.knob().file()));
        assertEquals(List.of("memory.limit_in_bytes", "memory.memsw.limit_in_bytes"), order, "lower: limit first");
        order.clear();
        List<KnobWriter.Write> toBe = updater.apply(dir, new MemoryLimit(CgroupKnob.UNLIMITED, false));
        toBe.stream().filter(w -> w.outcome() == KnobWriter.Outcome.WRITTEN).forEach(w -> order.add(w.knob().file()));
        assertEquals(List.of("memory.memsw.limit_in_bytes", "memory.limit_in_bytes", "memory.swappiness"), order,
                "unlimited: memsw first");
    }

    @Test
    void unchangedLimitsAreNotRewritten() throws Exception {
        Path dir = pod(CgroupVersion.V1);
        KnobWriter writer = new KnobWriter();
        MemoryLimitUpdater updater = new MemoryLimitUpdater(CgroupVersion.V1, writer);
        updater.apply(dir, new MemoryLimit(64 * MIB, true));
        long written = writer.written();
        updater.apply(dir, new MemoryLimit(64 * MIB, true));
        assertEquals(written, writer.written(), writer.toString());
        assertEquals(3, writer.unchanged());
    }

    @Test
    void withoutSwapAccountingMemswIsUnsupportedNotFailed() throws Exception {
        Path dir = pod(CgroupVersion.V1);
        Files.delete(dir.resolve("memory.memsw.limit_in_bytes"));
        KnobWriter writer = new KnobWriter();
        new MemoryLimitUpdater(CgroupVersion.V1, writer).apply(dir, new MemoryLimit(64 * MIB, true));
        assertEquals(0, writer.failed(), writer.toString());
        assertEquals(1, writer.unsupported(), writer.toString());
        assertEquals("0", Files.readString(dir.resolve("memory.swappiness")), "swappiness 0 is what v1 has left");
    }

    @Test
    void oomKillsAreReadFromEitherVersionsCounters() throws Exception {
        Path v1 = pod(CgroupVersion.V1);
        MemoryLimitUpdater u1 = new MemoryLimitUpdater(CgroupVersion.V1, new KnobWriter());
        assertEquals(OptionalLong.of(0), u1.oomKills(v1));
        Files.writeString(v1.resolve("memory.oom_control"), "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n");
        assertEquals(OptionalLong.of(2), u1.oomKills(v1));
        assertEquals(OptionalLong.empty(), u1.oomKills(v1.resolveSibling("gone")), "no cgroup: unknown, not zero");

        Path v2 = pod(CgroupVersion.V2);
        MemoryLimitUpdater u2 = new MemoryLimitUpdater(CgroupVersion.V2, new KnobWriter());
        assertEquals(OptionalLong.of(0), u2.oomKills(v2));
        Files.writeString(v2.resolve("memory.events"), "low 0\nhigh 0\nmax 12\noom 1\noom_kill 1\noom_group_kill 0\n");
        assertEquals(OptionalLong.of(1), u2.oomKills(v2));
        assertTrue(Files.exists(v2.resolve("cpu.weight")), "v2: one directory holds every controller's files");
    }
}
