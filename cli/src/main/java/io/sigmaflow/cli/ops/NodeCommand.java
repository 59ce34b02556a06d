package io.sigmaflow.cli.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sigmaflow.cli.support.DurationConverter;
import io.sigmaflow.cli.support.KafkaTarget;
import io.sigmaflow.cli.support.Output;
import io.sigmaflow.cli.support.OutputFormat;
import io.sigmaflow.cli.support.OutputOption;
import io.sigmaflow.cli.support.Problems;
import io.sigmaflow.cli.support.SigmaCli;
import io.sigmaflow.cli.support.Table;
import io.sigmaflow.jobs.protocol.Cordon;
import io.sigmaflow.schema.NodeEvent;
import io.sigmaflow.schema.NodeEventType;
import io.sigmaflow.schema.NodeState;
import io.sigmaflow.schema.PodAllocation;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./sigma node cordon|uncordon|drain NODE}: an operator's request through sigma.node-events,
 * then a wait until sigma.node-state shows its effect. Cordon = no new pods, those on the node stay;
 * uncordon reverts it; drain = cordon, then the job's DRAIN moves every pod away. Exit 0 done, 1
 * failed (unknown node, Kafka), 2 bad command line, 3 still in progress when {@code --wait} ran out.
 */
@Command(name = "node",
        description = {"An operator's request about one node, waited for until the job has committed it:",
                "  cordon    no new pods on NODE; its pods stay",
                "  uncordon  NODE takes new pods again (also after a drain)",
                "  drain     cordon NODE, then move every pod away (the job's DRAIN)",
                "Exit 0 done, 1 failed (unknown node), 2 bad command line, 3 still in progress at --wait."},
        footer = "  ./sigma node drain host-3 --wait 2m")
public final class NodeCommand implements Callable<Integer> {
    /** Exit code when the job had not committed the effect within {@code --wait}. */
    public static final int IN_PROGRESS = 3;

    enum Action { CORDON, UNCORDON, DRAIN }

    @Spec
    private CommandSpec spec;

    @Mixin
    private KafkaTarget kafka;

    @Mixin
    private OutputOption output;

    @Parameters(index = "0", paramLabel = "ACTION", description = "cordon, uncordon or drain")
    private Action action;

    @Parameters(index = "1", paramLabel = "NODE", description = "the node id, as ./sigma nodes lists it")
    private String nodeId;

    @Option(names = "--wait", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "how long to wait for the job to commit the effect (default: ${DEFAULT-VALUE}; "
                    + SigmaCli.DURATIONS + ")")
    private Duration wait = Duration.ofSeconds(60);

    private final Function<KafkaTarget, OpsTopics> topics;
    private Duration poll = Duration.ofMillis(500);

    public NodeCommand() {
        this(OpsTopics::kafka);
    }

    NodeCommand(Function<KafkaTarget, OpsTopics> topics) {
        this.topics = topics;
    }

    /** Tests: poll node-state this often while waiting. */
    NodeCommand poll(Duration every) {
        this.poll = every;
        return this;
    }

    public static void main(String[] args) {
        SigmaCli.main(new NodeCommand(), args);
    }

    @Override
    public Integer call() {
        Problems problems = new Problems();
        if (wait.isZero()) {
            problems.add("--wait: must be more than 0 (the effect is committed at the job's next checkpoint)");
        }
        problems.throwIfAny(spec);
        PrintWriter err = spec.commandLine().getErr();
        try (OpsTopics t = topics.apply(kafka)) {
            ClusterSnapshot before = ClusterSnapshot.of(t.nodeStates());
            NodeState state = before.state(nodeId);
            if (state == null) {
                err.println("node: unknown node '" + nodeId + "': sigma.node-state has no such node ("
                        + (before.nodes().isEmpty() ? "it has none yet" : "nodes: " + before.someNodeIds(8)) + ")");
                return SigmaCli.FAILED;
            }
            boolean cordoned = Cordon.isCordoned(state.getTaints());
            List<String> podsBefore = state.getPods().stream().map(PodAllocation::getPodId).toList();
            List<NodeEvent> events = new ArrayList<>();
            if ((action == Action.UNCORDON) == cordoned) {
                events.add(update(state, action != Action.UNCORDON));
            }
            if (action == Action.DRAIN && !podsBefore.isEmpty()) {
                events.add(NodeEvent.newBuilder().setNodeId(nodeId).setType(NodeEventType.DRAIN)
                        .setEventTimeMs(System.currentTimeMillis()).build());
            }
            if (!events.isEmpty()) {
                t.send(events);
            }
            Predicate<NodeState> done = switch (action) {
                case CORDON -> s -> Cordon.isCordoned(s.getTaints());
                case UNCORDON -> s -> !Cordon.isCordoned(s.getTaints());
                case DRAIN -> s -> Cordon.isCordoned(s.getTaints()) && s.getPods().isEmpty();
            };
            ClusterSnapshot after = events.isEmpty() ? before : waitFor(t, done, err);
            boolean finished = after != null;
            if (after == null) {
                after = ClusterSnapshot.of(t.nodeStates());
            }
            print(document(after, podsBefore, events.isEmpty(), finished));
            if (!finished) {
                err.println("node: the job has not committed the " + action.name().toLowerCase(Locale.ROOT) + " of "
                        + nodeId + " within " + wait.toSeconds() + " s (is the placement job running?); the request is"
                        + " sent and still applies");
                return IN_PROGRESS;
            }
            return 0;
        } catch (IllegalStateException e) {
            err.println("node: " + e.getMessage());
            return SigmaCli.FAILED;
        }
    }

