package io.sigmaflow.cli.ops;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sigmaflow.cli.ops.FilterVerdicts.NodeVerdict;
import io.sigmaflow.cli.support.Output;
import io.sigmaflow.connectors.view.CommittedCluster;
import io.sigmaflow.placement.framework.ScoreChain;
import io.sigmaflow.placement.model.Pod;
import io.sigmaflow.placement.model.TopologyLevels;
import io.sigmaflow.placement.placer.PlacementConfig;
import io.sigmaflow.placement.placer.RecordedScores;
import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.RequestOutcome;
import io.sigmaflow.schema.TopologyLevel;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The document {@code ./sigma explain} prints (the same fields as JSON, YAML or sections of
 * tables): the decision as the job recorded it on the BIND (scores of the winner and the runner-up
 * per plugin), every filter's verdict recomputed now on the committed cluster, how the router's
 * rule picks a partition, and for a pending pod the job's reasons and what would make it fit.
 */
final class PodExplanation {
    private PodExplanation() {}

    /** A bound pod: {@code bind} is its latest BIND on the node it is bound on (null when the placements topic lost it). */
    static ObjectNode placed(Pod pod, ClusterSnapshot.Bound bound, Placement bind, FilterVerdicts verdicts,
                             ClusterSnapshot snapshot, PlacementConfig config, String templateSource) {
        ObjectNode doc = head(pod, "placed", templateSource);
        CommittedCluster.Node node = bound.node();
        doc.put("node", node.id()).put("switch", node.coreSwitch()).put("chassis", node.chassis());
        ObjectNode decision = doc.putObject("decision");
        if (bind == null) {
            decision.putNull("generation");
            decision.put("note", "no BIND of this pod on " + node.id() + " is left in sigma.placements (kept 7 days)");
        } else {
            decision.put("generation", bind.getGeneration()).put("requestId", bind.getRequestId())
                    .put("decidedAtMs", bind.getDecidedAtMs()).put("reason", bind.getReason());
            scores(decision, bind, config);
        }
        filters(doc, verdicts);
        NodeVerdict own = verdicts.node(node.id());
        doc.with("filters").put("ownNodePassesNow", own != null && own.passes());
        router(doc, pod, node.coreSwitch(), verdicts, snapshot, config);
        return doc;
    }

    /** A pod of an app with pending pods that is bound nowhere. */
    static ObjectNode pending(Pod pod, RequestOutcome outcome, FilterVerdicts verdicts, ClusterSnapshot snapshot,
                              PlacementConfig config, String templateSource) {
        ObjectNode doc = head(pod, "pending", templateSource);
        ObjectNode job = doc.putObject("outcome");
        job.put("requestId", outcome.getRequestId()).put("status", outcome.getStatus().name())
                .put("desired", outcome.getDesired()).put("placed", outcome.getPlaced())
                .put("pending", outcome.getPending()).put("message", outcome.getMessage());
        ObjectNode reasons = job.putObject("pendingReasons");
        new TreeMap<>(outcome.getPendingReasons()).forEach(reasons::put);
        filters(doc, verdicts);
        ArrayNode hints = doc.putArray("wouldFit");
        FitHints.of(pod, verdicts).forEach(hints::add);
        router(doc, pod, null, verdicts, snapshot, config);
        return doc;
    }

    private static ObjectNode head(Pod pod, String status, String templateSource) {
        ObjectNode doc = Output.json().createObjectNode();
        doc.put("pod", pod.id()).put("app", pod.appId()).put("status", status);
        ObjectNode asks = doc.putObject("requests");
        asks.put("cpuMillis", pod.requests().cpuMillis()).put("memoryMb", pod.requests().memoryMb());
        ObjectNode selector = asks.putObject("nodeSelector");
        new TreeMap<>(pod.nodeSelector()).forEach(selector::put);
        ArrayNode tolerations = asks.putArray("tolerations");
        pod.tolerations().forEach(t -> tolerations.add(t.key() + (t.value() == null ? "" : "=" + t.value())
                + (t.effect() == null ? "" : ":" + t.effect())));
        asks.put("template", templateSource);
        return doc;
    }

