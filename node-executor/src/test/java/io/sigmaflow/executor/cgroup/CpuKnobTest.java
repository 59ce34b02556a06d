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

class CpuKnobTest {

    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of(CpuResource.WEIGHT, CgroupVersion.V1, "cpu.shares"),
                Arguments.of(CpuResource.QUOTA, CgroupVersion.V1, "cpu.cfs_quota_us"),
                Arguments.of(CpuResource.PERIOD, CgroupVersion.V1, "cpu.cfs_period_us"),
                Arguments.of(CpuResource.IDLE, CgroupVersion.V1, "cpu.idle"),
                Arguments.of(CpuResource.WEIGHT, CgroupVersion.V2, "cpu.weight"),
                Arguments.of(CpuResource.QUOTA, CgroupVersion.V2, "cpu.max"),
                Arguments.of(CpuResource.PERIOD, CgroupVersion.V2, "cpu.max"),
                Arguments.of(CpuResource.IDLE, CgroupVersion.V2, "cpu.idle"));
    }

    @ParameterizedTest(name = "{0} on {1} is {2}")
    @MethodSource("table")
    void eachLogicalResourceMapsToOneFilePerVersion(CpuResource resource, CgroupVersion version, String file) {
        CpuKnob knob = CpuKnob.of(resource, version).orElseThrow();
        assertEquals(file, knob.file());
        assertEquals(version, knob.version());
    }

    @Test
    void rangesAreTheKernels() {
        assertTrue(CpuKnob.CPU_SHARES.accepts(2));
        assertTrue(CpuKnob.CPU_SHARES.accepts(262_144));
        assertFalse(CpuKnob.CPU_SHARES.accepts(1));
        assertFalse(CpuKnob.CPU_SHARES.accepts(262_145));
        assertTrue(CpuKnob.CPU_WEIGHT.accepts(1));
        assertTrue(CpuKnob.CPU_WEIGHT.accepts(10_000));
        assertFalse(CpuKnob.CPU_WEIGHT.accepts(0));
        assertFalse(CpuKnob.CPU_WEIGHT.accepts(10_001));
        assertTrue(CpuKnob.CFS_QUOTA_US.accepts(-1), "-1 is unlimited");
        assertFalse(CpuKnob.CFS_QUOTA_US.accepts(999), "the kernel's minimum quota is 1 ms");
        assertFalse(CpuKnob.CPU_IDLE_V1.accepts(2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CpuKnob.CPU_WEIGHT.checked(0));
        assertTrue(e.getMessage().contains("cpu.weight: 0 is outside 1..10000"), e.getMessage());
    }
}
