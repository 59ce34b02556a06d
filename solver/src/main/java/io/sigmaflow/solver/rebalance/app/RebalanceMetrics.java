package io.sigmaflow.solver.rebalance.app;

import io.sigmaflow.connectors.metrics.PrometheusText;
import java.util.Map;

/**
 * The rebalancer's Prometheus metrics, taken from each run's {@link RunReport} (the numbers it
 * prints: plan size, the solver's time) and the run's outcome. Thread-safe: runs write, scrapes read.
 */
final class RebalanceMetrics {
    /** How a run ended; the label values of {@code sigmaflow_rebalance_runs_total}. */
    enum Outcome { PLANNED, FAILED, CHECK_FAILED }

    private final long[] runs = new long[Outcome.values().length];
    private long emitted;
    private long migrationsPlanned;
    private long solves;
    private double solveSeconds;
    private int lastMigrations;
    private int lastDropped;
    private int lastWaves;
    private double lastSolveSeconds;

    /** A run that solved: its plan (emitted or not) and the solver's time. */
    synchronized void solved(RunReport report, boolean planEmitted) {
        runs[(report.check().valid() ? Outcome.PLANNED : Outcome.CHECK_FAILED).ordinal()]++;
        lastMigrations = report.records().size();
        lastDropped = report.plan().dropped().size();
        lastWaves = report.plan().waves().size();
        lastSolveSeconds = report.result().spent().toNanos() / 1e9;
        solves++;
        solveSeconds += lastSolveSeconds;
        migrationsPlanned += lastMigrations;
        if (planEmitted) {
            emitted++;
        }
    }

    /** A run that could not read the snapshot or emit its plan. */
    synchronized void failed() {
        runs[Outcome.FAILED.ordinal()]++;
    }

    synchronized void render(PrometheusText out) {
        out.family("sigmaflow_rebalance_runs_total", "Rebalance runs since start, by outcome (planned; failed: snapshot"
                + " not read or plan not emitted; check_failed: the plan failed its replay check).", "counter");
        for (Outcome o : Outcome.values()) {
            out.sample("sigmaflow_rebalance_runs_total", Map.of("outcome", o.name().toLowerCase(java.util.Locale.ROOT)),
                    runs[o.ordinal()]);
        }
        out.counter("sigmaflow_rebalance_plans_emitted_total", "Plans written to the migrations topic.", emitted);
        out.counter("sigmaflow_rebalance_migrations_planned_total", "Migrations in all plans, emitted or not.", migrationsPlanned);
        out.gauge("sigmaflow_rebalance_last_plan_migrations", "Migrations in the last run's plan.", lastMigrations);
        out.gauge("sigmaflow_rebalance_last_plan_waves", "Waves of the last run's plan.", lastWaves);
        out.gauge("sigmaflow_rebalance_last_plan_dropped", "Moves of the last solution the plan dropped.", lastDropped);
        out.gauge("sigmaflow_rebalance_last_solve_seconds", "Time the solver ran in the last run.", lastSolveSeconds);
        out.summary("sigmaflow_rebalance_solve_seconds", "Time the solver ran, per run.", solves, solveSeconds);
    }
}