    /**
     * The BIND's explanation (either wire form, see {@link RecordedScores}): normalized score (0..100)
     * per plugin, the weights, the weighted totals.
     */
    private static void scores(ObjectNode decision, Placement bind, PlacementConfig config) {
        ScoreChain chain = config.profile().scores();
        RecordedScores e = RecordedScores.of(bind, chain.names());
        ObjectNode scores = decision.putObject("scores");
        if (e == null) {
            scores.put("note", bind.getReason() == null ? "the BIND carries no explanation"
                    : "not placed by scores: " + bind.getReason());
            return;
        }
        scores.put("feasibleNodesScored", e.feasibleNodes());
        if (e.otherProfile() != null) {
            scores.put("otherProfile", e.otherProfile());
        }
        ObjectNode weights = scores.putObject("weights");
        for (int i = 0; i < chain.size(); i++) {
            weights.put(chain.name(i), chain.weight(i));
        }
        ObjectNode winner = scores.putObject("winner");
        winner.put("node", bind.getNodeId());
        perPlugin(winner, e.winner(), e.otherProfile() == null ? chain : null);
        if (e.runnerUpNodeId() == null) {
            scores.putNull("runnerUp");
        } else {
            ObjectNode runnerUp = scores.putObject("runnerUp");
            runnerUp.put("node", e.runnerUpNodeId());
            perPlugin(runnerUp, e.runnerUp(), e.otherProfile() == null ? chain : null);
        }
    }

    /** {@code chain} null: the scores come from another profile, whose weights are not known here (no total). */
    private static void perPlugin(ObjectNode into, Map<String, Double> scores, ScoreChain chain) {
        ObjectNode by = into.putObject("scores");
        double total = 0;
        for (Map.Entry<String, Double> s : new TreeMap<>(scores).entrySet()) {
            by.put(s.getKey(), s.getValue());
            if (chain == null) {
                continue;
            }
            for (int i = 0; i < chain.size(); i++) {
                if (chain.name(i).equals(s.getKey())) {
                    total += chain.weight(i) * s.getValue();
                }
            }
        }
        if (chain == null) {
            into.putNull("total");
        } else {
            into.put("total", total);
        }
    }

    private static void filters(ObjectNode doc, FilterVerdicts verdicts) {
        ObjectNode f = doc.putObject("filters");
        f.put("recomputed", "now, with the job's placement core on the committed cluster (sigma.node-state)");
        f.put("nodes", verdicts.nodes().size());
        ObjectNode first = f.putObject("rejectedFirst");
        verdicts.firstRejections().forEach(first::put);
        ObjectNode all = f.putObject("rejectedAtAll");
        verdicts.allRejections().forEach(all::put);
        f.put("passedAll", verdicts.feasible());
    }

    /**
     * How the router picks a partition (PartitionRouter): among the partitions whose summary may take
     * the pod, at each dispersion level the domains with the fewest pods of the app, then a rotation.
     * The app's pods per partition are counted now; at the time of the decision they were fewer.
     */
    private static void router(ObjectNode doc, Pod pod, String partition, FilterVerdicts verdicts,
                               ClusterSnapshot snapshot, PlacementConfig config) {
        ObjectNode r = doc.putObject("router");
        r.put("partitionLevel", TopologyLevel.CORE_SWITCH.name());
        if (partition != null) {
            r.put("partition", partition);
        }
        TreeMap<String, Integer> podsPer = new TreeMap<>();
        snapshot.nodes().forEach(n -> podsPer.putIfAbsent(n.coreSwitch(), 0));
        for (CommittedCluster.Node n : snapshot.nodes()) {
            n.pods().stream().filter(p -> p.appId().equals(pod.appId()))
                    .forEach(p -> podsPer.merge(n.coreSwitch(), 1, Integer::sum));
        }
        ObjectNode counts = r.putObject("appPodsPerPartitionNow");
        podsPer.forEach(counts::put);
        TreeSet<String> mayTake = new TreeSet<>();
        for (NodeVerdict v : verdicts.nodes()) {
            if (v.passes()) {
                mayTake.add(v.node().location().coreSwitch());
            }
        }
        ArrayNode candidates = r.putArray("partitionsWithAFeasibleNodeNow");
        mayTake.forEach(candidates::add);
        List<String> levels = spreadLevels(pod, config.levels());
        r.put("rule", "a partition whose summary may take the pod (schedulable nodes, room, labels, taints); "
                + (levels.isEmpty() ? "the app spreads over no level, so "
                        : "then at each level the app spreads over (" + String.join(", ", levels)
                                + ") down to the partition's, the domains holding the fewest pods of the app; ")
                + "ties go round in a rotation per app; inside the partition the filters and scores pick the node");
        r.put("note", "counts are as of now (the job does not record them per decision)");
    }

    private static List<String> spreadLevels(Pod pod, TopologyLevels levels) {
        int[] weights = pod.dispersion().resolve(levels);
        List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] > 0) {
                out.add(levels.get(i).name());
            }
        }
        return out;
    }
}
