package io.sigmaflow.cli.whatif.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sigmaflow.cli.support.JsonLine;
import io.sigmaflow.cli.whatif.WhatIfReport;
import io.sigmaflow.connectors.view.AppDispersion;
import io.sigmaflow.connectors.view.CommittedCluster;
import io.sigmaflow.schema.RequestOutcome;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code summary.json}: the what-if's numbers for scripts, every one counted from {@link
 * WhatIfReport} (the committed node-state, the placements topic recount, the last outcomes), so
 * that the page, the CSV files and the JSON line all tell the same story.
 *
 * <p>{@code pending_by_reason}: an outcome names, for the last pod it could not place, how many
 * nodes each filter refused; each app's pending pods count under the filter that refused the most
 * nodes (ties: the first by name), or {@code unknown} when the outcome names none.
 */
public record WhatIfSummary(boolean settled, double seconds, int nodeEvents, int requests, long apps, WhatIfReport report) {

    public static final String UNKNOWN_REASON = "unknown";

    public ObjectNode json() {
        CommittedCluster cluster = report.cluster();
        ObjectNode out = JsonLine.object();
        out.put("settled", settled);
        out.put("placed", report.bound().size());
        out.put("pending", report.pending());
        out.put("desired", report.desired());
        out.put("overcommitted_nodes", report.overcommitted().size());
        out.put("seconds", JsonLine.round(seconds, 1));
        out.put("nodes", cluster.nodes().size());
        out.put("node_events", nodeEvents);
        out.put("apps", apps);
        out.put("requests", requests);
        out.put("dead_letters", report.deadLetters().size());
        ObjectNode reasons = out.putObject("pending_by_reason");
        pendingByReason(report.lastOfApps().values()).forEach(reasons::put);

        long cpuAllocatable = cluster.nodes().stream().mapToLong(CommittedCluster.Node::cpuAllocatable).sum();
        long cpuAllocated = cluster.nodes().stream().mapToLong(CommittedCluster.Node::cpuAllocated).sum();
        long memoryAllocatable = cluster.nodes().stream().mapToLong(CommittedCluster.Node::memoryAllocatable).sum();
        long memoryAllocated = cluster.nodes().stream().mapToLong(CommittedCluster.Node::memoryAllocated).sum();
        ObjectNode utilization = out.putObject("utilization");
        utilization.put("cpu", JsonLine.round(share(cpuAllocated, cpuAllocatable), 4));
        utilization.put("memory", JsonLine.round(share(memoryAllocated, memoryAllocatable), 4));
        utilization.put("cpu_allocated_millis", cpuAllocated);
        utilization.put("cpu_allocatable_millis", cpuAllocatable);
        utilization.put("memory_allocated_mb", memoryAllocated);
        utilization.put("memory_allocatable_mb", memoryAllocatable);

        ObjectNode checks = out.putObject("checks");
        ObjectNode overcommit = checks.putObject("overcommit_recount");
        overcommit.put("overcommitted_nodes", report.overcommitted().size());
        overcommit.put("bound_pods_recounted", report.bound().size());
        report.overcommitted().forEach(overcommit.putArray("nodes")::add);
        ObjectNode verdictsByLevel = checks.putObject("dispersion");
        for (AppDispersion.Level level : AppDispersion.Level.values()) {
            ObjectNode verdicts = verdictsByLevel.putObject(level.label);
            for (AppDispersion.Verdict v : AppDispersion.Verdict.values()) {
                verdicts.put(v.name().toLowerCase(java.util.Locale.ROOT), report.dispersion().stream()
                        .filter(a -> a.levels().get(level.ordinal()).verdict() == v).count());
            }
        }
        ObjectNode agreement = checks.putObject("state_agreement");
        agreement.put("agree", report.disagreements().isEmpty());
        report.disagreements().forEach(agreement.putArray("disagreements")::add);
        agreement.put("requests_without_outcome", report.withoutOutcome().size());
        return out;
    }

    /** Reason -> pending pods, reasons by name. */
    static Map<String, Integer> pendingByReason(Iterable<RequestOutcome> lastOfApps) {
        Map<String, Integer> out = new TreeMap<>();
        for (RequestOutcome o : lastOfApps) {
            if (o.getPending() <= 0) {
                continue;
            }
            String reason = o.getPendingReasons().entrySet().stream()
                    .max(Comparator.<Map.Entry<String, Integer>>comparingInt(Map.Entry::getValue)
                            .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                    .map(Map.Entry::getKey).orElse(UNKNOWN_REASON);
            out.merge(reason, o.getPending(), Integer::sum);
        }
        return out;
    }

    static double share(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }
}
