package io.sigmaflow.cli.whatif;

import io.sigmaflow.connectors.view.AppDispersion;
import io.sigmaflow.connectors.view.ClusterReport;
import io.sigmaflow.connectors.view.CommittedCluster;
import io.sigmaflow.connectors.view.LatestOutcomes;
import io.sigmaflow.schema.DeadLetter;
import io.sigmaflow.schema.NodeState;
import io.sigmaflow.schema.OutcomeStatus;
import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.PlacementAction;
import io.sigmaflow.schema.PlacementRequest;
import io.sigmaflow.schema.RequestOutcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What a what-if committed, for people and scripts: each request's last outcome (desired, placed,
 * pending and why), the cluster by switch and chassis, each app's dispersion, and two checks made
 * independently of the job's own bookkeeping. Overcommit is recounted by replaying the placements
 * topic (BIND and UNBIND in order, as executors apply them) against each node's allocatable from
 * node-state; and each app's bound pods on node-state must agree with its last outcome's count.
 */
public record WhatIfReport(List<RequestOutcome> outcomes, List<String> withoutOutcome, CommittedCluster cluster,
                           List<Placement> bound, List<String> overcommitted, List<String> disagreements,
                           List<DeadLetter> deadLetters, int nodesInInput, List<AppDispersion> dispersion) {

    public static WhatIfReport of(WhatIfInput input, List<RequestOutcome> outcomes, List<NodeState> nodeStates,
                                  List<Placement> placements, List<DeadLetter> deadLetters) {
        Map<String, RequestOutcome> last = LatestOutcomes.byRequest(outcomes);
        List<RequestOutcome> answered = new ArrayList<>();
        List<String> without = new ArrayList<>();
        for (PlacementRequest r : input.requests()) {
            RequestOutcome o = last.get(r.getRequestId());
            if (o == null || o.getStatus() == OutcomeStatus.ACCEPTED) {
                without.add(r.getRequestId() + (o == null ? " (no outcome)" : " (only ACCEPTED)"));
            }
            if (o != null) {
                answered.add(o);
            }
        }
        CommittedCluster cluster = CommittedCluster.of(nodeStates);
        Map<String, Placement> bound = new LinkedHashMap<>();
        // The topic is keyed by node: a move's BIND and UNBIND sit on two partitions and are read in
        // either order. A pod's generations only grow, so replaying in generation order (stable, so
        // topic order within one) is the order the job decided them in.
        List<Placement> ordered = new ArrayList<>(placements);
        ordered.sort(java.util.Comparator.comparingLong(Placement::getGeneration));
        for (Placement p : ordered) {
            if (p.getAction() == PlacementAction.BIND) {
                bound.put(p.getPodId(), p);
            } else if (bound.containsKey(p.getPodId()) && bound.get(p.getPodId()).getNodeId().equals(p.getNodeId())) {
                // An UNBIND frees the pod's old node only: a move binds the target before it unbinds the source.
                bound.remove(p.getPodId());
            }
        }
        return new WhatIfReport(answered, without, cluster, List.copyOf(bound.values()),
                overcommitted(cluster, bound.values()), disagreements(cluster, answered, bound.values()),
                List.copyOf(deadLetters), input.nodes().size(),
                // Counted once (it walks the whole cluster per app) for the text, the JSON line and --report.
                AppDispersion.of(cluster));
    }

    private static List<String> overcommitted(CommittedCluster cluster, Iterable<Placement> bound) {
        Map<String, long[]> used = new HashMap<>();
        for (Placement p : bound) {
            long[] u = used.computeIfAbsent(p.getNodeId(), n -> new long[2]);
            u[0] += p.getResources().getCpuMillis();
            u[1] += p.getResources().getMemoryMb();
        }
        List<String> out = new ArrayList<>();
        for (CommittedCluster.Node n : cluster.nodes()) {
            long[] u = used.getOrDefault(n.id(), new long[2]);
            if (u[0] > n.cpuAllocatable() || u[1] > n.memoryAllocatable() || n.cpuAllocated() > n.cpuAllocatable()
                    || n.memoryAllocated() > n.memoryAllocatable()) {
                out.add(String.format("%s: cpu %d of %d millicores, memory %d of %d MiB", n.id(),
                        Math.max(u[0], n.cpuAllocated()), n.cpuAllocatable(), Math.max(u[1], n.memoryAllocated()),
                        n.memoryAllocatable()));
            }
        }
        return out;
    }

    /** Where the placements topic, node-state and the outcomes do not tell the same story. */
    private static List<String> disagreements(CommittedCluster cluster, List<RequestOutcome> outcomes,
                                              Iterable<Placement> bound) {
        Map<String, String> fromTopic = new TreeMap<>();
        bound.forEach(p -> fromTopic.put(p.getPodId(), p.getNodeId()));
        Map<String, String> fromState = new TreeMap<>();
        cluster.placed().forEach(p -> fromState.put(p.pod().id(), p.node().id()));
        List<String> out = new ArrayList<>();
        if (!fromTopic.equals(fromState)) {
            out.add("the placements topic binds " + fromTopic.size() + " pods, node-state holds " + fromState.size()
                    + " (or on other nodes)");
        }
        Map<String, RequestOutcome> lastOfApp = LatestOutcomes.byApp(outcomes);
        Map<String, List<CommittedCluster.Placed>> byApp = cluster.byApp();
        lastOfApp.forEach((app, o) -> {
            int pods = byApp.getOrDefault(app, List.of()).size();
            if (o.getStatus() != OutcomeStatus.REJECTED && o.getStatus() != OutcomeStatus.DUPLICATE
                    && o.getPlaced() != pods) {
                out.add(app + ": its last outcome says " + o.getPlaced() + " placed, node-state holds " + pods);
            }
        });
        return out;
    }

    public int desired() {
        return lastOfApps().values().stream().mapToInt(RequestOutcome::getDesired).sum();
    }

    public int pending() {
        return lastOfApps().values().stream().mapToInt(RequestOutcome::getPending).sum();
    }

    /** Each app's last outcome that was not refused (REJECTED, DUPLICATE), apps in the order they were answered. */
    public Map<String, RequestOutcome> lastOfApps() {
        Map<String, RequestOutcome> out = new LinkedHashMap<>();
        outcomes.stream().filter(o -> o.getStatus() != OutcomeStatus.REJECTED && o.getStatus() != OutcomeStatus.DUPLICATE)
                .forEach(o -> LatestOutcomes.offer(out, o.getAppId(), o));
        return out;
    }

    /** Levels of any app where a lighter domain still had room: the placer could have spread wider. */
    public int unevenLevels() {
        return (int) dispersion.stream().flatMap(a -> a.levels().stream())
                .filter(l -> l.verdict() == AppDispersion.Verdict.UNEVEN).count();
    }

    /** The report for people (without the JSON line). */
    public String text() {
        StringBuilder out = new StringBuilder(apps()).append('\n');
        out.append(ClusterReport.outcomes(outcomes));
        withoutOutcome.forEach(r -> out.append("  no final outcome: ").append(r).append('\n'));
        out.append('\n').append(ClusterReport.nodes(cluster));
        out.append('\n').append(dispersionText());
        out.append('\n').append("Checks (recounted from the placements topic)\n");
        out.append(String.format("  overcommitted nodes    %d%s%n", overcommitted.size(),
                overcommitted.isEmpty() ? "" : ": " + String.join("; ", overcommitted)));
        out.append(String.format("  bound pods             %d (placements topic and node-state %s)%n", bound.size(),
                disagreements.isEmpty() ? "agree" : "DISAGREE: " + String.join("; ", disagreements)));
        out.append(String.format("  dead letters           %d%s%n", deadLetters.size(), deadLetters.stream().limit(5)
                .map(d -> "\n    " + d.getErrorType() + ": " + d.getReason()).collect(Collectors.joining())));
        return out.toString();
    }

    /** Above this many nodes the dispersion table (every app's count in every domain) is summarised. */
    static final int FULL_DISPERSION_MAX_NODES = 200;

    /**
     * The per-domain table for a small cluster; for a large one (a 10,000-node what-if printed 56 MB
     * of it) each level's verdicts over all apps, and the apps whose spread was avoidable.
     */
    private String dispersionText() {
        List<AppDispersion> apps = dispersion;
        if (cluster.nodes().size() <= FULL_DISPERSION_MAX_NODES) {
            return ClusterReport.dispersion(apps);
        }
        StringBuilder out = new StringBuilder("Dispersion (" + apps.size() + " apps on " + cluster.nodes().size()
                + " nodes: verdicts per level; the per-domain table is printed up to " + FULL_DISPERSION_MAX_NODES
                + " nodes, placements.csv of --out has every pod)\n");
        for (AppDispersion.Level level : AppDispersion.Level.values()) {
            Map<AppDispersion.Verdict, List<String>> byVerdict = new TreeMap<>();
            for (AppDispersion a : apps) {
                a.levels().stream().filter(l -> l.level() == level).forEach(l -> byVerdict
                        .computeIfAbsent(l.verdict(), v -> new ArrayList<>()).add(a.appId()));
            }
            out.append(String.format("  %-12s %s%n", level, byVerdict.entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue().size() + (e.getKey() == AppDispersion.Verdict.UNEVEN
                            ? " (" + String.join(", ", e.getValue().stream().limit(10).toList()) + ")" : ""))
                    .collect(Collectors.joining(", "))));
        }
        return out.toString();
    }

    /**
     * Each app as its requests left it: desired and pending from its last outcome, placed as
     * node-state holds it, and why the pending pods found no node (filter: nodes it refused).
     */
    String apps() {
        Map<String, List<CommittedCluster.Placed>> byApp = cluster.byApp();
        StringBuilder out = new StringBuilder("Apps\n");
        out.append(String.format("  %-12s %-17s %7s %6s %7s  %s%n", "app", "status", "desired", "placed", "pending",
                "why pending"));
        lastOfApps().forEach((app, o) -> out.append(String.format("  %-12s %-17s %7d %6d %7d  %s", app, o.getStatus(),
                o.getDesired(), byApp.getOrDefault(app, List.of()).size(), o.getPending(),
                new TreeMap<>(o.getPendingReasons()).entrySet().stream()
                        .map(e -> e.getKey() + ": " + e.getValue() + " nodes").collect(Collectors.joining(", ")))
                .stripTrailing()).append('\n'));
        return out.toString();
    }

    /** placements.csv and outcomes.csv in {@code dir}. */
    public void writeCsv(Path dir) throws IOException {
        Files.createDirectories(dir);
        StringBuilder p = new StringBuilder("pod,app,node,switch,chassis,cpu_millis,memory_mb,qos\n");
        for (CommittedCluster.Placed x : cluster.placed()) {
            p.append(csv(x.pod().id(), x.pod().appId(), x.node().id(), x.node().coreSwitch(), x.node().chassis(),
                    String.valueOf(x.pod().cpuMillis()), String.valueOf(x.pod().memoryMb()), x.pod().qos()));
        }
        Files.writeString(dir.resolve("placements.csv"), p, StandardCharsets.UTF_8);
        StringBuilder o = new StringBuilder("request,app,status,desired,placed,pending,pending_reasons,message\n");
        for (RequestOutcome x : outcomes) {
            String reasons = new TreeMap<>(x.getPendingReasons()).entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(";"));
            o.append(csv(x.getRequestId(), x.getAppId(), x.getStatus().name(), String.valueOf(x.getDesired()),
                    String.valueOf(x.getPlaced()), String.valueOf(x.getPending()), reasons,
                    x.getMessage() == null ? "" : x.getMessage()));
        }
        Files.writeString(dir.resolve("outcomes.csv"), o, StandardCharsets.UTF_8);
    }

    private static String csv(String... fields) {
        List<String> quoted = new ArrayList<>();
        for (String f : fields) {
            boolean plain = f.chars().noneMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r');
            quoted.add(plain ? f : "\"" + f.replace("\"", "\"\"") + "\"");
        }
        return String.join(",", quoted) + "\n";
    }
}
