package io.sigmaflow.executor.pod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.executor.HostAgent;
import io.sigmaflow.executor.emergency.RunDelayProbe;
import io.sigmaflow.executor.testing.Leaks;
import io.sigmaflow.executor.testing.Pods;
import io.sigmaflow.executor.testing.RecordingSink;
import io.sigmaflow.executor.testing.TestConfig;
import io.sigmaflow.schema.PodCpuSetting;
import io.sigmaflow.schema.PriorityChange;
import io.sigmaflow.schema.QosClass;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Priority changes on cgroup v2 (simulated): generations, translation, invalid settings. */
class PriorityApplierTest {
    @TempDir
    Path dir;

    private HostAgent host;

    @BeforeEach
    void setUp() throws Exception {
        host = new HostAgent(TestConfig.in(dir).set("cgroup.version", "v2").build(), UnaryOperator.identity(),
                new RecordingSink(), RunDelayProbe.schedstat());
        host.placements().apply(Pods.bind("a").build());
    }

    @AfterEach
    void tearDown() {
        host.close();
        Leaks.killChildren();
    }

    private static PriorityChange change(long generation, PodCpuSetting... settings) {
        return PriorityChange.newBuilder().setNodeId("node-1").setGeneration(generation).setSettings(List.of(settings)).build();
    }

    private String knob(String file) throws Exception {
        return Files.readString(host.supervisor().tree().podDir("a").resolve(file)).trim();
    }

    @Test
    void newerChangesApplyOlderOnesAreIgnored() throws Exception {
        assertTrue(host.priorities().apply(change(5, Pods.cpu("a", QosClass.LS, 800, 1500, false))).orElseThrow().applied());
        assertEquals("800", knob("cpu.weight"));
        assertEquals("150000 100000", knob("cpu.max"));
        assertFalse(host.priorities().apply(change(4, Pods.cpu("a", QosClass.LS, 5, -1, false))).orElseThrow().applied());
        assertFalse(host.priorities().apply(change(5, Pods.cpu("a", QosClass.LS, 5, -1, false))).orElseThrow().applied());
        assertEquals("800", knob("cpu.weight"));
        host.priorities().apply(change(6, Pods.cpu("a", QosClass.BE, 1, -1, true)));
        assertEquals("1", knob("cpu.idle"));
        assertEquals("max 100000", knob("cpu.max"));
        assertEquals(6, host.ledger().priorityGeneration());
        assertEquals(QosClass.BE, host.view().get("a").orElseThrow().qos());
    }

    @Test
    void invalidSettingsAreSkippedAndNamedValidOnesStillApply() throws Exception {
        PriorityApplier.Result r = host.priorities().apply(change(1,
                Pods.cpu("a", QosClass.LS, 300, -1, false),
                Pods.cpu("b", QosClass.LS, 0, -1, false),
                Pods.cpu("../x", QosClass.LS, 10, -1, false),
                Pods.cpu("c", QosClass.LS, 10, 0, false))).orElseThrow();
        assertEquals("300", knob("cpu.weight"));
        assertEquals(3, r.problems().size(), r.problems().toString());
        assertTrue(r.problems().get(0).contains("cpuWeight 0 is outside 1..10000"));
        assertTrue(r.problems().get(1).contains("pod id '../x'"));
        assertTrue(r.problems().get(2).contains("cpuQuotaMillis 0 must be -1"));
    }

    @Test
    void changesForOtherNodesAreIgnored() throws Exception {
        PriorityChange other = PriorityChange.newBuilder(change(9, Pods.cpu("a", QosClass.LS, 7, -1, false))).setNodeId("node-2").build();
        assertTrue(host.priorities().apply(other).isEmpty());
        assertEquals(0, host.ledger().priorityGeneration());
    }
}
