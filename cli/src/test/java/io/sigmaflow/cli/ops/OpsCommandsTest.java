package io.sigmaflow.cli.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sigmaflow.cli.support.Output;
import io.sigmaflow.cli.support.testing.CommandRun;
import io.sigmaflow.jobs.protocol.Cordon;
import io.sigmaflow.placement.placer.ScoreProfileId;
import io.sigmaflow.schema.CompactExplanation;
import io.sigmaflow.schema.NodeEvent;
import io.sigmaflow.schema.NodeEventType;
import io.sigmaflow.schema.Placement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code ./sigma nodes}, {@code node}, {@code explain}: parsing, rendering, bad input (topics in memory). */
class OpsCommandsTest {
    private final FakeTopics topics = new FakeTopics();

    private NodesCommand nodes() {
        return new NodesCommand(k -> topics);
    }

    private NodeCommand node() {
        return new NodeCommand(k -> topics).poll(Duration.ofMillis(10));
    }

    private ExplainCommand explain() {
        return new ExplainCommand(k -> topics);
    }

    private static JsonNode json(CommandRun r) throws Exception {
        assertEquals(0, r.code(), r.err());
        return Output.json().readTree(r.out());
    }

    @Test
    void everyCommandHasHelpWithAnExampleAndRefusesUnknownOptions() {
        CommandRun.assertHelp(nodes(), "nodes", "--switch=S", "--chassis=C", "--output=FORMAT");
        CommandRun.assertUnknownOptionRefused(nodes(), "nodes");
        CommandRun.assertHelp(node(), "node", "ACTION", "NODE", "--wait=DURATION");
        CommandRun.assertUnknownOptionRefused(node(), "node", "cordon", "n1");
        CommandRun.assertHelp(explain(), "explain", "POD", "--output=FORMAT");
        CommandRun.assertUnknownOptionRefused(explain(), "explain", "web-0");
    }

    @Test
    void nodesListsEveryNodeInTopologyOrderWithAllocationLabelsAndTaints() {
        CommandRun r = CommandRun.of(nodes());
        assertEquals(0, r.code(), r.err());
        assertEquals("""
                NODE  SWITCH  CHASSIS  STATUS       CPU  MEMORY(GIB)  PODS  LABELS    TAINTS
                n1    sw-1    ch-1     Schedulable  7/8  9/16         2     disk=ssd  -
                n2    sw-1    ch-1     Schedulable  1/4  1/8          1     disk=hdd  dedicated=db:NoSchedule
                n3    sw-2    ch-2     Schedulable  0/4  0/8          0     disk=ssd  -
                """, r.out());
    }

    @Test
    void nodesFiltersBySwitchAndChassisInJsonAndYaml() throws Exception {
        JsonNode doc = json(CommandRun.of(nodes(), "--switch", "sw-1", "-o", "json"));
        assertEquals(2, doc.get("nodes").size());
        JsonNode n1 = doc.get("nodes").get(0);
        assertEquals("n1", n1.get("node").asText());
        assertEquals(7_000, n1.get("cpu").get("allocatedMillis").asLong());
        assertEquals(Map.of("web", 1, "batch", 1), Output.json().convertValue(n1.get("podsByApp"), Map.class));
        assertEquals("dedicated=db:NoSchedule", doc.get("nodes").get(1).get("taints").get(0).asText());
        JsonNode yaml = Output.yaml().readTree(CommandRun.of(nodes(), "--chassis", "ch-2", "-o", "yaml").out());
        assertEquals("n3", yaml.get("nodes").get(0).get("node").asText());
        assertEquals(1, yaml.get("nodes").size());
    }

