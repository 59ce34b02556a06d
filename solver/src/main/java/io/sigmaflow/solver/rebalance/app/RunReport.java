package io.sigmaflow.solver.rebalance.app;

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
        return String.format(Locale.ROOT, "{\"mode\":\"%s\",\"plan_id\":\"%s\",\"nodes\":%d,\"pods\":%d,\"apps\":%d,"
                        + "\"seconds\":%.1f,\"moves_per_s\":%d,\"initial_score\":\"%s\",\"best_score\":\"%s\","
                        + "\"planned_score\":\"%s\",\"migrations\":%d,\"waves\":%d,\"dropped\":%d,\"stale_nodes\":%d,"
                        + "\"colocation_before\":%s,\"colocation_after\":%s,\"pairs_before\":%s,\"pairs_after\":%s,"
                        + "\"balance_before\":%d,\"balance_after\":%d,\"plan_valid\":%b,\"emitted\":%b}",
                mode, planId, before.nodes(), before.pods(), apps, result.spent().toMillis() / 1000.0,
                result.moveEvaluationSpeed(), result.initialScore(), result.bestScore(), planned, records.size(),
                plan.waves().size(), plan.dropped().size(), stale.size(),
                levels(before.coreSwitch().colocation(), before.chassis().colocation(), before.host().colocation()),
                levels(after.coreSwitch().colocation(), after.chassis().colocation(), after.host().colocation()),
                levels(before.coreSwitch().pairs(), before.chassis().pairs(), before.host().pairs()),
                levels(after.coreSwitch().pairs(), after.chassis().pairs(), after.host().pairs()),
                before.balance(), after.balance(), check.valid(), emitted);
    }

    private static String levels(long coreSwitch, long chassis, long host) {
        return String.format(Locale.ROOT, "{\"core_switch\":%d,\"chassis\":%d,\"host\":%d}", coreSwitch, chassis, host);
    }

    private static void row(PrintStream out, String name, long before, long after) {
        out.printf(Locale.ROOT, "%-34s %,14d %,14d%n", name, before, after);
    }
}
