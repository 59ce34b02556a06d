package io.sigmaflow.cli.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sigmaflow.cli.support.Output;
import io.sigmaflow.client.Outcome;

/** One outcome as the {@code app} commands print it, the same fields in every format. */
final class OutcomeJson {
    private OutcomeJson() {}

    static ObjectNode of(Outcome o) {
        ObjectNode n = Output.json().createObjectNode();
        n.put("request", o.requestId()).put("status", o.status().name()).put("desired", o.desired())
                .put("placed", o.placed()).put("pending", o.pending());
        ObjectNode reasons = n.putObject("pendingReasons");
        o.pendingReasons().forEach(reasons::put);
        n.put("message", o.message());
        return n;
    }

    /** The WHY column: the pending reasons, or the job's message for a refusal. */
    static String why(JsonNode o) {
        StringBuilder b = new StringBuilder();
        o.get("pendingReasons").fields().forEachRemaining(e -> b.append(b.isEmpty() ? "" : ", ").append(e.getKey())
                .append(": ").append(e.getValue().asInt()).append(e.getValue().asInt() == 1 ? " node" : " nodes"));
        if (b.isEmpty() && "REJECTED".equals(o.get("status").asText()) && !o.get("message").isNull()) {
            b.append(o.get("message").asText());
        }
        return b.toString();
    }
}
