package io.sigmaflow.roadef.app;

import io.sigmaflow.cli.support.Problems;
import io.sigmaflow.cli.support.SigmaCli;
import io.sigmaflow.roadef.io.RoadefFormatException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./sigma roadef --model <model.txt> --assignment <assignment.txt> --seconds S --out <solution.txt> [--seed N] [--threads N] [--candidates N]}:
 * solves a ROADEF 2012 instance, writes the solution in the official format and prints, as its
 * last line, {@code {"instance", "seconds", "initial_cost", "cost", "feasible"}} with the cost
 * computed by the independent checker from the written file.
 *
 * <p>Exit codes: 0 solved; 2 bad arguments; 1 a malformed input file; 3 checker and solver disagree.
 */
@Command(name = "roadef",
        description = {"Solve a ROADEF 2012 machine reassignment instance and write the solution in the official format.",
            "Last line: JSON {instance, seconds, initial_cost, cost, feasible}, the cost checked from the written file.",
            "Exit codes: 0 solved, 1 malformed input file, 2 bad arguments, 3 checker and solver disagree."},
        footer = {"  ./sigma roadef --model roadef/data/roadef2012/A/model_a1_1.txt \\",
            "      --assignment roadef/data/roadef2012/A/assignment_a1_1.txt --seconds 10 --out /tmp/a1_1.txt"})
public final class RoadefCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--model", paramLabel = "FILE", description = "the instance (model_<name>.txt); required")
    private Path model;

    @Option(names = "--assignment", paramLabel = "FILE", description = "its initial assignment; required")
    private Path assignment;

    @Option(names = "--seconds", paramLabel = "S", description = "time limit in seconds, may have a fraction; required")
    private String seconds;

    @Option(names = "--out", paramLabel = "FILE", description = "where to write the solution; required")
    private Path out;

    @Option(names = "--seed", paramLabel = "N", description = "random seed (default: 0)")
    private Long seed;

    @Option(names = "--threads", paramLabel = "N", description = "searches side by side, one per thread (default: one per core);"
            + " a seed and a thread count give the same search on any machine, the time limit deciding how far it gets")
    private Integer threads;

    @Option(names = "--candidates", paramLabel = "N", description = "stop after N candidates per thread, the cooling"
            + " schedule fitted to them, unless --seconds comes first: the same result on any machine (default: the"
            + " schedule from --seconds, the search going on cold until then)")
    private Long candidates;

    public static void main(String[] args) {
        SigmaCli.main(new RoadefCommand(), args);
    }

    /** The command on the process's streams; returns its exit code (tests). */
    static int run(String[] args) {
        return SigmaCli.execute(new RoadefCommand(), System.out, System.err, args);
    }

    @Override
    public Integer call() {
        Problems problems = new Problems();
        RoadefArgs parsed = RoadefArgs.check(model, assignment, seconds, out, seed, threads, candidates, problems);
        problems.throwIfAny(spec);
        PrintStream err = System.err;
        try {
            RoadefSolve.Outcome outcome =
                    RoadefSolve.solve(parsed);
            err.printf("roadef: %s score %s, %,d moves/s%n", outcome.instance(), outcome.score(),
                    outcome.moveEvaluationSpeed());
            System.out.println(outcome.json());
            return 0;
        } catch (RoadefFormatException e) {
            err.println("roadef: " + e.getMessage());
            return 1;
        } catch (RoadefSolve.ScoreMismatchException e) {
            err.println("roadef: " + e.getMessage());
            return 3;
        }
    }
}
