package io.sigmaflow.cli.app;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.sigmaflow.cli.local.StackClient;
import io.sigmaflow.cli.support.DurationConverter;
import io.sigmaflow.cli.support.KafkaTarget;
import io.sigmaflow.cli.support.Output;
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
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./sigma app list}: every app with pods or slots on node-state, and every app with an
 * outcome within {@code --since}, with its last request's status.
 */
@Command(name = "list",
        description = {"Every app: pods placed, reserved slots, its last request's status, whether it spreads evenly.",
            "Exit codes: 0 listed, 1 Kafka unreachable, 2 bad command line."},
        footer = "  ./sigma app list -o json")
final class AppListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    KafkaTarget kafka;

    @Mixin
    OutputOption output;

    @Option(names = "--since", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "also list apps with a request outcome this recent, placed or not (default: 1d)")
    Duration since = Duration.ofDays(1);

    @Override
    public Integer call() {
        try (SigmaClient sigma = AppRequestCommand.client(kafka);
                StackClient stack = new StackClient(kafka.bootstrap(), Topics.of(kafka.prefix(), 0), Duration.ofSeconds(10))) {
            CommittedCluster cluster = CommittedCluster.of(stack.readToEnd(stack.topics().nodeState()));
            Map<String, Outcome> outcomes = sigma.latestOutcomes(null, since);
            Map<String, List<CommittedCluster.Placed>> byApp = cluster.byApp();
            TreeSet<String> apps = new TreeSet<>(outcomes.keySet());
            byApp.keySet().forEach(a -> apps.add(a.endsWith(CommittedCluster.RESERVED)
                    ? a.substring(0, a.length() - CommittedCluster.RESERVED.length()) : a));
            ArrayNode doc = Output.json().createArrayNode();
            for (String app : apps) {
                Outcome last = outcomes.get(app);
                int pods = byApp.getOrDefault(app, List.of()).size();
                doc.addObject().put("app", app).put("pods", pods)
                        .put("reservedSlots", byApp.getOrDefault(app + CommittedCluster.RESERVED, List.of()).size())
                        .put("status", last == null ? null : last.status().name())
                        .put("desired", last == null ? null : last.desired())
                        .put("pending", last == null ? null : last.pending())
                        .put("lastRequest", last == null ? null : last.requestId())
                        .put("evenlySpread", pods == 0 || AppDispersion.of(cluster, app).even());
            }
            Output.print(spec.commandLine().getOut(), output.format(), doc, d -> {
                Table t = new Table("app", "pods", "slots", "status", "desired", "pending", "even", "last request");
                d.forEach(a -> t.row(a.get("app").asText(), a.get("pods").asInt(), a.get("reservedSlots").asInt(),
                        a.get("status").isNull() ? "" : a.get("status").asText(),
                        a.get("desired").isNull() ? "" : a.get("desired").asInt(),
                        a.get("pending").isNull() ? "" : a.get("pending").asInt(),
                        a.get("evenlySpread").asBoolean() ? "yes" : "NO",
                        a.get("lastRequest").isNull() ? "" : a.get("lastRequest").asText()));
                return t;
            });
            return 0;
        } catch (SigmaClientException | IllegalStateException e) {
            spec.commandLine().getErr().println("app list: " + e.getMessage());
            return 1;
        }
    }
}
