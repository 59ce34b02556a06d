package io.sigmaflow.roadef.app;

import ai.timefold.solver.core.api.score.HardSoftScore;
import io.sigmaflow.cli.support.JsonLine;
import io.sigmaflow.solver.core.RunLimits;
import io.sigmaflow.solver.core.RunResult;
import io.sigmaflow.solver.core.SolverRunner;
import io.sigmaflow.roadef.check.CostChecker;
import io.sigmaflow.roadef.check.CostReport;
import io.sigmaflow.roadef.domain.MachineReassignment;
import io.sigmaflow.roadef.io.AssignmentFile;
import io.sigmaflow.roadef.io.Instance;
import io.sigmaflow.roadef.io.InstanceReader;
import io.sigmaflow.roadef.search.RoadefSearchPhase;
import io.sigmaflow.roadef.solver.RoadefSolverConfig;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Solves one ROADEF instance from files to a solution file, and verifies the result with the
 * independent checker on the files as written.
 */
public final class RoadefSolve {
    private RoadefSolve() {}

    /**
     * One solved instance.
     *
     * @param initialCost official cost of the initial assignment (checker)
     * @param cost        official cost of the written solution (checker, re-read from the file)
     * @param score       Timefold's score of the best solution; its soft part is minus {@code cost}
     */
    public record Outcome(String instance, double seconds, long initialCost, long cost, boolean feasible,
            HardSoftScore score, long moveEvaluationSpeed) {

        /** The command's last line. */
        public String json() {
            return JsonLine.of(JsonLine.object()
                    .put("instance", instance)
                    .put("seconds", JsonLine.round(seconds, 1))
                    .put("initial_cost", initialCost)
                    .put("cost", cost)
                    .put("feasible", feasible));
        }
    }

    /** Thrown when the checker and Timefold disagree on the written solution: a bug, never hidden. */
    public static final class ScoreMismatchException extends IllegalStateException {
        ScoreMismatchException(String message) {
            super(message);
        }
    }

    static Outcome solve(RoadefArgs args) {
        return solve(args.model(), args.assignment(), args.time(), args.seed(), args.threads(), args.candidates(),
                args.out());
    }

    /** @param candidates per thread, where the search stops; 0 for a schedule from {@code time} (see {@link RoadefSearchPhase.Settings}) */
    public static Outcome solve(Path model, Path assignment, Duration time, Long seed, int threads, long candidates,
            Path out) {
        Instance instance = InstanceReader.read(model);
        int[] initial = AssignmentFile.read(assignment, instance);
        CostReport initialReport = CostChecker.check(instance, initial, initial);

        RoadefSearchPhase search = new RoadefSearchPhase(RoadefSearchPhase.Settings.defaults(seed == null ? 0 : seed, threads, time).withCandidates(candidates));
        SolverRunner<MachineReassignment, HardSoftScore> runner = new SolverRunner<>(RoadefSolverConfig.create(search));
        RunLimits limits = RunLimits.of(time);
        if (seed != null) {
            limits = limits.withSeed(seed);
        }
        long[] lastReport = {0};
        RunResult<MachineReassignment, HardSoftScore> result =
                runner.solve(MachineReassignment.of(instance, initial, initial), limits, (best, spent) -> {
                    // A progress line at most every 10 s: enough to see a long run converge.
                    if (spent.toMillis() - lastReport[0] >= 10_000) {
                        lastReport[0] = spent.toMillis();
                        System.err.printf("roadef: %s at %ds: cost %,d%s%n", instance.name(), spent.toSeconds(),
                                -best.softScore(), best.isFeasible() ? "" : " (infeasible)");
                    }
                });

        AssignmentFile.write(out, result.best().toAssignment());
        int[] written = AssignmentFile.read(out, instance);
        CostReport report = CostChecker.check(instance, initial, written);
        HardSoftScore score = result.bestScore();
        if (report.total() != -score.softScore() || report.feasible() != score.isFeasible()) {
            throw new ScoreMismatchException("checker and solver disagree on " + out + ": checker cost "
                    + report.total() + " feasible " + report.feasible() + ", Timefold score " + score
                    + "; violations " + report.examples());
        }
        return new Outcome(instance.name(), result.spent().toMillis() / 1000.0, initialReport.total(),
                report.total(), report.feasible(), score,
                (result.moveEvaluations() + search.evaluations()) * 1000 / Math.max(1, result.spent().toMillis()));
    }
}