    /** The node's labels and taints with the cordon set or lifted: an UPDATE replaces both as sent. */
    private NodeEvent update(NodeState state, boolean cordon) {
        return NodeEvent.newBuilder()
                .setNodeId(nodeId)
                .setType(NodeEventType.UPDATE)
                .setLabels(state.getLabels())
                .setTaints(Cordon.taints(state.getTaints(), cordon))
                .setEventTimeMs(System.currentTimeMillis())
                .build();
    }

    /** Polls node-state until {@code done} holds for the node; null when {@code --wait} ran out. */
    private ClusterSnapshot waitFor(OpsTopics t, Predicate<NodeState> done, PrintWriter err) {
        long start = System.nanoTime();
        long deadline = start + wait.toNanos();
        long nextProgress = start + Duration.ofSeconds(1).toNanos();
        while (true) {
            ClusterSnapshot now = ClusterSnapshot.of(t.nodeStates());
            NodeState s = now.state(nodeId);
            if (s == null) {
                throw new IllegalStateException("node " + nodeId + " was removed meanwhile");
            }
            if (done.test(s)) {
                return now;
            }
            long at = System.nanoTime();
            if (at > deadline) {
                return null;
            }
            if (at >= nextProgress) {
                err.printf("node: waiting for node-state to show %s %s (%d s; %d pod(s) still there)%n", nodeId,
                        action == Action.CORDON ? "cordoned" : action == Action.UNCORDON ? "uncordoned" : "cordoned and empty",
                        Duration.ofNanos(at - start).toSeconds(), s.getPods().size());
                err.flush();
                nextProgress = at + Duration.ofSeconds(5).toNanos();
            }
            try {
                Thread.sleep(poll.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting", e);
            }
        }
    }

    private ObjectNode document(ClusterSnapshot after, List<String> podsBefore, boolean unchanged, boolean finished) {
        ObjectNode doc = Output.json().createObjectNode();
        doc.put("node", nodeId).put("action", action.name().toLowerCase(Locale.ROOT));
        doc.put("result", unchanged ? "unchanged" : finished ? "done" : "in-progress");
        doc.put("status", after.status(nodeId).text);
        doc.put("podsOnNode", after.state(nodeId).getPods().size());
        if (action == Action.DRAIN) {
            ArrayNode moved = doc.putArray("pods");
            for (String podId : podsBefore) {
                ClusterSnapshot.Bound where = after.find(podId);
                ObjectNode p = moved.addObject().put("pod", podId).put("from", nodeId);
                if (where == null) {
                    p.putNull("to"); // LOST to its app, which places it again when a node has room
                } else {
                    p.put("to", where.node().id()).put("switch", where.node().coreSwitch());
                }
            }
        }
        return doc;
    }

    private void print(ObjectNode doc) {
        PrintWriter out = spec.commandLine().getOut();
        Output.print(out, output.format(), doc, NodeCommand::summary);
        if (output.format() == OutputFormat.TABLE && doc.has("pods") && !doc.get("pods").isEmpty()) {
            Table pods = new Table("pod", "from", "now on", "switch");
            for (JsonNode p : doc.get("pods")) {
                boolean bound = !p.get("to").isNull();
                pods.row(p.get("pod").asText(), p.get("from").asText(),
                        bound ? p.get("to").asText() : "not bound yet (its app places it again)",
                        bound ? p.get("switch").asText() : "");
            }
            out.print("\n" + pods.render());
            out.flush();
        }
    }

    private static Table summary(JsonNode doc) {
        return new Table("node", "action", "result", "status", "pods on node")
                .row(doc.get("node").asText(), doc.get("action").asText(), doc.get("result").asText(),
                        doc.get("status").asText(), doc.get("podsOnNode").asInt());
    }
}
