package io.sigmaflow.cli.cluster;

import io.sigmaflow.connectors.view.LatestOutcomes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sigmaflow.cli.bench.NodeRow;
import io.sigmaflow.cli.bench.PlacementRow;
import io.sigmaflow.cli.bench.RecountChecker;
import io.sigmaflow.cli.local.StackClient;
import io.sigmaflow.schema.NodeEvent;
import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.PlacementAction;
import io.sigmaflow.schema.RequestOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** What the cluster tests wait for and check on the committed topics (read_committed), shared by them. */
final class ClusterChecks {
    static final Duration WAIT = Duration.ofMinutes(4);

    private ClusterChecks() {}

    /** The TaskManager (1-based, as cluster.properties numbers them) with the fewest free slots. */
    static int busiestTaskManager(FlinkRest rest) throws Exception {
        JsonNode busiest = null;
        for (JsonNode tm : rest.get("/taskmanagers").path("taskmanagers")) {
            if (busiest == null || tm.path("freeSlots").asInt() < busiest.path("freeSlots").asInt()) {
                busiest = tm;
            }
        }
        return Integer.parseInt(busiest.path("id").asText().replace("taskmanager-", ""));
    }

    static void awaitNodeState(StackClient client, int count) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        long seen = 0;
        while (System.nanoTime() < deadline) {
            seen = client.readToEnd(client.topics().nodeState()).stream().map(n -> n.getNodeId().toString()).distinct().count();
            if (seen >= count) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("node-state shows " + seen + " of " + count + " nodes after " + WAIT);
    }

    static void awaitOutcome(StackClient client, String requestId, Predicate<RequestOutcome> done)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        RequestOutcome last = null;
        while (System.nanoTime() < deadline) {
            last = LatestOutcomes.byRequest(client.readToEnd(client.topics().outcomes())).get(requestId);
            if (last != null && done.test(last)) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("no final outcome for " + requestId + " within " + WAIT + "; last: " + last);
    }

    /**
     * Dispersion of the end state, independent of the order in which partitions decided (the
     * recount's co-location count needs one global order, which the placements topic of two
     * partitions does not have): every node has room, so each app's pods per switch, per chassis
     * of a switch and per host of a chassis differ by at most one.
     */
    static void assertEvenlySpread(List<NodeEvent> nodes, List<PlacementRow> rows) {
        Map<String, NodeEvent> byId = new HashMap<>();
        nodes.forEach(n -> byId.put(n.getNodeId(), n));
        Map<String, Map<String, Map<String, Integer>>> counts = new HashMap<>(); // app+level+parent -> domain -> pods
        for (PlacementRow r : rows) {
            NodeEvent n = byId.get(r.node());
            String sw = n.getTopology().getCoreSwitch();
            String ch = n.getTopology().getChassis();
            count(counts, r.app() + "/switch", "", sw);
            count(counts, r.app() + "/chassis", sw, ch);
            count(counts, r.app() + "/host", ch, r.node());
        }
        for (NodeEvent n : nodes) { // empty domains count as 0 under parents the app uses
            String sw = n.getTopology().getCoreSwitch();
            String ch = n.getTopology().getChassis();
            for (String key : counts.keySet()) {
                String level = key.substring(key.lastIndexOf('/') + 1);
                Map<String, Map<String, Integer>> parents = counts.get(key);
                switch (level) {
                    case "switch" -> parents.get("").putIfAbsent(sw, 0);
                    case "chassis" -> parents.computeIfAbsent(sw, k -> new HashMap<>()).putIfAbsent(ch, 0);
                    default -> parents.computeIfAbsent(ch, k -> new HashMap<>()).putIfAbsent(n.getNodeId(), 0);
                }
            }
        }
        counts.forEach((key, parents) -> parents.forEach((parent, domains) -> {
            int max = domains.values().stream().mapToInt(Integer::intValue).max().orElse(0);
            int min = domains.values().stream().mapToInt(Integer::intValue).min().orElse(0);
            assertTrue(max - min <= 1, key + " under '" + parent + "' spread " + domains);
        }));
    }

    static void count(Map<String, Map<String, Map<String, Integer>>> counts, String key, String parent, String domain) {
        counts.computeIfAbsent(key, k -> new HashMap<>()).computeIfAbsent(parent, k -> new HashMap<>()).merge(domain, 1, Integer::sum);
    }

    /**
     * The committed placements: only BINDs, each pod once, {@code expected} in all, and the
     * recount finds no overcommitted node and no pod on an unknown node. Pod to node.
     */
    static Map<String, String> checkPlacedOnce(StackClient client, List<NodeEvent> nodes, int expected) {
        List<PlacementRow> rows = new ArrayList<>();
        Map<String, String> nodeOf = new HashMap<>();
        for (Placement p : client.readToEnd(client.topics().placements())) {
            assertEquals(PlacementAction.BIND, p.getAction(), "nothing was unbound: " + p);
            assertEquals(null, nodeOf.put(p.getPodId(), p.getNodeId()), "pod " + p.getPodId() + " bound twice");
            rows.add(new PlacementRow(p.getPodId(), p.getAppId(), p.getNodeId(), p.getResources().getCpuMillis(),
                    p.getResources().getMemoryMb(), rows.size()));
        }
        assertEquals(expected, rows.size(), "pods placed");
        List<NodeRow> nodeRows = nodes.stream().map(n -> new NodeRow(n.getNodeId(), n.getTopology().getCoreSwitch(),
                n.getTopology().getChassis(), n.getCapacity().getCpuMillis(), n.getCapacity().getMemoryMb())).toList();
        RecountChecker.Recount recount = RecountChecker.check(nodeRows, rows);
        assertEquals(0, recount.overcommittedNodes(), "overcommitted nodes");
        assertEquals(0, recount.duplicatePods(), "duplicate pods");
        assertEquals(0, recount.unknownNodes(), "pods on unknown nodes");
        assertEvenlySpread(nodes, rows);
        return nodeOf;
    }
}
