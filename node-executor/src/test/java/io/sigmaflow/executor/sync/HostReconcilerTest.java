package io.sigmaflow.executor.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.executor.HostAgent;
import io.sigmaflow.executor.emergency.RunDelayProbe;
import io.sigmaflow.executor.ledger.LedgerEntry;
import io.sigmaflow.executor.testing.Leaks;
import io.sigmaflow.executor.testing.Pods;
import io.sigmaflow.executor.testing.RecordingSink;
import io.sigmaflow.executor.testing.TestConfig;
import io.sigmaflow.schema.PlacementAction;
import io.sigmaflow.schema.PodState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A restarted executor adopts what should run, kills orphans and restarts what is missing. */
class HostReconcilerTest {
    @TempDir
    Path dir;

    @AfterEach
    void cleanUp() {
        Leaks.killChildren();
    }

    private HostAgent agent(RecordingSink sink) throws Exception {
        return new HostAgent(TestConfig.in(dir).set("payload.stop-grace-ms", "200").build(), UnaryOperator.identity(), sink,
                RunDelayProbe.schedstat());
    }

    @Test
    void restartConvergesToTheLedger() throws Exception {
        HostAgent first = agent(new RecordingSink());
        first.placements().apply(Pods.bind("keep").build());
        first.placements().apply(Pods.bind("dies").build());
        first.placements().apply(Pods.bind("orphan").build());
        long keepPid = first.view().get("keep").orElseThrow().process().pid();
        long diesPid = first.view().get("dies").orElseThrow().process().pid();
        long orphanPid = first.view().get("orphan").orElseThrow().process().pid();
        first.close(); // the executor goes away; its pods keep running

        // While it was away: "dies" crashed, and "orphan" lost its ledger entry (as if its
        // BIND was never committed: the executor died between starting it and recording it).
        ProcessHandle.of(diesPid).orElseThrow().destroyForcibly();
        assertTrue(Leaks.eventually(5_000, () -> !ProcessHandle.of(diesPid).map(ProcessHandle::isAlive).orElse(false)));
        first.ledger().remove("orphan");

        RecordingSink sink = new RecordingSink();
        HostAgent second = agent(sink);
        try {
            HostReconciler.Summary s = second.reconciler().reconcile();
            assertEquals(new HostReconciler.Summary(1, 1, 1, 0, 0), s);
            assertEquals(keepPid, second.view().get("keep").orElseThrow().process().pid(), "adopted, not restarted");
            assertNotEquals(diesPid, second.view().get("dies").orElseThrow().process().pid());
            assertTrue(second.view().get("dies").orElseThrow().process().isAlive(), "restarted");
            assertFalse(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive).orElse(false), "orphan killed");
            assertFalse(Files.exists(second.supervisor().tree().podDir("orphan")));
            assertEquals(List.of("dies", "keep"), second.supervisor().tree().pods());
            assertEquals("adopted after executor restart", sink.last("keep").getMessage());
            assertTrue(sink.last("dies").getMessage().startsWith("restarted"));
            assertEquals(PodState.STOPPED, sink.last("orphan").getState());
            assertTrue(sink.last("orphan").getMessage().contains("orphan"));
        } finally {
            second.close();
        }
    }

    @Test
    void oldTombstonesArePruned() throws Exception {
        HostAgent host = agent(new RecordingSink());
        try {
            long old = System.currentTimeMillis() - HostReconciler.TOMBSTONE_RETENTION.toMillis() - 1;
            host.ledger().put(new LedgerEntry("old", 4, PlacementAction.UNBIND, null, PodState.STOPPED, null, null, null, old));
            host.ledger().put(new LedgerEntry("recent", 4, PlacementAction.UNBIND, null, PodState.STOPPED, null, null, null,
                    System.currentTimeMillis()));
            assertEquals(1, host.reconciler().reconcile().pruned());
            assertTrue(host.ledger().get("old").isEmpty());
            assertTrue(host.ledger().get("recent").isPresent());
        } finally {
            host.close();
        }
    }
}
