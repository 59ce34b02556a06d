package io.sigmaflow.executor.pod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.executor.HostAgent;
import io.sigmaflow.executor.emergency.RunDelayProbe;
import io.sigmaflow.executor.testing.AfterStart;
import io.sigmaflow.executor.testing.Leaks;
import io.sigmaflow.executor.testing.Pods;
import io.sigmaflow.executor.testing.RecordingSink;
import io.sigmaflow.executor.testing.TestConfig;
import io.sigmaflow.schema.PodState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A step that runs past its deadline is cancelled: its process and cgroup are undone, no thread is left. */
class StepTimeoutTest {
    @TempDir
    Path dir;

    @AfterEach
    void cleanUp() {
        Leaks.killChildren();
    }

    @Test
    void aTimedOutStartKillsWhatItStartedAndLeaksNoThread() throws Exception {
        Set<String> threadsBefore = Leaks.executorThreads();
        RecordingSink sink = new RecordingSink();
        AtomicLong pid = new AtomicLong();
        HostAgent host = new HostAgent(
                TestConfig.in(dir).set("apply.timeout-ms", "1500").set("payload.stop-grace-ms", "0").build(),
                // Starts the payload for real, then hangs as a wedged runtime would (after the fork, before returning).
                real -> AfterStart.wrap(real, (launch, pod) -> {
                    pid.set(pod.pid());
                    Thread.sleep(60_000);
                }), sink, RunDelayProbe.schedstat());
        try {
            long start = System.nanoTime();
            PlacementApplier.Result r = host.placements().apply(Pods.bind("wedged").build());
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertEquals(PlacementApplier.Result.FAILED, r);
            assertTrue(ms >= 1500 && ms < 10_000, "gave up at the deadline: " + ms + " ms");
            assertTrue(pid.get() > 0, "the payload had really started");
            assertFalse(ProcessHandle.of(pid.get()).map(ProcessHandle::isAlive).orElse(false), "and was killed");
            assertTrue(Leaks.childProcesses().isEmpty(), Leaks.childProcesses().toString());
            assertFalse(Files.exists(host.supervisor().tree().podDir("wedged")), "its cgroup was removed");
            var status = sink.last("wedged");
            assertEquals(PodState.FAILED, status.getState());
            assertTrue(status.getMessage().contains("start of pod wedged timed out after 1500 ms; undone:"), status.getMessage());
            assertFalse(host.ledger().get("wedged").orElseThrow().wantsRunning());

            // The worker survived the cancellation and serves the next step.
            host.close();
        } finally {
            host.close();
        }
        assertTrue(Leaks.eventually(5_000, () -> Leaks.executorThreads().equals(threadsBefore)),
                "threads left: " + Leaks.executorThreads());
    }
}