    @Test
    void nodesNamesAnUnknownSwitchOrChassisAndABadFormat() {
        CommandRun r = CommandRun.of(nodes(), "--switch", "sw-9");
        assertEquals(1, r.code());
        assertEquals("nodes: --switch: no committed node is under switch 'sw-9' (switches: sw-1, sw-2)\n", r.err());
        r = CommandRun.of(nodes(), "--switch", "sw-2", "--chassis", "ch-1");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("no committed node is in chassis 'ch-1' under switch 'sw-2'"), r.err());
        r = CommandRun.of(nodes(), "-o", "xml");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("nodes: Invalid value for option '--output'"), r.err());
    }

    @Test
    void cordonSendsTheNodesLabelsAndTaintsWithTheCordonAndWaitsUntilNodeStateShowsIt() {
        CommandRun r = CommandRun.of(node(), "cordon", "n2");
        assertEquals(0, r.code(), r.err());
        NodeEvent sent = topics.sent.get(0);
        assertEquals(NodeEventType.UPDATE, sent.getType());
        assertEquals(Map.of("disk", "hdd"), sent.getLabels(), "nothing else is lost");
        assertEquals(List.of(FakeTopics.DEDICATED, Cordon.TAINT), sent.getTaints());
        assertTrue(topics.cordoned("n2"));
        assertTrue(r.out().startsWith("NODE  ACTION  RESULT  STATUS    PODS ON NODE\nn2    cordon  done    Cordoned  1\n"),
                r.out());

        r = CommandRun.of(node(), "cordon", "n2");
        assertEquals(0, r.code());
        assertEquals(1, topics.sent.size(), "already cordoned: nothing sent");
        assertTrue(r.out().contains("unchanged"), r.out());
        assertTrue(CommandRun.of(nodes()).out().contains("n2    sw-1    ch-1     Cordoned"));

        r = CommandRun.of(node(), "uncordon", "n2");
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of(FakeTopics.DEDICATED), topics.sent.get(1).getTaints());
        assertFalse(topics.cordoned("n2"));
    }

    @Test
    void drainCordonsThenDrainsAndReportsWhereEachPodWent() throws Exception {
        JsonNode doc = json(CommandRun.of(node(), "drain", "n1", "-o", "json"));
        assertEquals(List.of(NodeEventType.UPDATE, NodeEventType.DRAIN), topics.sent.stream().map(NodeEvent::getType).toList());
        assertEquals("done", doc.get("result").asText());
        assertEquals("Cordoned", doc.get("status").asText());
        assertEquals(0, doc.get("podsOnNode").asInt());
        assertEquals(2, doc.get("pods").size());
        assertEquals("n2", doc.get("pods").get(0).get("to").asText());
        String table = CommandRun.of(node(), "drain", "n1").out();
        assertTrue(table.contains("unchanged"), "drained already: " + table);
    }

    @Test
    void aRequestTheJobDoesNotCommitInTimeExitsThreeWithProgressOnStderr() {
        topics.commits = false;
        CommandRun r = CommandRun.of(node(), "drain", "n1", "--wait", "1500ms");
        assertEquals(NodeCommand.IN_PROGRESS, r.code());
        assertTrue(r.err().contains("node: waiting for node-state to show n1 cordoned and empty"), r.err());
        assertTrue(r.err().contains("has not committed the drain of n1 within 1 s"), r.err());
        assertTrue(r.out().contains("in-progress"), r.out());
    }

    @Test
    void badNodeInputIsNamed() {
        CommandRun r = CommandRun.of(node(), "cordon", "ghost");
        assertEquals(1, r.code());
        assertEquals("node: unknown node 'ghost': sigma.node-state has no such node (nodes: n1, n2, n3)\n", r.err());
        assertTrue(topics.sent.isEmpty());
        r = CommandRun.of(node(), "reboot", "n1");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("node: Invalid value for positional parameter at index 0 (ACTION): expected one of"),
                r.err());
        r = CommandRun.of(node(), "cordon");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("Missing required parameter: 'NODE'"), r.err());
        r = CommandRun.of(node(), "cordon", "n1", "--wait", "0s");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("node: --wait: must be more than 0"), r.err());
    }

    @Test
    void explainAPlacedPodShowsTheBindsScoresAndFilterCountsThatAddUpToTheNodes() throws Exception {
        JsonNode doc = json(CommandRun.of(explain(), "web-0", "-o", "json"));
        assertEquals("placed", doc.get("status").asText());
        assertEquals("n1", doc.get("node").asText());
        JsonNode scores = doc.get("decision").get("scores");
        assertEquals(FakeTopics.WEB_0.getWinnerScores(),
                Output.json().convertValue(scores.get("winner").get("scores"), Map.class));
        assertEquals("n3", scores.get("runnerUp").get("node").asText());
        assertEquals(287.5, scores.get("winner").get("total").asDouble(), 1e-9);
        JsonNode filters = doc.get("filters");
        assertEquals(1, filters.get("rejectedFirst").get("TaintToleration").asInt(), "n2 is tainted");
        int sum = filters.get("passedAll").asInt();
        for (JsonNode n : filters.get("rejectedFirst")) {
            sum += n.asInt();
        }
        assertEquals(3, sum, "every node counted once");
        assertTrue(filters.get("ownNodePassesNow").asBoolean());
        assertEquals(Map.of("sw-1", 2, "sw-2", 0),
                Output.json().convertValue(doc.get("router").get("appPodsPerPartitionNow"), Map.class));

        String text = CommandRun.of(explain(), "web-0").out();
        assertTrue(text.startsWith("Pod web-0 (app web) is on n1, switch sw-1, chassis ch-1\n"), text);
        assertTrue(text.contains("Dispersion              1       100     50         +50"), text);
        assertTrue(text.contains("passed every filter  2"), text);
    }

    @Test
    void explainShowsACompactBindAsItShowsTheNamedOneBeforeIt() throws Exception {
        JsonNode named = json(CommandRun.of(explain(), "web-0", "-o", "json"));
        String namedText = CommandRun.of(explain(), "web-0").out();
        Placement compact = FakeTopics.bind("web-0", "web", "n1", 7, null, "web-1");
        compact.setCompactExplanation(FakeTopics.WEB_0_COMPACT);
        topics.placements.set(0, compact);

        JsonNode doc = json(CommandRun.of(explain(), "web-0", "-o", "json"));
        assertEquals(named.get("decision"), doc.get("decision"));
        assertEquals(namedText, CommandRun.of(explain(), "web-0").out());
    }

    @Test
    void explainOfABindScoredWithAnotherProfileShowsPositionsAndSaysSo() throws Exception {
        Placement compact = FakeTopics.bind("web-0", "web", "n1", 7, null, "web-1");
        compact.setCompactExplanation(CompactExplanation.newBuilder(FakeTopics.WEB_0_COMPACT)
                .setScoreProfile(ScoreProfileId.of(List.of("Dispersion", "GpuFragmentation"))).build());
        topics.placements.set(0, compact);

        JsonNode scores = json(CommandRun.of(explain(), "web-0", "-o", "json")).get("decision").get("scores");
        assertTrue(scores.get("otherProfile").asText().contains("other than this reader's"), scores.toString());
        assertEquals(Map.of("#0", 100.0, "#1", 87.5, "#2", 100.0),
                Output.json().convertValue(scores.get("winner").get("scores"), Map.class));
        assertTrue(scores.get("winner").get("total").isNull(), "the other profile's weights are not known here");
        String text = CommandRun.of(explain(), "web-0").out();
        assertTrue(text.contains("plugins shown by position"), text);
        assertTrue(text.contains("#0"), text);
    }

    @Test
    void explainAPendingPodGivesTheJobsReasonsAndWhatWouldMakeItFit() throws Exception {
        JsonNode doc = json(CommandRun.of(explain(), "batch-1", "-o", "json"));
        assertEquals("pending", doc.get("status").asText());
        assertEquals(2, doc.get("outcome").get("pendingReasons").get("NodeResourcesFit").asInt());
        assertEquals(3, doc.get("filters").get("rejectedFirst").get("NodeResourcesFit").asInt());
        assertEquals(0, doc.get("filters").get("passedAll").asInt());
        String hint = doc.get("wouldFit").get(0).asText();
        assertTrue(hint.startsWith("needs 5000m cpu and 1024 MiB memory more on n1 (switch sw-1, chassis ch-1"), hint);

        topics.requests.set(1, FakeTopics.publish("batch-1", "batch", 2, 3_000, 1_024));
        topics.nodes.put("n3", io.sigmaflow.schema.NodeState.newBuilder(topics.nodes.get("n3"))
                .setTaints(Cordon.taints(List.of(), true)).build());
        doc = json(CommandRun.of(explain(), "batch-1", "-o", "json"));
        assertEquals("uncordon n3 (./sigma node uncordon NODE); or add toleration {key: dedicated, value: db,"
                + " effect: NoSchedule} (1 node(s))", doc.get("wouldFit").get(1).asText());
    }

    @Test
    void explainNamesAnUnknownPod() {
        CommandRun r = CommandRun.of(explain(), "nginx-0");
        assertEquals(1, r.code());
        assertEquals("explain: unknown pod 'nginx-0': it is bound on no node in sigma.node-state and names no app"
                + " with outcomes (apps: batch, web)\n", r.err());
        r = CommandRun.of(explain(), "web-7");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("app web has no pending pod (its last outcome: PLACED, 2 of 2 placed)"), r.err());
        r = CommandRun.of(explain(), "batch-9");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("app batch never had a pod of that number"), r.err());
        r = CommandRun.of(explain());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("Missing required parameter: 'POD'"), r.err());
    }
}
