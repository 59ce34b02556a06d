package io.sigmaflow.executor.emergency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.executor.HostAgent;
import io.sigmaflow.executor.testing.Leaks;
import io.sigmaflow.executor.testing.Pods;
import io.sigmaflow.executor.testing.RecordingSink;
import io.sigmaflow.executor.testing.TestConfig;
import io.sigmaflow.schema.QosClass;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The emergency rule with a scripted run-delay probe (the real one reads /proc schedstat; its
 * effect on the kernel is covered by RealKernelCpuPriorityTest): LS starvation throttles BE pods
 * at once, calm restores them.
 */
class BestEffortThrottleTest {
    @TempDir
    Path dir;

    private final RecordingSink sink = new RecordingSink();
    /** Cumulative run delay per pod, advanced by the test. */
    private final Map<String, Long> delayNanos = new ConcurrentHashMap<>();
    private HostAgent host;
    private BestEffortThrottle throttle;

    @BeforeEach
    void setUp() throws Exception {
        host = new HostAgent(TestConfig.in(dir)
                .set("emergency.enabled", "true")
                .set("emergency.restore-after-ms", "0")
                .set("emergency.be-quota-millis", "50").build(),
                UnaryOperator.identity(), sink, pod -> OptionalLong.of(delayNanos.getOrDefault(pod.podId(), 0L)));
        throttle = host.throttle().orElseThrow();
        host.placements().apply(Pods.bind("ls").qos(QosClass.LS).build());
        host.placements().apply(Pods.bind("be").qos(QosClass.BE).build());
    }

    @AfterEach
    void tearDown() {
        host.close();
        Leaks.killChildren();
    }

    private String knob(String pod, String file) throws Exception {
        return Files.readString(host.supervisor().tree().podDir(pod).resolve(file)).trim();
    }

    private long lastNanos = System.nanoTime();

    /**
     * Lets about {@code millis} pass with the LS pod waiting {@code share} of the time actually
     * elapsed (so a slow, loaded machine does not change the ratio the throttle sees).
     */
    private void wait(double share, long millis) throws Exception {
        Thread.sleep(millis);
        long now = System.nanoTime();
        delayNanos.merge("ls", (long) (share * (now - lastNanos)), Long::sum);
        lastNanos = now;
        throttle.sample();
    }

    @Test
    void starvedLsThrottlesBeAtOnceAndCalmRestoresIt() throws Exception {
        lastNanos = System.nanoTime();
        throttle.sample(); // first sample: a baseline
        assertEquals("1", knob("be", "cpu.idle"), "BE runs SCHED_IDLE by default");
        assertEquals("-1", knob("be", "cpu.cfs_quota_us"));

        wait(0.2, 100);
        assertFalse(throttle.throttled(), "20% waiting is contention, not starvation");

        wait(0.9, 100);
        assertTrue(throttle.throttled());
        assertEquals("5000", knob("be", "cpu.cfs_quota_us"), "50 millicores: 5 ms per 100 ms period");
        assertEquals("-1", knob("ls", "cpu.cfs_quota_us"), "LS untouched");
        assertTrue(sink.last("be").getMessage().matches("throttled: LS pod ls waited \\d+% of the time for a CPU"),
                sink.last("be").getMessage());

        wait(0.3, 100);
        assertTrue(throttle.throttled(), "still above the recovery threshold");
        wait(0.0, 100);
        wait(0.0, 100);
        assertFalse(throttle.throttled());
        assertEquals("-1", knob("be", "cpu.cfs_quota_us"), "BE's own setting is back");
        assertTrue(sink.last("be").getMessage().startsWith("throttle lifted"));
    }

    @Test
    void aBeBoundWhileThrottledStartsThrottledAndJobChangesKeepTheThrottle() throws Exception {
        lastNanos = System.nanoTime();
        throttle.sample();
        wait(1.0, 100);
        assertTrue(throttle.throttled());
        host.placements().apply(Pods.bind("be-2").qos(QosClass.BE).build());
        assertEquals("5000", knob("be-2", "cpu.cfs_quota_us"));
        host.priorities().apply(io.sigmaflow.schema.PriorityChange.newBuilder().setNodeId("node-1").setGeneration(1)
                .setSettings(java.util.List.of(Pods.cpu("be", QosClass.BE, 1, 2000, false))).build());
        assertEquals("5000", knob("be", "cpu.cfs_quota_us"), "the job's 2 CPUs wait until the emergency is over");
        assertEquals("1", knob("be", "cpu.idle"));
    }
}
