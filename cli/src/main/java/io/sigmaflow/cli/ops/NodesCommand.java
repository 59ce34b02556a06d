package io.sigmaflow.cli.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sigmaflow.cli.support.KafkaTarget;
import io.sigmaflow.cli.support.Output;
import io.sigmaflow.cli.support.OutputOption;
import io.sigmaflow.cli.support.SigmaCli;
import io.sigmaflow.cli.support.Table;
import io.sigmaflow.connectors.view.ClusterReport;
import io.sigmaflow.connectors.view.CommittedCluster;
import io.sigmaflow.jobs.protocol.Cordon;
import io.sigmaflow.schema.NodeState;
import io.sigmaflow.schema.Taint;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./sigma nodes [--switch S] [--chassis C] [-o table|json|yaml]}: every committed node
 * (sigma.node-state) with capacity, allocation, pods, labels, taints and whether it takes new pods.
 */
@Command(name = "nodes",
        description = "The committed nodes: capacity, allocation, pods, labels, taints, schedulable / cordoned.",
        footer = "  ./sigma nodes --switch cs-1 -o yaml")
public final class NodesCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private KafkaTarget kafka;

    @Mixin
    private OutputOption output;

    @Option(names = "--switch", paramLabel = "S", description = "only the nodes under core switch S")
    private String coreSwitch;

    @Option(names = "--chassis", paramLabel = "C", description = "only the nodes in chassis C")
    private String chassis;

    private final Function<KafkaTarget, OpsTopics> topics;

    public NodesCommand() {
        this(OpsTopics::kafka);
    }

    NodesCommand(Function<KafkaTarget, OpsTopics> topics) {
        this.topics = topics;
    }

    public static void main(String[] args) {
        SigmaCli.main(new NodesCommand(), args);
    }

    @Override
    public Integer call() {
        ClusterSnapshot snapshot;
        try (OpsTopics t = topics.apply(kafka)) {
            snapshot = ClusterSnapshot.of(t.nodeStates());
        } catch (IllegalStateException e) {
            spec.commandLine().getErr().println("nodes: " + e.getMessage());
            return SigmaCli.FAILED;
        }
        String unknown = unknownDomain(snapshot);
        if (unknown != null) {
            spec.commandLine().getErr().println("nodes: " + unknown);
            return SigmaCli.FAILED;
        }
        List<CommittedCluster.Node> shown = snapshot.nodes().stream()
                .filter(n -> coreSwitch == null || n.coreSwitch().equals(coreSwitch))
                .filter(n -> chassis == null || n.chassis().equals(chassis))
                .toList();
        Output.print(spec.commandLine().getOut(), output.format(), document(snapshot, shown), NodesCommand::table);
        return 0;
    }

    /** A --switch or --chassis no node has (or a chassis not under the switch), named with what exists. */
    private String unknownDomain(ClusterSnapshot snapshot) {
        if (coreSwitch != null && snapshot.nodes().stream().noneMatch(n -> n.coreSwitch().equals(coreSwitch))) {
            return "--switch: no committed node is under switch '" + coreSwitch + "' (switches: "
                    + names(snapshot, CommittedCluster.Node::coreSwitch) + ")";
        }
        if (chassis != null && snapshot.nodes().stream().noneMatch(n -> n.chassis().equals(chassis)
                && (coreSwitch == null || n.coreSwitch().equals(coreSwitch)))) {
            return "--chassis: no committed node is in chassis '" + chassis + "'"
                    + (coreSwitch == null ? "" : " under switch '" + coreSwitch + "'") + " (chassis: "
                    + names(snapshot, CommittedCluster.Node::chassis) + ")";
        }
        return null;
    }

    private static String names(ClusterSnapshot snapshot, Function<CommittedCluster.Node, String> name) {
        String all = snapshot.nodes().stream().map(name).distinct().collect(Collectors.joining(", "));
        return all.isEmpty() ? "none: node-state has no node yet" : all;
    }

    /** {"nodes": [...]}: the same fields in every format. */
    static ObjectNode document(ClusterSnapshot snapshot, List<CommittedCluster.Node> nodes) {
        ObjectNode doc = Output.json().createObjectNode();
        ArrayNode items = doc.putArray("nodes");
        for (CommittedCluster.Node n : nodes) {
            NodeState state = snapshot.state(n.id());
            ObjectNode item = items.addObject();
            item.put("node", n.id()).put("switch", n.coreSwitch()).put("chassis", n.chassis());
            item.put("status", snapshot.status(n.id()).text);
            item.put("schedulable", state.getSchedulable());
            item.put("cordoned", Cordon.isCordoned(state.getTaints()));
            item.putObject("cpu").put("allocatableMillis", n.cpuAllocatable()).put("allocatedMillis", n.cpuAllocated());
            item.putObject("memory").put("allocatableMb", n.memoryAllocatable()).put("allocatedMb", n.memoryAllocated());
            item.put("pods", n.pods().size());
            Map<String, Integer> byApp = new TreeMap<>();
            n.pods().forEach(p -> byApp.merge(p.appId(), 1, Integer::sum));
            ObjectNode apps = item.putObject("podsByApp");
            byApp.forEach(apps::put);
            ObjectNode labels = item.putObject("labels");
            n.labels().forEach(labels::put);
            ArrayNode taints = item.putArray("taints");
            state.getTaints().forEach(t -> taints.add(taint(t)));
        }
        return doc;
    }

    /** {@code key=value:Effect} as kubectl prints a taint ({@code key:Effect} without a value). */
    static String taint(Taint t) {
        String effect = switch (t.getEffect()) {
            case NO_SCHEDULE -> "NoSchedule";
            case PREFER_NO_SCHEDULE -> "PreferNoSchedule";
            case NO_EXECUTE -> "NoExecute";
        };
        return t.getKey() + (t.getValue() == null ? "" : "=" + t.getValue()) + ":" + effect;
    }

    static Table table(JsonNode doc) {
        Table table = new Table("node", "switch", "chassis", "status", "cpu", "memory(GiB)", "pods", "labels", "taints");
        for (JsonNode n : doc.get("nodes")) {
            StringBuilder labels = new StringBuilder();
            int hostLabels = 0;
            for (Map.Entry<String, JsonNode> l : n.get("labels").properties()) {
                if (l.getKey().startsWith("sigmaflow.io/")) {
                    hostLabels++; // what a host agent reports about itself: counted, sigma.node-state has them
                } else {
                    labels.append(labels.isEmpty() ? "" : ",").append(l.getKey()).append('=').append(l.getValue().asText());
                }
            }
            if (hostLabels > 0) {
                labels.append(labels.isEmpty() ? "" : ",").append('+').append(hostLabels).append(" host");
            }
            StringBuilder taints = new StringBuilder();
            for (JsonNode t : n.get("taints")) {
                if (!t.asText().startsWith(Cordon.KEY + ":")) { // the STATUS column says Cordoned
                    taints.append(taints.isEmpty() ? "" : ",").append(t.asText());
                }
            }
            table.row(n.get("node").asText(), n.get("switch").asText(), n.get("chassis").asText(),
                    n.get("status").asText(),
                    ClusterReport.cores(n.get("cpu").get("allocatedMillis").asLong()) + "/"
                            + ClusterReport.cores(n.get("cpu").get("allocatableMillis").asLong()),
                    ClusterReport.gib(n.get("memory").get("allocatedMb").asLong()) + "/"
                            + ClusterReport.gib(n.get("memory").get("allocatableMb").asLong()),
                    n.get("pods").asInt(), labels, taints);
        }
        return table;
    }
}
