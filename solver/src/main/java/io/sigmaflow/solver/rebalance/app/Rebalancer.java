package io.sigmaflow.solver.rebalance.app;

import ai.timefold.solver.core.api.score.HardSoftScore;
import io.sigmaflow.placement.framework.FilterChain;
import io.sigmaflow.schema.Migration;
import io.sigmaflow.solver.core.RunLimits;
import io.sigmaflow.solver.core.RunResult;
import io.sigmaflow.solver.core.SolverRunner;
import io.sigmaflow.solver.rebalance.domain.NodeEligibility;
import io.sigmaflow.solver.rebalance.domain.RebalanceProblem;
import io.sigmaflow.solver.rebalance.domain.RebalanceSolution;
import io.sigmaflow.solver.rebalance.plan.MigrationPlan;
import io.sigmaflow.solver.rebalance.plan.MigrationPlanner;
import io.sigmaflow.solver.rebalance.plan.PlanChecker;
import io.sigmaflow.solver.rebalance.plan.PlanLimits;
import io.sigmaflow.solver.rebalance.score.ClusterMetrics;
import io.sigmaflow.solver.rebalance.snapshot.ClusterSnapshot;
import io.sigmaflow.solver.rebalance.solver.RebalanceSolverConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One rebalancing run on a snapshot, without Kafka: build the problem, solve within the time
 * limit from the current assignment, drop what went stale meanwhile, plan in waves, check the plan
 * by replaying its records, score the end state. The caller emits the records only when the check
 * passed ({@link RunReport#emittable()}). A run cut short (time limit, {@link #terminateEarly})
 * still plans from the best solution so far, which is never worse than not moving.
 *
 * <p>Repair: when the plan has to drop moves that wait on a cycle of full nodes (no budget left
 * for a detour) or do not fit in its waves, the moves it kept are pinned at their targets, the
 * dropped pods are pinned home, and the solver runs again from its best solution for a twentieth
 * of the solve time, so the budget the dropped moves held goes to other moves. A swap is often
 * the solver's favourite use of a budget, so a round may find another cycle; each round pins more
 * pods, at most {@value #REPAIR_ROUNDS} rounds, each only while the budget has room for it.
 *
 * <p>Budget: {@code solver.seconds} is the whole run, from the snapshot read to the checked plan
 * ({@link RunBudget}); the search gets what the set-up and the work after it leave.
 */
public final class Rebalancer {
    static final int REPAIR_ROUNDS = 4;
    private static final DateTimeFormatter PLAN_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final RebalanceConfig config;
    private final SolverRunner<RebalanceSolution, HardSoftScore> runner = new SolverRunner<>(RebalanceSolverConfig.create());
    private final FilterChain filters;
    private final Clock clock;

    public Rebalancer(RebalanceConfig config, Clock clock) {
        this.config = config;
        this.filters = NodeEligibility.chain(config.filters());
        this.clock = clock;
    }

    public RebalanceConfig config() {
        return config;
    }

    /**
     * @param changedSince after solving, the ids of nodes that changed since the snapshot (their
     *                     moves are dropped); {@code s -> Set.of()} when nothing can change
     */
    public RunReport run(ClusterSnapshot snapshot, Function<ClusterSnapshot, Set<String>> changedSince) {
        return run(snapshot, changedSince, System.nanoTime(), (score, spent) -> {});
    }

    /**
     * One run whose budget ({@code solver.seconds}) counts from {@code startedNanos} ({@link
     * System#nanoTime()} when the snapshot began to be read), not from the solver's start: the
     * search stops early enough that the checked plan is ready when the budget is spent (see
     * {@link RunBudget}).
     *
     * @param onNewBest each new best score of the search and the time since the budget started
     */
    public RunReport run(ClusterSnapshot snapshot, Function<ClusterSnapshot, Set<String>> changedSince,
            long startedNanos, BiConsumer<HardSoftScore, Duration> onNewBest) {
        RunBudget budget = new RunBudget(startedNanos, config.solveTime());
        long setUp = System.nanoTime();
        NodeEligibility eligibility = NodeEligibility.of(config.filters(), snapshot.nodes());
        RebalanceSolution problem = build(snapshot, eligibility);
        RunLimits limits = RunLimits.of(budget.search(System.nanoTime() - setUp, problem.getAssignments().size()));
        if (config.seed() != null) {
            limits = limits.withSeed(config.seed());
        }
        RunResult<RebalanceSolution, HardSoftScore> result;
        if (problem.getAssignments().isEmpty()) {
            HardSoftScore score = runner.score(problem);
            result = new RunResult<>(problem, score, score, Duration.ZERO, 0);
        } else {
            long solveStart = System.nanoTime();
            result = runner.solve(problem, limits, (score, spent) ->
                    onNewBest.accept(score, Duration.ofNanos(solveStart - startedNanos).plus(spent)));
        }
        Set<String> stale = changedSince.apply(snapshot);
        MigrationPlan plan = MigrationPlanner.plan(result.best(), stale);
        for (int round = 0; round < REPAIR_ROUNDS && repairable(plan); round++) {
            Duration time = budget.repair(config.solveTime().dividedBy(20));
            if (time == null) {
                break;
            }
            result = repair(result, plan, new RunLimits(time, limits.seed(), null));
            plan = MigrationPlanner.plan(result.best(), stale);
        }
        Instant now = clock.instant();
        String planId = "rebalance-" + PLAN_TIME.format(now) + "-"
                + String.format("%08x", ThreadLocalRandom.current().nextInt());
        List<Migration> records = plan.toRecords(planId, now.toEpochMilli());
        PlanChecker.Result check = PlanChecker.check(snapshot, records, limits(), filters);
        HardSoftScore planned;
        if (check.valid() && plan.dropped().isEmpty() && records.size() == result.best().movedCount()) {
            // The plan is the best solution, every move of it: its end state is that solution.
            planned = result.bestScore();
        } else {
            RebalanceSolution end = build(snapshot, eligibility);
            RebalanceProblem.moveTo(end, check.finalNodes());
            planned = runner.score(end);
        }
        return new RunReport(planId, snapshot, problem.getApps().size(), pinned(problem), result, planned, stale, plan,
                records, check, ClusterMetrics.of(snapshot.nodes()), ClusterMetrics.of(check.finalNodes()));
    }

    private static boolean repairable(MigrationPlan plan) {
        return plan.dropped().stream().anyMatch(d -> d.why().repairable());
    }

    /**
     * Pins the planned moves at their targets and the dropped pods home, and solves again briefly
     * from the best solution.
     */
    private RunResult<RebalanceSolution, HardSoftScore> repair(RunResult<RebalanceSolution, HardSoftScore> solved,
            MigrationPlan plan, RunLimits brief) {
        Set<String> dropped = new java.util.HashSet<>();
        plan.dropped().forEach(d -> dropped.add(d.podId()));
        RebalanceSolution best = solved.best();
        for (var a : best.getAssignments()) {
            if (dropped.contains(a.getPodId())) {
                a.pinAtOriginal();
            } else if (a.isMoved()) {
                a.pin();
            }
        }
        RunResult<RebalanceSolution, HardSoftScore> again = runner.solve(best, brief);
        return new RunResult<>(again.best(), solved.initialScore(), again.bestScore(), solved.spent().plus(again.spent()),
                solved.moveEvaluations() + again.moveEvaluations());
    }

    /** Stops the solver of the run in progress (or the next one); the run still plans from its best solution. */
    public void terminateEarly() {
        runner.terminateEarly();
    }

    /** What the plan checker holds a plan to: this configuration's budgets, waves and max-unavailable. */
    public PlanLimits limits() {
        return new PlanLimits(config.settings().maxMoves(), config.settings().maxMovesPerApp(),
                config.settings().maxWaves(), config::maxUnavailable);
    }

    private RebalanceSolution build(ClusterSnapshot snapshot, NodeEligibility eligibility) {
        return RebalanceProblem.build(snapshot, eligibility, config.settings(), config::maxUnavailable,
                config.weights().overrides());
    }

    private static int pinned(RebalanceSolution solution) {
        return (int) solution.getAssignments().stream().filter(a -> a.isPinned()).count();
    }
}
