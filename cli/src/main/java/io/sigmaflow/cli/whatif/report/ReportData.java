package io.sigmaflow.cli.whatif.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sigmaflow.cli.support.JsonLine;
import io.sigmaflow.cli.whatif.WhatIfReport;
import io.sigmaflow.connectors.view.AppDispersion;
import io.sigmaflow.connectors.view.CommittedCluster;
import io.sigmaflow.schema.RequestOutcome;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code report.html} draws, as one JSON object embedded in the page: the summary, the
 * failure domains (switch, chassis) with their capacity and what is allocated, the node
 * utilization histogram, and the pods per domain of the {@link #APPS_SHOWN} largest apps. The page
 * only lays this out: every number is counted here, from the same {@link WhatIfReport} as
 * {@code summary.json}. Domain names are listed once; an app lists only its non-zero domains, so
 * that thousands of chassis times hundreds of apps stay a file a browser opens.
 */
final class ReportData {
    /** Apps with the most bound pods that the page can show; more would only make the file heavy. */
    static final int APPS_SHOWN = 200;
    /** Ten buckets of 10 %, then one for over 100 % (an overcommitted node, which the checks flag). */
    static final int BUCKETS = 11;

    private ReportData() {}

    static ObjectNode of(WhatIfSummary summary) {
        WhatIfReport report = summary.report();
        CommittedCluster cluster = report.cluster();
        ObjectNode out = JsonLine.object();
        out.set("summary", summary.json());
        domains(cluster, out.putArray("domains"));
        ObjectNode histogram = out.putObject("node_utilization");
        histogram(cluster, histogram.putArray("cpu"), true);
        histogram(cluster, histogram.putArray("memory"), false);
        apps(report, report.dispersion(), out);
        return out;
    }

    /** One entry per chassis, in topology order, with its switch. */
    private static void domains(CommittedCluster cluster, ArrayNode out) {
        Map<String, long[]> byChassis = new LinkedHashMap<>();
        Map<String, String> switchOf = new LinkedHashMap<>();
        for (CommittedCluster.Node n : cluster.nodes()) {
            String key = n.coreSwitch() + "\u0000" + n.chassis();
            switchOf.put(key, n.coreSwitch());
            long[] t = byChassis.computeIfAbsent(key, k -> new long[6]);
            t[0]++;
            t[1] += n.cpuAllocatable();
            t[2] += n.cpuAllocated();
            t[3] += n.memoryAllocatable();
            t[4] += n.memoryAllocated();
            t[5] += n.pods().size();
        }
        byChassis.forEach((key, t) -> {
            ObjectNode d = out.addObject();
            d.put("switch", switchOf.get(key));
            d.put("chassis", key.substring(key.indexOf('\u0000') + 1));
            d.put("nodes", t[0]);
            d.put("cpu_allocatable", t[1]);
            d.put("cpu_allocated", t[2]);
            d.put("memory_allocatable", t[3]);
            d.put("memory_allocated", t[4]);
            d.put("pods", t[5]);
        });
    }

    /** Nodes per utilization bucket: [0 %, 10 %), ..., [90 %, 100 %], over 100 %. */
    static void histogram(CommittedCluster cluster, ArrayNode out, boolean cpu) {
        int[] counts = new int[BUCKETS];
        for (CommittedCluster.Node n : cluster.nodes()) {
            counts[bucket(cpu ? WhatIfSummary.share(n.cpuAllocated(), n.cpuAllocatable())
                    : WhatIfSummary.share(n.memoryAllocated(), n.memoryAllocatable()))]++;
        }
        for (int c : counts) {
            out.add(c);
        }
    }

    static int bucket(double share) {
        if (share > 1.0) {
            return BUCKETS - 1;
        }
        return Math.min(BUCKETS - 2, (int) Math.floor(share * 10));
    }

    /** The largest apps: their outcome and, per level, pods per domain (non-zero only) and the verdict. */
    private static void apps(WhatIfReport report, List<AppDispersion> dispersions, ObjectNode out) {
        Map<String, AppDispersion> dispersionOf = new java.util.HashMap<>();
        dispersions.forEach(d -> dispersionOf.put(d.appId(), d));
        CommittedCluster cluster = report.cluster();
        Map<String, List<CommittedCluster.Placed>> byApp = cluster.byApp();
        Map<String, RequestOutcome> outcomes = report.lastOfApps();
        List<String> shown = byApp.keySet().stream()
                .sorted(Comparator.<String>comparingInt(a -> -byApp.get(a).size()))
                .limit(APPS_SHOWN).toList();
        out.put("apps_total", byApp.size());
        ArrayNode apps = out.putArray("apps");
        for (String app : shown) {
            ObjectNode a = apps.addObject();
            a.put("app", app);
            a.put("pods", byApp.get(app).size());
            RequestOutcome o = outcomes.get(app);
            a.put("desired", o == null ? byApp.get(app).size() : o.getDesired());
            a.put("pending", o == null ? 0 : o.getPending());
            a.put("status", o == null ? "" : o.getStatus().name());
            Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
            for (AppDispersion.Level level : AppDispersion.Level.values()) {
                counts.put(level.label, new TreeMap<>());
            }
            for (CommittedCluster.Placed p : byApp.get(app)) {
                counts.get(AppDispersion.Level.CORE_SWITCH.label).merge(p.node().coreSwitch(), 1, Integer::sum);
                counts.get(AppDispersion.Level.CHASSIS.label).merge(p.node().chassis(), 1, Integer::sum);
                counts.get(AppDispersion.Level.HOST.label).merge(p.node().id(), 1, Integer::sum);
            }
            ObjectNode levels = a.putObject("levels");
            AppDispersion dispersion = dispersionOf.get(app);
            for (AppDispersion.LevelSpread spread : dispersion.levels()) {
                ObjectNode l = levels.putObject(spread.level().label);
                l.put("verdict", spread.verdict().name().toLowerCase(java.util.Locale.ROOT));
                l.put("verdict_text", spread.verdict().label);
                l.put("max_spread", spread.groups().stream().mapToInt(AppDispersion.Group::spread).max().orElse(0));
                ObjectNode c = l.putObject("counts");
                counts.get(spread.level().label).forEach(c::put);
            }
        }
    }
}
