package io.sigmaflow.cli.local;

import io.sigmaflow.connectors.view.AppDispersion;
import io.sigmaflow.connectors.view.ClusterReport;
import io.sigmaflow.connectors.view.CommittedCluster;
import io.sigmaflow.connectors.view.LatestOutcomes;
import io.sigmaflow.schema.NodeEvent;
import io.sigmaflow.schema.OutcomeStatus;
import io.sigmaflow.schema.RequestOutcome;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Feeds the running job the demo ({@link DemoCluster}) and prints what became of it. Safe to run
 * on every start of the stack, which resumes from its last checkpoint: nodes already in
 * node-state are not registered again, and a request that already has an outcome is not
 * published again (its id is fixed, and the job would answer DUPLICATE anyway). Apps go one at a
 * time, each after the previous one's outcome, so the picture is the same on every fresh stack. On
 * a restarted stack the report shows each demo app as it is now (its latest outcome), and the
 * feed waits only for what it sent itself.
 */
public final class DemoFeed {
    private static final Duration POLL = Duration.ofMillis(300);

    /** What the feed did and what the job committed. */
    public record Result(int nodesRegistered, int requestsPublished, List<RequestOutcome> outcomes,
            CommittedCluster cluster) {
        /** Outcomes, placement table, dispersion: what {@code ./sigma up} prints. */
        public String report() {
            return ClusterReport.outcomes(outcomes) + "\n" + ClusterReport.placements(cluster) + "\n"
                    + ClusterReport.dispersion(AppDispersion.of(cluster));
        }
    }

    private final StackClient kafka;
    private final Duration timeout;
    private final PrintStream log;

    public DemoFeed(StackClient kafka, Duration timeout, PrintStream log) {
        this.kafka = kafka;
        this.timeout = timeout;
        this.log = log;
    }

    public Result run() throws InterruptedException {
        Set<String> known = nodeIds(cluster());
        List<NodeEvent> missing = DemoCluster.nodes().stream().filter(n -> !known.contains(n.getNodeId())).toList();
        if (missing.isEmpty()) {
            log.println("demo: the " + DemoCluster.HOSTS + " demo nodes are already registered");
        } else {
            log.printf("demo: registering %d nodes (3 core switches x 2 chassis x 2 hosts, large ssd / small hdd)%n",
                    missing.size());
            kafka.send(kafka.topics().nodeEvents(), missing);
            Set<String> wanted = DemoCluster.nodes().stream().map(NodeEvent::getNodeId).collect(Collectors.toSet());
            await("the demo nodes in node-state", () -> nodeIds(cluster()).containsAll(wanted),
                    () -> "not all in " + kafka.topics().nodeState().name() + " (is the job running? see the dashboard)");
        }
        Set<String> publishedNow = new LinkedHashSet<>();
        for (DemoCluster.App app : DemoCluster.APPS) {
            if (lastOutcomes().containsKey(app.requestId())) {
                log.println("demo: " + app.requestId() + " was published before");
            } else {
                log.printf("demo: publishing %s: %d pods of %s cpu / %s GiB, %s%s%n", app.id(), app.replicas(),
                        ClusterReport.cores(app.cpuMillis()), ClusterReport.gib(app.memoryMb()), app.qos(),
                        app.nodeSelector().isEmpty() ? "" : ", node selector " + app.nodeSelector());
                kafka.send(kafka.topics().requests(), List.of(DemoCluster.publish(app)));
                publishedNow.add(app.id());
            }
            // ACCEPTED comes first; the next outcome is the placement's, once nothing is in flight.
            await("the outcome of " + app.requestId(), () -> {
                RequestOutcome o = lastOutcomes().get(app.requestId());
                return o != null && o.getStatus() != OutcomeStatus.ACCEPTED;
            }, () -> "no final outcome on " + kafka.topics().outcomes().name() + " (is the job running? see the dashboard)");
        }
        // Each demo app as it is now: its latest answer, which on a restarted stack may be a later
        // scale or destroy from ./sigma request rather than the demo's publish.
        Map<String, RequestOutcome> latest = latestByApp();
        List<RequestOutcome> demo = new ArrayList<>();
        DemoCluster.APPS.forEach(a -> demo.add(latest.get(a.id())));
        // The outcome travels the job's loop once more than the node snapshots: wait until
        // node-state shows as many pods of each app published just now as its outcome says are
        // placed. Apps published before are shown as node-state has them: a restarted stack's
        // cluster may have changed since (scaled, hosts gone), and nothing is in flight for them.
        CommittedCluster[] seen = {cluster()};
        List<RequestOutcome> fresh = demo.stream().filter(o -> publishedNow.contains(o.getAppId())).toList();
        await("node-state to show every placed pod", () -> {
            seen[0] = cluster();
            Map<String, Integer> bound = bound(seen[0]);
            return fresh.stream().allMatch(o -> bound.getOrDefault(o.getAppId(), 0) >= o.getPlaced());
        }, () -> {
            Map<String, Integer> bound = bound(seen[0]);
            return "node-state shows " + fresh.stream().map(o -> o.getAppId() + " " + bound.getOrDefault(o.getAppId(), 0)
                    + " of " + o.getPlaced()).collect(Collectors.joining(", ")) + " placed pods";
        });
        return new Result(missing.size(), publishedNow.size(), demo, seen[0]);
    }

    private static Map<String, Integer> bound(CommittedCluster cluster) {
        Map<String, Integer> bound = new HashMap<>();
        cluster.placed().forEach(p -> bound.merge(p.pod().appId(), 1, Integer::sum));
        return bound;
    }

    /** App id -> its latest outcome past ACCEPTED. */
    private Map<String, RequestOutcome> latestByApp() {
        return LatestOutcomes.byApp(kafka.readToEnd(kafka.topics().outcomes()).stream()
                .filter(o -> o.getStatus() != OutcomeStatus.ACCEPTED).toList());
    }

    private CommittedCluster cluster() {
        return CommittedCluster.of(kafka.readToEnd(kafka.topics().nodeState()));
    }

    /** Request id -> its latest outcome (an ACCEPTED read after the request's answer does not replace it). */
    private Map<String, RequestOutcome> lastOutcomes() {
        return LatestOutcomes.byRequest(kafka.readToEnd(kafka.topics().outcomes()));
    }

    private static Set<String> nodeIds(CommittedCluster cluster) {
        return cluster.nodes().stream().map(CommittedCluster.Node::id).collect(Collectors.toSet());
    }

    /** Waits for {@code done}; past the timeout, fails saying what was last seen. */
    private void await(String what, BooleanSupplier done, Supplier<String> seen) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("demo: gave up waiting for " + what + " after " + timeout.toSeconds()
                        + " s: " + seen.get());
            }
            Thread.sleep(POLL.toMillis());
        }
    }
}
