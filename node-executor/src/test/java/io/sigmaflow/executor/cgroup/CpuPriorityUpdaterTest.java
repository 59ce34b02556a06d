package io.sigmaflow.executor.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.executor.testing.Pods;
import io.sigmaflow.schema.PodCpuSetting;
import io.sigmaflow.schema.QosClass;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Against a fake cgroup root in a temp dir: the files actually written, for v1 and v2. */
class CpuPriorityUpdaterTest {
    @TempDir
    Path root;

    private Path pod(CgroupVersion version) throws Exception {
        CgroupTree tree = CgroupTree.open(CgroupMode.SIMULATED, Optional.of(version), root, "sigmaflow/node-1");
        return tree.createPod("p1");
    }

    private static Map<String, String> knobs(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (var list = Files.list(dir)) {
            for (Path f : list.toList()) {
                if (f.getFileName().toString().startsWith("cpu.")) {
                    files.put(f.getFileName().toString(), Files.readString(f).trim());
                }
            }
        }
        return files;
    }

    @ParameterizedTest(name = "v1: weight {0}, quota {1}m, idle {2} -> shares {3}, quota {4}, idle {5}")
    @CsvSource({
        "100,   -1,  false, 2597,   -1,     0",
        "1,     -1,  false, 2,      -1,     0",
        "10000, -1,  false, 262144, -1,     0",
        "39,    500, false, 998,    50000,  0",
        "100,   2500,false, 2597,   250000, 0",
        "100,   5,   false, 2597,   1000,   0",
        "1,     100, true,  1024,   10000,  1",
    })
    void v1FilesWritten(int weight, long quotaMillis, boolean idle, String shares, String quotaUs, String idleFile) throws Exception {
        Path dir = pod(CgroupVersion.V1);
        new CpuPriorityUpdater(CgroupVersion.V1, new KnobWriter()).apply(dir, Pods.cpu("p1", QosClass.LS, weight, quotaMillis, idle));
        // An idle group keeps the default shares: the kernel ignores (refuses) weights of idle groups.
        assertEquals(Map.of("cpu.shares", shares, "cpu.cfs_quota_us", quotaUs, "cpu.cfs_period_us", "100000", "cpu.idle", idleFile),
                knobs(dir));
    }

    @ParameterizedTest(name = "v2: weight {0}, quota {1}m, idle {2} -> weight {3}, max {4}, idle {5}")
    @CsvSource({
        "100,   -1,  false, 100,   max 100000,    0",
        "1,     -1,  false, 1,     max 100000,    0",
        "10000, 500, false, 10000, 50000 100000,  0",
        "1,     100, true,  100,   10000 100000,  1",
    })
    void v2FilesWritten(int weight, long quotaMillis, boolean idle, String w, String max, String idleFile) throws Exception {
        Path dir = pod(CgroupVersion.V2);
        new CpuPriorityUpdater(CgroupVersion.V2, new KnobWriter()).apply(dir, Pods.cpu("p1", QosClass.LS, weight, quotaMillis, idle));
        assertEquals(Map.of("cpu.weight", w, "cpu.max", max, "cpu.idle", idleFile), knobs(dir));
    }

    @Test
    void writesOnlyWhenTheValueDiffers() throws Exception {
        Path dir = pod(CgroupVersion.V1);
        KnobWriter writer = new KnobWriter();
        CpuPriorityUpdater updater = new CpuPriorityUpdater(CgroupVersion.V1, writer);
        PodCpuSetting s = Pods.cpu("p1", QosClass.LS, 500, 1000, false);
        updater.apply(dir, s);
        // shares and quota differ from the defaults; idle and period already hold their values.
        assertEquals(2, writer.written());
        assertEquals(2, writer.unchanged());
        long modified = Files.getLastModifiedTime(dir.resolve("cpu.shares")).toMillis();
        Files.setLastModifiedTime(dir.resolve("cpu.shares"), java.nio.file.attribute.FileTime.fromMillis(modified - 60_000));
        List<KnobWriter.Write> again = updater.apply(dir, s);
        assertTrue(again.stream().allMatch(w -> w.outcome() == KnobWriter.Outcome.UNCHANGED), again.toString());
        assertEquals(modified - 60_000, Files.getLastModifiedTime(dir.resolve("cpu.shares")).toMillis(), "file not rewritten");
        assertEquals(2, writer.written());
        assertEquals(6, writer.unchanged());
    }

