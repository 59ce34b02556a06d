package io.sigmaflow.cli.ops;

import com.fasterxml.jackson.databind.JsonNode;
import io.sigmaflow.cli.support.Table;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/** {@code ./sigma explain}'s document for people: a few lines and a table per section. */
final class ExplainText {
    private ExplainText() {}

    static String render(JsonNode doc) {
        StringBuilder out = new StringBuilder();
        JsonNode asks = doc.get("requests");
        String pod = doc.get("pod").asText();
        if (doc.get("status").asText().equals("placed")) {
            out.append("Pod ").append(pod).append(" (app ").append(doc.get("app").asText()).append(") is on ")
                    .append(doc.get("node").asText()).append(", switch ").append(doc.get("switch").asText())
                    .append(", chassis ").append(doc.get("chassis").asText()).append('\n');
        } else {
            JsonNode o = doc.get("outcome");
            out.append("Pod ").append(pod).append(" (app ").append(doc.get("app").asText()).append(") is PENDING: ")
                    .append(o.get("placed").asInt()).append(" of ").append(o.get("desired").asInt())
                    .append(" placed, ").append(o.get("pending").asInt()).append(" pending (").append(o.get("status").asText())
                    .append(", request ").append(o.get("requestId").asText()).append(")\n");
            if (!o.get("message").isNull()) {
                out.append("  job: ").append(o.get("message").asText()).append('\n');
            }
        }
        out.append("  asks ").append(asks.get("cpuMillis").asLong()).append("m cpu, ").append(asks.get("memoryMb").asLong())
                .append(" MiB");
        if (!asks.get("nodeSelector").isEmpty()) {
            out.append(", nodeSelector ").append(asks.get("nodeSelector"));
        }
        if (!asks.get("tolerations").isEmpty()) {
            out.append(", tolerations ").append(asks.get("tolerations"));
        }
        out.append(" (template: ").append(asks.get("template").asText()).append(")\n");

        if (doc.has("decision")) {
            decision(out, doc.get("decision"));
        }
        filters(out, doc.get("filters"));
        if (doc.has("wouldFit")) {
            out.append("\nWhat would make it fit\n");
            doc.get("wouldFit").forEach(h -> out.append("  - ").append(h.asText()).append('\n'));
        }
        router(out, doc.get("router"));
        return out.toString();
    }

    private static void decision(StringBuilder out, JsonNode d) {
        out.append('\n');
        if (d.get("generation").isNull()) {
            out.append("Decision: ").append(d.get("note").asText()).append('\n');
            return;
        }
        out.append("Decision: BIND generation ").append(d.get("generation").asLong());
        if (!d.get("requestId").isNull()) {
            out.append(" for request ").append(d.get("requestId").asText());
        }
        out.append('\n');
        if (!d.get("reason").isNull()) {
            out.append("  how: ").append(d.get("reason").asText()).append('\n');
        }
        JsonNode s = d.get("scores");
        if (s.has("note")) {
            if (d.get("reason").isNull()) { // else the "how" line above says it
                out.append("  scores: ").append(s.get("note").asText()).append('\n');
            }
            return;
        }
        JsonNode winner = s.get("winner");
        JsonNode runnerUp = s.get("runnerUp");
        out.append("  scores (0..100 per plugin, times its weight in the total) of the ")
                .append(s.get("feasibleNodesScored").asInt()).append(" feasible node(s) scored in its partition: winner ")
                .append(winner.get("node").asText())
                .append(runnerUp.isNull() ? ", no runner-up" : ", runner-up " + runnerUp.get("node").asText()).append('\n');
        Table t = new Table("plugin", "weight", "winner", "runner-up", "difference");
        TreeSet<String> plugins = new TreeSet<>();
        if (s.has("otherProfile")) { // plugins by position: this reader's weights do not apply
            out.append("  ").append(s.get("otherProfile").asText()).append('\n');
            winner.get("scores").fieldNames().forEachRemaining(plugins::add);
        } else {
            s.get("weights").fieldNames().forEachRemaining(plugins::add);
        }
        for (String p : plugins) {
            double w = winner.get("scores").path(p).asDouble();
            String r = runnerUp.isNull() || !runnerUp.get("scores").has(p) ? ""
                    : number(runnerUp.get("scores").get(p).asDouble());
            String diff = r.isEmpty() ? "" : signed(w - runnerUp.get("scores").get(p).asDouble());
            JsonNode weight = s.get("weights").get(p);
            t.row(p, weight == null ? "" : number(weight.asDouble()), number(w), r, diff);
        }
        if (!winner.get("total").isNull()) { // null: another profile's scores, weights unknown here
            double wt = winner.get("total").asDouble();
            t.row("total", "", number(wt), runnerUp.isNull() ? "" : number(runnerUp.get("total").asDouble()),
                    runnerUp.isNull() ? "" : signed(wt - runnerUp.get("total").asDouble()));
        }
        indent(out, t.render());
    }

    private static void filters(StringBuilder out, JsonNode f) {
        out.append("\nFilters, recomputed now on the committed cluster (").append(f.get("nodes").asInt())
                .append(" nodes; a node counts under the first filter that rejects it):\n");
        Table t = new Table("filter", "rejected", "rejects at all");
        for (Map.Entry<String, JsonNode> e : f.get("rejectedFirst").properties()) {
            t.row(e.getKey(), e.getValue().asInt(), f.get("rejectedAtAll").get(e.getKey()).asInt());
        }
        t.row("passed every filter", f.get("passedAll").asInt(), "");
        indent(out, t.render());
        if (f.has("ownNodePassesNow") && !f.get("ownNodePassesNow").asBoolean()) {
            out.append("  (its own node would not take it now: the node changed since the decision)\n");
        }
    }

    private static void router(StringBuilder out, JsonNode r) {
        out.append("\nRouter (partitions are ").append(r.get("partitionLevel").asText().toLowerCase(Locale.ROOT)
                .replace('_', ' ')).append("es)");
        if (r.has("partition")) {
            out.append(": sent it to ").append(r.get("partition").asText());
        }
        out.append('\n');
        out.append("  rule: ").append(r.get("rule").asText()).append('\n');
        StringBuilder counts = new StringBuilder();
        r.get("appPodsPerPartitionNow").properties().forEach(e ->
                counts.append(counts.isEmpty() ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue().asInt()));
        out.append("  the app's pods per partition now: ").append(counts.isEmpty() ? "none" : counts).append('\n');
        StringBuilder may = new StringBuilder();
        r.get("partitionsWithAFeasibleNodeNow").forEach(p -> may.append(may.isEmpty() ? "" : ", ").append(p.asText()));
        out.append("  partitions with a node that passes every filter now: ").append(may.isEmpty() ? "none" : may)
                .append('\n');
    }

    private static void indent(StringBuilder out, String table) {
        table.lines().forEach(l -> out.append("  ").append(l).append('\n'));
    }

    static String number(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String signed(double v) {
        return (v > 0 ? "+" : "") + number(v);
    }
}
