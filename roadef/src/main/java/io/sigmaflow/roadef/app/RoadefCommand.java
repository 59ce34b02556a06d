package io.sigmaflow.roadef.app;

import io.sigmaflow.roadef.io.RoadefFormatException;

/**
 * {@code ./sigma roadef --model <model.txt> --assignment <assignment.txt> --seconds S --out <solution.txt> [--seed N]}:
 * solves a ROADEF 2012 instance, writes the solution in the official format and prints, as its
 * last line, {@code {"instance", "seconds", "initial_cost", "cost", "feasible"}} with the cost
 * computed by the independent checker from the written file.
 *
 * <p>Exit codes: 0 solved; 2 bad arguments; 1 a malformed input file; 3 checker and solver disagree.
 */
public final class RoadefCommand {
    private RoadefCommand() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        RoadefArgs parsed;
        try {
            parsed = RoadefArgs.parse(args);
        } catch (UsageException e) {
            System.err.println("roadef: " + e.getMessage());
            System.err.println(RoadefArgs.USAGE);
            return 2;
        }
        try {
            RoadefSolve.Outcome outcome =
                    RoadefSolve.solve(parsed.model(), parsed.assignment(), parsed.time(), parsed.seed(), parsed.out());
            System.err.printf("roadef: %s score %s, %,d moves/s%n", outcome.instance(), outcome.score(),
                    outcome.moveEvaluationSpeed());
            System.out.println(outcome.json());
            return 0;
        } catch (RoadefFormatException e) {
            System.err.println("roadef: " + e.getMessage());
            return 1;
        } catch (RoadefSolve.ScoreMismatchException e) {
            System.err.println("roadef: " + e.getMessage());
            return 3;
        }
    }
}
