package io.sigmaflow.connectors.view;

import io.sigmaflow.schema.OutcomeStatus;
import io.sigmaflow.schema.RequestOutcome;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The one place that turns what the job committed into text for people: the demo's outcomes and
 * placement table, and (shared with {@code ./sigma status}) the nodes by switch and chassis and
 * each app's dispersion per level.
 */
public final class ClusterReport {
    /** Labels a host agent sets about what it enforces (node-executor's {@code HostFeatures}). */
    static final String HOST_LABEL_PREFIX = "sigmaflow.io/";

    private ClusterReport() {}

    /** The last outcome of each request, in the order given. */
    public static String outcomes(List<RequestOutcome> outcomes) {
        StringBuilder out = new StringBuilder("Outcomes\n");
        out.append(String.format("  %-16s %-8s %-17s %7s %6s %7s  %s%n", "request", "app", "status", "desired", "placed",
                "pending", "why pending"));
        for (RequestOutcome o : outcomes) {
            String why = "";
            if (!o.getPendingReasons().isEmpty()) {
                why = new TreeMap<>(o.getPendingReasons()).entrySet().stream()
                        .map(e -> e.getKey() + ": " + e.getValue() + " nodes").collect(Collectors.joining(", "));
            }
            out.append(String.format("  %-16s %-8s %-17s %7d %6d %7d  %s", o.getRequestId(), o.getAppId(),
                    o.getStatus(), o.getDesired(), o.getPlaced(), o.getPending(), why).stripTrailing()).append('\n');
            boolean refused = o.getStatus() == OutcomeStatus.REJECTED || o.getStatus() == OutcomeStatus.DUPLICATE;
            if (o.getMessage() != null && (o.getPending() > 0 || refused)) {
                out.append("    ").append(o.getMessage()).append('\n');
            }
        }
        return out.toString();
    }

    /** Every bound pod once: pod, app, QoS, node, switch, chassis, requests; by app, then pod. */
    public static String placements(CommittedCluster cluster) {
        List<CommittedCluster.Placed> rows = new ArrayList<>(cluster.placed());
        rows.sort(Comparator.comparing((CommittedCluster.Placed p) -> p.pod().appId(), NaturalOrder.INSTANCE)
                .thenComparing(p -> p.pod().id(), NaturalOrder.INSTANCE));
        StringBuilder out = new StringBuilder("Placements (" + rows.size() + " pods)\n");
        out.append(String.format("  %-10s %-8s %-4s %-9s %-8s %-8s %s%n", "pod", "app", "qos", "node", "switch", "chassis",
                "cpu / memory"));
        for (CommittedCluster.Placed p : rows) {
            out.append(String.format("  %-10s %-8s %-4s %-9s %-8s %-8s %s / %s%n", p.pod().id(), p.pod().appId(),
                    p.pod().qos(), p.node().id(), p.node().coreSwitch(), p.node().chassis(), cores(p.pod().cpuMillis()),
                    gib(p.pod().memoryMb())));
        }
        return out.toString();
    }

    /**
     * The labels an operator set, then how many a host agent reported about itself (the
     * {@value #HOST_LABEL_PREFIX} labels: cgroup version, kernel features; a dozen per host would
     * bury the table; sigma.node-state has them all).
     */
    static String operatorLabels(Map<String, String> labels) {
        String own = labels.entrySet().stream().filter(e -> !e.getKey().startsWith(HOST_LABEL_PREFIX))
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
        long reported = labels.keySet().stream().filter(k -> k.startsWith(HOST_LABEL_PREFIX)).count();
        String host = reported == 0 ? "" : "+" + reported + " host";
        return own.isEmpty() && host.isEmpty() ? "-" : own.isEmpty() ? host : host.isEmpty() ? own : own + " " + host;
    }

