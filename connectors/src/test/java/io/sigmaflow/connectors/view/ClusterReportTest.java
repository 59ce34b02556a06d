package io.sigmaflow.connectors.view;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sigmaflow.schema.NodeState;
import io.sigmaflow.schema.OutcomeStatus;
import io.sigmaflow.schema.PodAllocation;
import io.sigmaflow.schema.QosClass;
import io.sigmaflow.schema.RequestOutcome;
import io.sigmaflow.schema.Resources;
import io.sigmaflow.schema.Topology;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The text people read: whole reports compared line by line, and the number formats as a table. */
class ClusterReportTest {

    @ParameterizedTest(name = "{0} millicores = {1} cores")
    @CsvSource({"0, 0", "500, 0.5", "1000, 1", "7500, 7.5", "1250, 1.3", "16000, 16"})
    void cores(long millis, String text) {
        assertEquals(text, ClusterReport.cores(millis));
    }

    @ParameterizedTest(name = "{0} MiB = {1} GiB")
    @CsvSource({"0, 0", "512, 0.5", "1024, 1", "16384, 16", "1500, 1.5"})
    void gib(long mb, String text) {
        assertEquals(text, ClusterReport.gib(mb));
    }

    /** node-state records as the job writes them, including a stale version and a removed node. */
    static CommittedCluster cluster() {
        return CommittedCluster.of(List.of(
                state("host-10", "cs-1", "ch-2", 0, false, pod("web-1", "web", 1_000, 2_048)),
                state("host-2", "cs-1", "ch-1", 1, false),
                state("host-2", "cs-1", "ch-1", 2, false, pod("web-0", "web", 1_000, 2_048), pod("db-0", "db", 2_000, 4_096)),
                state("host-2", "cs-1", "ch-1", 1, false, pod("stale-0", "stale", 1, 1)),
                state("host-1", "cs-1", "ch-1", 0, false),
                state("host-9", "cs-2", "ch-3", 0, false),
                state("host-gone", "cs-2", "ch-3", 3, true, pod("lost-0", "lost", 1, 1))));
    }

    @Test
    void nodeStateLatestVersionWinsRemovedNodesAreGoneAndOrderIsNatural() {
        CommittedCluster c = cluster();
        assertEquals(List.of("host-1", "host-2", "host-10", "host-9"), c.nodes().stream().map(CommittedCluster.Node::id).toList());
        assertEquals(List.of("db-0", "web-0", "web-1"), c.placed().stream().map(p -> p.pod().id()).toList());
    }

    @Test
    void nodesByChassisAndSwitch() {
        assertEquals("""
                Nodes (4; cpu 4 of 32 cores, memory 8 of 64 GiB allocated)
                  node             cpu (cores)  memory (GiB)     labels                 pods by app
                  cs-1
                    ch-1
                      host-1       0/8          0/16             disk=ssd               -
                      host-2       3/8          6/16             disk=ssd               db 1, web 1
                    ch-2
                      host-10      1/8          2/16             disk=ssd               web 1
                  cs-2
                    ch-3
                      host-9       0/8          0/16             disk=ssd               -
                """, ClusterReport.nodes(cluster()));
    }

    @Test
    void placementTableListsEveryPodOnceByAppThenPod() {
        assertEquals("""
                Placements (3 pods)
                  pod        app      qos  node      switch   chassis  cpu / memory
                  db-0       db       LS   host-2    cs-1     ch-1     2 / 4
                  web-0      web      LS   host-2    cs-1     ch-1     1 / 2
                  web-1      web      LS   host-10   cs-1     ch-2     1 / 2
                """, ClusterReport.placements(cluster()));
    }

    @Test
    void dispersionPerAppAndLevel() {
        assertEquals("""
                Dispersion (pods per domain; '|' separates parents; even = counts under one parent differ by at most 1)
                  db (1 pods)
                    switch   1 0                                      even
                    chassis  1 0 | 0                                  even
                    host     0 1 | 0 | 0                              even
                  web (2 pods)
                    switch   2 0                                      UNEVEN: a lighter domain has room
                    chassis  1 1 | 0                                  even
                    host     0 1 | 1 | 0                              even
                """, ClusterReport.dispersion(AppDispersion.of(cluster())));
    }

    @Test
    void outcomesWithPendingReasonsAndMessage() {
        RequestOutcome placed = RequestOutcome.newBuilder().setRequestId("r-1").setAppId("web").setStatus(OutcomeStatus.PLACED)
                .setDesired(2).setPlaced(2).build();
        RequestOutcome partial = RequestOutcome.newBuilder().setRequestId("r-2").setAppId("batch")
                .setStatus(OutcomeStatus.PARTIALLY_PLACED).setDesired(8).setPlaced(6).setPending(2)
                .setPendingReasons(Map.of("NodeResourcesFit", 10, "NodeAffinity", 2))
                .setMessage("no node fits pod batch-7").build();
        RequestOutcome rejected = RequestOutcome.newBuilder().setRequestId("r-3").setAppId("web")
                .setStatus(OutcomeStatus.REJECTED).setDesired(2).setPlaced(2).setMessage("appId: app web already exists").build();
        assertEquals("""
                Outcomes
                  request          app      status            desired placed pending  why pending
                  r-1              web      PLACED                  2      2       0
                  r-2              batch    PARTIALLY_PLACED        8      6       2  NodeAffinity: 2 nodes, NodeResourcesFit: 10 nodes
                    no node fits pod batch-7
                  r-3              web      REJECTED                2      2       0
                    appId: app web already exists
                """, ClusterReport.outcomes(List.of(placed, partial, rejected)));
    }

    @Test
    void anEmptyClusterSaysHowToGetNodes() {
        assertEquals(true, ClusterReport.status(new CommittedCluster(List.of())).startsWith("No nodes in node-state yet"));
    }

    private static NodeState state(String id, String sw, String chassis, long version, boolean removed, PodAllocation... pods) {
        return NodeState.newBuilder().setNodeId(id).setTopology(new Topology("local", sw, chassis, id))
                .setAllocatable(new Resources(8_000L, 16_384L, 0L)).setLabels(Map.of("disk", "ssd")).setPods(List.of(pods))
                .setVersion(version).setRemoved(removed).build();
    }

    private static PodAllocation pod(String id, String app, long cpu, long memory) {
        return new PodAllocation(id, app, 1L, new Resources(cpu, memory, 0L), 0, QosClass.LS, null, java.util.List.of());
    }

    @Test
    void hostReportedLabelsAreCountedNotListed() {
        assertEquals("-", ClusterReport.operatorLabels(Map.of()));
        assertEquals("disk=ssd", ClusterReport.operatorLabels(Map.of("disk", "ssd")));
        assertEquals("disk=ssd +2 host", ClusterReport.operatorLabels(new TreeMap<>(Map.of("disk", "ssd",
                "sigmaflow.io/cgroup", "v1", "sigmaflow.io/memory-limits", "true"))));
        assertEquals("+1 host", ClusterReport.operatorLabels(Map.of("sigmaflow.io/cgroup", "v1")));
    }
}
