package io.sigmaflow.executor.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigmaflow.executor.testing.Pods;
import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.PlacementAction;
import io.sigmaflow.schema.PodState;
import io.sigmaflow.schema.QosClass;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PodLedgerTest {
    @TempDir
    Path dir;

    @Test
    void entriesSurviveAReopen() throws Exception {
        PodLedger ledger = PodLedger.open(dir);
        Placement bind = Pods.bind("web-1").gen(7).script("echo hi").build();
        ledger.put(new LedgerEntry("web-1", 7, PlacementAction.BIND, bind, PodState.RUNNING, null, "ok",
                Pods.cpu("web-1", QosClass.BE, 5, 200, true), 42));
        ledger.put(new LedgerEntry("gone", 3, PlacementAction.UNBIND, null, PodState.STOPPED, 0, null, null, 43));
        ledger.setPriorityGeneration(11);

        PodLedger reopened = PodLedger.open(dir);
        LedgerEntry e = reopened.get("web-1").orElseThrow();
        assertEquals(bind, e.placement());
        assertEquals(7, e.generation());
        assertEquals(PodState.RUNNING, e.state());
        assertEquals(200, e.cpu().getCpuQuotaMillis());
        assertTrue(e.wantsRunning());
        LedgerEntry tomb = reopened.get("gone").orElseThrow();
        assertNull(tomb.placement());
        assertEquals(0, tomb.exitCode());
        assertEquals(11, reopened.priorityGeneration());
        assertEquals(2, reopened.all().size());
    }

    @Test
    void dedicatedCpusSurviveAReopenAndEveryStateChange() throws Exception {
        PodLedger ledger = PodLedger.open(dir);
        ledger.put(new LedgerEntry("db-1", 2, PlacementAction.BIND, Pods.bind("db-1").gen(2).build(), PodState.STARTING, null,
                null, null, 1, "3,7"));
        ledger.update("db-1", e -> e.withState(PodState.RUNNING, null, "ok", 2));
        LedgerEntry e = PodLedger.open(dir).get("db-1").orElseThrow();
        assertEquals("3,7", e.dedicatedCpus(), "the one record of the dedicated-core split");
        ledger.put(new LedgerEntry("web-1", 1, PlacementAction.BIND, Pods.bind("web-1").build(), PodState.RUNNING, null,
                null, null, 4));
        assertNull(PodLedger.open(dir).get("web-1").orElseThrow().dedicatedCpus(), "no property: the shared pool");
    }

    @Test
    void updateAppliesToTheCurrentEntryOnly() throws Exception {
        PodLedger ledger = PodLedger.open(dir);
        ledger.update("absent", e -> e.withState(PodState.FAILED, 1, "x", 0));
        assertTrue(ledger.get("absent").isEmpty());
        ledger.put(new LedgerEntry("p", 2, PlacementAction.BIND, Pods.bind("p").gen(2).build(), PodState.RUNNING, null, null, null, 1));
        ledger.update("p", e -> e.generation() == 1 ? e.withState(PodState.FAILED, 1, "old", 2) : e);
        assertEquals(PodState.RUNNING, ledger.get("p").orElseThrow().state(), "an exit of generation 1 does not touch generation 2");
        ledger.update("p", e -> e.generation() == 2 ? e.withState(PodState.FAILED, 3, "exited", 2) : e);
        assertEquals(3, PodLedger.open(dir).get("p").orElseThrow().exitCode());
    }

    @Test
    void unsafeIdsNeverBecomeFiles() throws Exception {
        PodLedger ledger = PodLedger.open(dir);
        assertThrows(IllegalArgumentException.class,
                () -> ledger.put(new LedgerEntry("../escape", 1, PlacementAction.UNBIND, null, PodState.STOPPED, null, null, null, 0)));
        assertTrue(Files.notExists(dir.resolveSibling("escape.pod")));
    }

    @Test
    void anUnreadableEntryIsMovedAsideNotFatal() throws Exception {
        Files.writeString(dir.resolve("broken.pod"), "podId=broken\ngeneration=notanumber\n");
        PodLedger ledger = PodLedger.open(dir);
        assertTrue(ledger.all().isEmpty());
        assertTrue(Files.exists(dir.resolve("broken.pod.unreadable")));
    }
}
