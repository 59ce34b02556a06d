package io.sigmaflow.executor.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CgroupKnobTest {

    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of(CgroupResource.WEIGHT, CgroupVersion.V1, "cpu.shares"),
                Arguments.of(CgroupResource.QUOTA, CgroupVersion.V1, "cpu.cfs_quota_us"),
                Arguments.of(CgroupResource.PERIOD, CgroupVersion.V1, "cpu.cfs_period_us"),
                Arguments.of(CgroupResource.IDLE, CgroupVersion.V1, "cpu.idle"),
                Arguments.of(CgroupResource.WEIGHT, CgroupVersion.V2, "cpu.weight"),
                Arguments.of(CgroupResource.QUOTA, CgroupVersion.V2, "cpu.max"),
                Arguments.of(CgroupResource.PERIOD, CgroupVersion.V2, "cpu.max"),
                Arguments.of(CgroupResource.IDLE, CgroupVersion.V2, "cpu.idle"),
                Arguments.of(CgroupResource.GROUP_IDENTITY, CgroupVersion.V1, "cpu.bvt_warp_ns"),
                Arguments.of(CgroupResource.GROUP_IDENTITY, CgroupVersion.V2, "cpu.bvt_warp_ns"),
                Arguments.of(CgroupResource.MEMORY_LIMIT, CgroupVersion.V1, "memory.limit_in_bytes"),
                Arguments.of(CgroupResource.MEMORY_LIMIT, CgroupVersion.V2, "memory.max"),
                Arguments.of(CgroupResource.SWAP_LIMIT, CgroupVersion.V1, "memory.memsw.limit_in_bytes"),
                Arguments.of(CgroupResource.SWAP_LIMIT, CgroupVersion.V2, "memory.swap.max"),
                Arguments.of(CgroupResource.SWAPPINESS, CgroupVersion.V1, "memory.swappiness"),
                Arguments.of(CgroupResource.OOM_EVENTS, CgroupVersion.V1, "memory.oom_control"),
                Arguments.of(CgroupResource.OOM_EVENTS, CgroupVersion.V2, "memory.events"),
                Arguments.of(CgroupResource.CPUS, CgroupVersion.V1, "cpuset.cpus"),
                Arguments.of(CgroupResource.CPUS, CgroupVersion.V2, "cpuset.cpus"),
                Arguments.of(CgroupResource.MEMS, CgroupVersion.V1, "cpuset.mems"),
                Arguments.of(CgroupResource.MEMS, CgroupVersion.V2, "cpuset.mems"));
    }

    @ParameterizedTest(name = "{0} on {1} is {2}")
    @MethodSource("table")
    void eachLogicalResourceMapsToOneFilePerVersion(CgroupResource resource, CgroupVersion version, String file) {
        CgroupKnob knob = CgroupKnob.of(resource, version).orElseThrow();
        assertEquals(file, knob.file());
        assertEquals(version, knob.version());
    }

    @Test
    void eachKnobIsDeclaredOnceAndV2HasNoSwappiness() {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (CgroupKnob k : CgroupKnob.values()) {
            assertTrue(seen.add(k.version() + "/" + k.file()), "declared twice: " + k);
            assertEquals(k.resource().controller(), k.controller());
        }
        assertTrue(CgroupKnob.of(CgroupResource.SWAPPINESS, CgroupVersion.V2).isEmpty(), "v2 has no per-group swappiness");
    }

    @Test
    void v1MemoryReadsUnlimitedBackAsItsCeiling() {
        assertTrue(CgroupKnob.MEMORY_LIMIT_IN_BYTES.holds("9223372036854771712", "-1"), "-1 reads back as PAGE_COUNTER_MAX pages");
        assertFalse(CgroupKnob.MEMORY_LIMIT_IN_BYTES.holds("67108864", "-1"));
        assertFalse(CgroupKnob.CFS_QUOTA_US.holds("9223372036854771712", "-1"), "only memory files spell unlimited so");
        assertTrue(CgroupKnob.MEMORY_LIMIT_IN_BYTES.accepts(-1));
        assertFalse(CgroupKnob.MEMORY_MAX.accepts(-1), "v2 spells it max, the updater translates");
        assertFalse(CgroupKnob.CPUSET_CPUS_V1.accepts(0), "a CPU list is text, not a number");
    }

    @Test
    void rangesAreTheKernels() {
        assertTrue(CgroupKnob.CPU_SHARES.accepts(2));
        assertTrue(CgroupKnob.CPU_SHARES.accepts(262_144));
        assertFalse(CgroupKnob.CPU_SHARES.accepts(1));
        assertFalse(CgroupKnob.CPU_SHARES.accepts(262_145));
        assertTrue(CgroupKnob.CPU_WEIGHT.accepts(1));
        assertTrue(CgroupKnob.CPU_WEIGHT.accepts(10_000));
        assertFalse(CgroupKnob.CPU_WEIGHT.accepts(0));
        assertFalse(CgroupKnob.CPU_WEIGHT.accepts(10_001));
        assertTrue(CgroupKnob.CFS_QUOTA_US.accepts(-1), "-1 is unlimited");
        assertFalse(CgroupKnob.CFS_QUOTA_US.accepts(999), "the kernel's minimum quota is 1 ms");
        assertFalse(CgroupKnob.CPU_IDLE_V1.accepts(2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CgroupKnob.CPU_WEIGHT.checked(0));
        assertTrue(e.getMessage().contains("cpu.weight: 0 is outside 1..10000"), e.getMessage());
    }
}
