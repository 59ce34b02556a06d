package io.sigmaflow.cli.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sigmaflow.cli.local.StackClient;
import io.sigmaflow.cli.support.DurationConverter;
import io.sigmaflow.cli.support.KafkaTarget;
import io.sigmaflow.cli.support.Output;
import io.sigmaflow.cli.support.OutputFormat;
import io.sigmaflow.cli.support.OutputOption;
import io.sigmaflow.cli.support.Table;
import io.sigmaflow.client.Outcome;
import io.sigmaflow.client.SigmaClient;
import io.sigmaflow.client.SigmaClientException;
import io.sigmaflow.connectors.topics.Topics;
import io.sigmaflow.connectors.view.AppDispersion;
import io.sigmaflow.connectors.view.CommittedCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./sigma app status APP}: where the app's pods are (node, switch, chassis) as node-state
 * holds them, its reserved slots, what its last request left pending and why, and how it spreads
 * per level. Exit 0 when nothing is pending, 3 when pods wait for room, 1 for an app the job does not know.
 */
@Command(name = "status",
        description = {"Where an app's pods are (node, switch, chassis), pending pods with the reasons, dispersion per level.",
            "Exit codes: 0 every desired pod placed, 3 pods pending, 1 unknown app or Kafka unreachable, 2 bad command line."},
        footer = "  ./sigma app status web -o yaml")
final class AppStatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    KafkaTarget kafka;

    @Mixin
    OutputOption output;

    @Parameters(index = "0", paramLabel = "APP", description = "the app")
    String app;

    @Option(names = "--since", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "how far back to look for the app's last request outcome (default: 7d, the topic's retention)")
    Duration since = Duration.ofDays(7);

    @Override
    public Integer call() {
        try (SigmaClient sigma = AppRequestCommand.client(kafka);
                StackClient stack = new StackClient(kafka.bootstrap(), Topics.of(kafka.prefix(), 0), Duration.ofSeconds(10))) {
            CommittedCluster cluster = CommittedCluster.of(stack.readToEnd(stack.topics().nodeState()));
            Outcome last = sigma.latestOutcomes(List.of(app), since).get(app);
            ObjectNode doc = document(cluster, app, last);
            if (doc.get("pods").isEmpty() && doc.get("reservedSlots").asInt() == 0 && last == null) {
                spec.commandLine().getErr().println("app status: unknown app " + app + ": no pods or slots on node-state and no"
                        + " outcome in the last " + since.toDays() + " d (./sigma app list shows the apps)");
                return 1;
            }
            print(doc);
            return last != null && last.isPending() ? 3 : 0;
        } catch (SigmaClientException | IllegalStateException e) {
            spec.commandLine().getErr().println("app status: " + e.getMessage());
            return 1;
        }
    }

    static ObjectNode document(CommittedCluster cluster, String app, Outcome last) {
        ObjectNode doc = Output.json().createObjectNode();
        doc.put("app", app);
        Map<String, List<CommittedCluster.Placed>> byApp = cluster.byApp();
        ArrayNode pods = doc.putArray("pods");
        for (CommittedCluster.Placed p : byApp.getOrDefault(app, List.of())) {
            pods.addObject().put("pod", p.pod().id()).put("node", p.node().id()).put("switch", p.node().coreSwitch())
                    .put("chassis", p.node().chassis()).put("cpu", cpu(p.pod().cpuMillis()))
                    .put("memory", memory(p.pod().memoryMb())).put("qos", p.pod().qos());
        }
        doc.put("reservedSlots", byApp.getOrDefault(app + CommittedCluster.RESERVED, List.of()).size());
        doc.set("lastRequest", last == null ? null : OutcomeJson.of(last));
        ArrayNode levels = doc.putArray("dispersion");
        for (AppDispersion.LevelSpread level : AppDispersion.of(cluster, app).levels()) {
            levels.addObject().put("level", level.level().label)
                    .put("counts", level.groups().stream().map(g -> g.counts().values().stream().map(String::valueOf)
                            .collect(Collectors.joining(" "))).collect(Collectors.joining(" | ")))
                    .put("verdict", level.verdict().label);
        }
        return doc;
    }

    /** Millicores as a spec writes them: {@code 2}, {@code 500m}. */
    static String cpu(long millis) {
        return millis % 1000 == 0 ? String.valueOf(millis / 1000) : millis + "m";
    }

    /** MiB as a spec writes them: {@code 2Gi}, {@code 512Mi}. */
    static String memory(long mb) {
        return mb % 1024 == 0 ? mb / 1024 + "Gi" : mb + "Mi";
    }

    private void print(ObjectNode doc) {
        var out = spec.commandLine().getOut();
        if (output.format() != OutputFormat.TABLE) {
            Output.print(out, output.format(), doc, d -> null);
            return;
        }
        JsonNode last = doc.get("lastRequest");
        out.print(Output.render(OutputFormat.TABLE, doc, d -> {
            Table t = new Table("pod", "node", "switch", "chassis", "cpu", "memory", "qos");
            d.get("pods").forEach(p -> t.row(p.get("pod").asText(), p.get("node").asText(), p.get("switch").asText(),
                    p.get("chassis").asText(), p.get("cpu").asText(), p.get("memory").asText(), p.get("qos").asText()));
            return t;
        }));
        out.println();
        out.print(Output.render(OutputFormat.TABLE, doc, d -> {
            Table t = new Table("last request", "status", "desired", "placed", "pending", "why pending", "slots");
            t.row(last.isNull() ? "" : last.get("request").asText(), last.isNull() ? "" : last.get("status").asText(),
                    last.isNull() ? "" : last.get("desired").asInt(), d.get("pods").size(),
                    last.isNull() ? "" : last.get("pending").asInt(), last.isNull() ? "" : OutcomeJson.why(last),
                    d.get("reservedSlots").asInt());
            return t;
        }));
        out.println();
        out.print(Output.render(OutputFormat.TABLE, doc, d -> {
            Table t = new Table("level", "pods per domain ('|' separates parents)", "spread");
            d.get("dispersion").forEach(l -> t.row(l.get("level").asText(), l.get("counts").asText(), l.get("verdict").asText()));
            return t;
        }));
        out.flush();
    }
}
