package io.sigmaflow.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The split of a JVM's non-Java threads' cpu: names to groups, and this JVM's own threads read from /proc. */
class NativeThreadCpuTest {
    @Test
    void groupsHotSpotsAndRocksDbsThreadsByName() {
        for (String gc : List.of("GC Thread#0", "G1 Conc#0", "G1 Refine#0", "G1 Main Marker", "G1 Service", "ZWorker#1",
                "ZDirector", "Shenandoah GC")) {
            assertEquals(NativeThreadCpu.GC, NativeThreadCpu.group(gc), gc);
        }
        assertEquals(NativeThreadCpu.JIT, NativeThreadCpu.group("C2 CompilerThre"));
        assertEquals(NativeThreadCpu.JIT, NativeThreadCpu.group("C1 CompilerThre"));
        assertEquals(NativeThreadCpu.ROCKSDB, NativeThreadCpu.group("rocksdb:low"));
        assertEquals(NativeThreadCpu.ROCKSDB, NativeThreadCpu.group("rocksdb:high"));
        for (String other : List.of("main", "VM Thread", "Zookeeper", "Source: request", "kafka-producer-ne", "Flink")) {
            assertNull(NativeThreadCpu.group(other), other);
        }
    }

    @Test
    void readsThisJvmsCompilerThreadsFromProc() {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "needs Linux's /proc");
        NativeThreadCpu cpu = new NativeThreadCpu();
        cpu.sample();
        Map<String, Long> groups = cpu.byGroup();
        assertEquals(List.of(NativeThreadCpu.GC, NativeThreadCpu.JIT, NativeThreadCpu.ROCKSDB), List.copyOf(groups.keySet()));
        // Starting JUnit compiled hundreds of methods: the JIT's threads used well over one 10 ms tick.
        assertTrue(groups.get(NativeThreadCpu.JIT) >= 10_000_000L, groups.toString());
        assertEquals(0L, groups.get(NativeThreadCpu.ROCKSDB), groups.toString());
    }
}
