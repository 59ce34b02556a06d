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
                Arguments.of(CgroupResource.IDLE, CgroupVersion.V2, "cpu.idle"));
    }

    @ParameterizedTest(name = "{0} on {1} is {2}")
    @MethodSource("table")
    void eachLogicalResourceMapsToOneFilePerVersion(CgroupResource resource, CgroupVersion version, String file) {
        CgroupKnob knob = CgroupKnob.of(resource, version).orElseThrow();
        assertEquals(file, knob.file());
        assertEquals(version, knob.version());
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