    /** Nodes grouped by switch and chassis: allocated / allocatable, labels, pods per app. */
    public static String nodes(CommittedCluster cluster) {
        long cpu = cluster.nodes().stream().mapToLong(CommittedCluster.Node::cpuAllocated).sum();
        long cpuAll = cluster.nodes().stream().mapToLong(CommittedCluster.Node::cpuAllocatable).sum();
        long mem = cluster.nodes().stream().mapToLong(CommittedCluster.Node::memoryAllocated).sum();
        long memAll = cluster.nodes().stream().mapToLong(CommittedCluster.Node::memoryAllocatable).sum();
        StringBuilder out = new StringBuilder(String.format("Nodes (%d; cpu %s of %s cores, memory %s of %s GiB allocated)%n",
                cluster.nodes().size(), cores(cpu), cores(cpuAll), gib(mem), gib(memAll)));
        out.append(String.format("  %-16s %-12s %-16s %-22s %s%n", "node", "cpu (cores)", "memory (GiB)",
                "labels", "pods by app"));
        String lastSwitch = null;
        String lastChassis = null;
        for (CommittedCluster.Node n : cluster.nodes()) {
            if (!n.coreSwitch().equals(lastSwitch)) {
                out.append("  ").append(n.coreSwitch()).append('\n');
                lastSwitch = n.coreSwitch();
                lastChassis = null;
            }
            if (!n.chassis().equals(lastChassis)) {
                out.append("    ").append(n.chassis()).append('\n');
                lastChassis = n.chassis();
            }
            Map<String, Long> byApp = new TreeMap<>(NaturalOrder.INSTANCE);
            n.pods().forEach(p -> byApp.merge(p.appId(), 1L, Long::sum));
            String pods = byApp.isEmpty() ? "-" : byApp.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                    .collect(Collectors.joining(", "));
            String labels = operatorLabels(n.labels());
            out.append(String.format("      %-12s %-12s %-16s %-22s %s%s%n", n.id(),
                    cores(n.cpuAllocated()) + "/" + cores(n.cpuAllocatable()),
                    gib(n.memoryAllocated()) + "/" + gib(n.memoryAllocatable()), labels, pods,
                    n.schedulable() ? "" : "  (unschedulable)"));
        }
        return out.toString();
    }

    /** Each app's pods per domain at every level, groups under one parent separated by {@code |}. */
    public static String dispersion(List<AppDispersion> apps) {
        StringBuilder out = new StringBuilder(
                "Dispersion (pods per domain; '|' separates parents; even = counts under one parent differ by at most 1)\n");
        for (AppDispersion app : apps) {
            String what = app.appId().endsWith(CommittedCluster.RESERVED) ? "slots" : "pods";
            out.append(String.format("  %s (%d %s)%n", app.appId(), app.pods(), what));
            for (AppDispersion.LevelSpread level : app.levels()) {
                StringJoiner groups = new StringJoiner(" | ");
                for (AppDispersion.Group g : level.groups()) {
                    groups.add(g.counts().values().stream().map(String::valueOf).collect(Collectors.joining(" ")));
                }
                out.append(String.format("    %-8s %-40s %s%n", level.level().label, groups, level.verdict().label));
            }
        }
        return out.toString();
    }

    /** What {@code ./sigma status} prints: nodes, then dispersion. */
    public static String status(CommittedCluster cluster) {
        if (cluster.nodes().isEmpty()) {
            return "No nodes in node-state yet (register some: ./sigma up feeds a demo cluster, ./sigma hosts runs hosts).\n";
        }
        return nodes(cluster) + "\n" + dispersion(AppDispersion.of(cluster));
    }

    public static String cores(long millis) {
        return millis % 1000 == 0 ? String.valueOf(millis / 1000) : String.format(Locale.ROOT, "%.1f", millis / 1000.0);
    }

    public static String gib(long mb) {
        return mb % 1024 == 0 ? String.valueOf(mb / 1024) : String.format(Locale.ROOT, "%.1f", mb / 1024.0);
    }
}
