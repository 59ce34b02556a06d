package io.sigmaflow.solver.rebalance.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sigmaflow.cli.support.JsonLine;
import ai.timefold.solver.core.api.score.HardSoftScore;
import io.sigmaflow.schema.Migration;
import io.sigmaflow.solver.core.RunResult;
import io.sigmaflow.solver.rebalance.domain.RebalanceSolution;
import io.sigmaflow.solver.rebalance.plan.DroppedMove;
import io.sigmaflow.solver.rebalance.plan.MigrationPlan;
import io.sigmaflow.solver.rebalance.plan.PlanChecker;
import io.sigmaflow.solver.rebalance.plan.PlannedMove;
import io.sigmaflow.solver.rebalance.score.ClusterMetrics;
import io.sigmaflow.solver.rebalance.snapshot.ClusterSnapshot;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What one run found and planned: the snapshot, the solver's scores, the plan and its check, and
 * the cluster's spread before and after the plan (counted from the records by {@link ClusterMetrics}).
 *
 * @param result   the solver's run ({@code initialScore}: staying put; {@code bestScore}: its best solution)
 * @param planned  the score of the plan's end state (the best solution minus what the plan dropped)
 * @param stale    nodes that changed while solving (their moves dropped)
 */
public record RunReport(String planId, ClusterSnapshot snapshot, int apps, int pinned,
        RunResult<RebalanceSolution, HardSoftScore> result, HardSoftScore planned, Set<String> stale,
        MigrationPlan plan, List<Migration> records, PlanChecker.Result check, ClusterMetrics before, ClusterMetrics after) {

    /** True when the plan has migrations and its replay found nothing wrong. */
    public boolean emittable() {
        return check.valid() && !records.isEmpty();
    }

    /** The human summary: snapshot, scores, spread before and after, the plan wave by wave. */
    public void print(PrintStream out, int maxListed) {
        ClusterSnapshot.Stats stats = snapshot.stats();
        out.printf(Locale.ROOT, "snapshot: %d nodes, %d pods of %d apps (%d pinned)%s%n", before.nodes(), before.pods(),
                apps, pinned, stats.skipped() + stats.removed() + stats.tombstones() == 0 ? ""
                        : String.format(Locale.ROOT, "; left out: %d removed, %d deleted, %d unusable records",
                                stats.removed(), stats.tombstones(), stats.skipped()));
        for (String problem : stats.problems()) {
            out.println("  unusable: " + problem);
        }
        out.printf(Locale.ROOT, "solver: %.1f s, %,d moves/s; score %s -> best %s -> planned %s%n",
                result.spent().toMillis() / 1000.0, result.moveEvaluationSpeed(), result.initialScore(),
                result.bestScore(), planned);
        out.printf(Locale.ROOT, "%-34s %14s %14s%n", "", "before", "after plan");
        row(out, "co-location, core switch", before.coreSwitch().colocation(), after.coreSwitch().colocation());
        row(out, "co-location, chassis", before.chassis().colocation(), after.chassis().colocation());
        row(out, "co-location, host", before.host().colocation(), after.host().colocation());
        row(out, "pod pairs sharing a core switch", before.coreSwitch().pairs(), after.coreSwitch().pairs());
        row(out, "pod pairs sharing a chassis", before.chassis().pairs(), after.chassis().pairs());
        row(out, "pod pairs sharing a host", before.host().pairs(), after.host().pairs());
        row(out, "balance (node load squares)", before.balance(), after.balance());
        row(out, "moves", 0, records.size());
        out.printf(Locale.ROOT, "plan %s: %d migrations in %d waves, %d dropped%s%n", planId, records.size(),
                plan.waves().size(), plan.dropped().size(),
                stale.isEmpty() ? "" : " (" + stale.size() + " nodes changed while solving)");
        int listed = 0;
        for (int w = 0; w < plan.waves().size(); w++) {
            for (PlannedMove m : plan.waves().get(w)) {
                if (listed++ < maxListed) {
                    out.printf(Locale.ROOT, "  wave %d: %s (%s) %s -> %s: %s%n", w, m.podId(), m.appId(),
                            m.fromNodeId(), m.toNodeId(), m.reason());
                }
            }
        }
        if (listed > maxListed) {
            out.printf(Locale.ROOT, "  ... and %d more%n", listed - maxListed);
        }
        for (DroppedMove d : plan.dropped().subList(0, Math.min(maxListed, plan.dropped().size()))) {
            out.printf(Locale.ROOT, "  dropped: %s (%s) stays on %s, not to %s: %s%n", d.podId(), d.appId(),
                    d.fromNodeId(), d.toNodeId(), d.why());
        }
        for (String v : check.violations()) {
            out.println("  PLAN CHECK FAILED: " + v);
        }
    }

    /** One line of JSON: the numbers of the run. */
    public String json(String mode, boolean emitted) {
        ObjectNode o = JsonLine.object()
                .put("mode", mode)
                .put("plan_id", planId)
                .put("nodes", before.nodes())
                .put("pods", before.pods())
                .put("apps", apps)
                .put("seconds", JsonLine.round(result.spent().toMillis() / 1000.0, 1))
                .put("moves_per_s", result.moveEvaluationSpeed())
                .put("initial_score", String.valueOf(result.initialScore()))
                .put("best_score", String.valueOf(result.bestScore()))
                .put("planned_score", String.valueOf(planned))
                .put("migrations", records.size())
                .put("waves", plan.waves().size())
                .put("dropped", plan.dropped().size())
                .put("stale_nodes", stale.size());
        levels(o.putObject("colocation_before"), before.coreSwitch().colocation(), before.chassis().colocation(),
                before.host().colocation());
        levels(o.putObject("colocation_after"), after.coreSwitch().colocation(), after.chassis().colocation(),
                after.host().colocation());
        levels(o.putObject("pairs_before"), before.coreSwitch().pairs(), before.chassis().pairs(), before.host().pairs());
        levels(o.putObject("pairs_after"), after.coreSwitch().pairs(), after.chassis().pairs(), after.host().pairs());
        o.put("balance_before", before.balance())
                .put("balance_after", after.balance())
                .put("plan_valid", check.valid())
                .put("emitted", emitted);
        return JsonLine.of(o);
    }

    private static void levels(ObjectNode level, long coreSwitch, long chassis, long host) {
        level.put("core_switch", coreSwitch).put("chassis", chassis).put("host", host);
    }

    private static void row(PrintStream out, String name, long before, long after) {
        out.printf(Locale.ROOT, "%-34s %,14d %,14d%n", name, before, after);
    }
}