    @Test
    void missingKnobIsUnsupportedNotFailedAndIdleFallsBackToLowestWeight() throws Exception {
        Path dir = pod(CgroupVersion.V2);
        Files.delete(dir.resolve("cpu.idle")); // a kernel before 5.15
        KnobWriter writer = new KnobWriter();
        List<KnobWriter.Write> writes = new CpuPriorityUpdater(CgroupVersion.V2, writer)
                .apply(dir, Pods.cpu("p1", QosClass.BE, 1, -1, true));
        assertEquals(1, writer.unsupported());
        assertEquals(0, writer.failed());
        assertEquals("1", Files.readString(dir.resolve("cpu.weight")));
        assertTrue(writes.stream().noneMatch(KnobWriter.Write::failed));
    }

    @Test
    void groupIdentityIsWrittenOnlyWhereDetectedFromQos() throws Exception {
        for (CgroupVersion v : CgroupVersion.values()) {
            Path dir = pod(v);
            KnobWriter writer = new KnobWriter();
            new CpuPriorityUpdater(v, writer).apply(dir, Pods.cpu("p1", QosClass.LS, 100, -1, false));
            assertTrue(Files.notExists(dir.resolve("cpu.bvt_warp_ns")), "not detected: never written, not even tried");
            assertEquals(0, writer.unsupported());

            Files.writeString(dir.resolve("cpu.bvt_warp_ns"), "0"); // an Alibaba Cloud Linux kernel
            CpuPriorityUpdater withBvt = new CpuPriorityUpdater(v, writer, true);
            withBvt.apply(dir, Pods.cpu("p1", QosClass.LS, 100, -1, false));
            assertEquals("2", Files.readString(dir.resolve("cpu.bvt_warp_ns")), v + ": latency-sensitive");
            withBvt.apply(dir, Pods.cpu("p1", QosClass.BE, 1, -1, true));
            assertEquals("-1", Files.readString(dir.resolve("cpu.bvt_warp_ns")), v + ": best-effort");
        }
    }

    @Test
    void aRefusedWriteIsAFailure() throws Exception {
        Path dir = pod(CgroupVersion.V1);
        Files.delete(dir.resolve("cpu.shares"));
        Files.createDirectory(dir.resolve("cpu.shares")); // reads fail like a kernel refusing the file
        KnobWriter writer = new KnobWriter();
        List<KnobWriter.Write> writes = new CpuPriorityUpdater(CgroupVersion.V1, writer).apply(dir, Pods.cpu("p1", QosClass.LS, 50, -1, false));
        assertEquals(1, writer.failed());
        assertEquals(0, writer.unsupported());
        assertTrue(writes.stream().anyMatch(w -> w.failed() && w.knob() == CgroupKnob.CPU_SHARES), writes.toString());
    }

    @Test
    void writingToAMissingCgroupFails() {
        KnobWriter writer = new KnobWriter();
        KnobWriter.Write w = writer.write(root.resolve("nope"), CgroupKnob.CPU_SHARES, "2");
        assertEquals(KnobWriter.Outcome.FAILED, w.outcome());
    }

    @Test
    void sharesAndWeightTranslateBothWaysExactly() {
        assertEquals(2, CpuPriorityUpdater.sharesFromWeight(1));
        assertEquals(2597, CpuPriorityUpdater.sharesFromWeight(100));
        assertEquals(262_144, CpuPriorityUpdater.sharesFromWeight(10_000));
        assertEquals(1, CpuPriorityUpdater.weightFromShares(2));
        assertEquals(40, CpuPriorityUpdater.weightFromShares(1024), "one CPU's request");
        assertEquals(10_000, CpuPriorityUpdater.weightFromShares(262_144));
        for (int w = 1; w <= 10_000; w++) {
            assertEquals(w, CpuPriorityUpdater.weightFromShares(CpuPriorityUpdater.sharesFromWeight(w)), "weight " + w);
        }
    }

    @Test
    void quotaTranslation() {
        assertEquals(-1, CpuPriorityUpdater.quotaMicros(-1));
        assertEquals(100_000, CpuPriorityUpdater.quotaMicros(1000), "one CPU is a full period");
        assertEquals(1_000, CpuPriorityUpdater.quotaMicros(1), "raised to the kernel minimum");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"V1", "V2"})
    void readBackGivesTheLogicalSetting(CgroupVersion version) throws Exception {
        Path dir = pod(version);
        CpuPriorityUpdater updater = new CpuPriorityUpdater(version, new KnobWriter());
        updater.apply(dir, Pods.cpu("p1", QosClass.LS, 777, 1500, false));
        PodCpuSetting read = updater.read(dir, "p1");
        assertEquals(777, read.getCpuWeight());
        assertEquals(1500, read.getCpuQuotaMillis());
        assertEquals(false, read.getIdle());
    }
}
