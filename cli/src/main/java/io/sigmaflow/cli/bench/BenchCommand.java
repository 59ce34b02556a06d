package io.sigmaflow.cli.bench;

import io.sigmaflow.cli.bench.gpu.GpuTraceCommand;
import io.sigmaflow.cli.support.JsonLine;
import io.sigmaflow.cli.support.SigmaCli;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ./sigma bench placement ...} and {@code ./sigma bench recount --dir DIR}. Prints progress,
 * then a summary whose last line is one JSON object. Exit codes: 0 done, 1 the run could not be done
 * (with --cluster: no cluster, its job not RUNNING, nodes already on it; the reason on stderr), 2 bad command line,
 * 3 a violation (overcommit or avoidable co-location, or the recount found one).
 */
@Command(name = "bench", description = "Benchmark placement end to end (Kafka + Flink) or the decision core only.",
        subcommands = {BenchPlacementCommand.class, BenchCommand.Recount.class, GpuTraceCommand.class},
        footer = "  ./sigma bench placement --nodes 10000 --pods 200000 --core-only")
public final class BenchCommand implements Callable<Integer> {
    static final int USAGE_ERROR = SigmaCli.USAGE_ERROR;
    static final int VIOLATION = 3;
    static final int FAILED = SigmaCli.FAILED;

    @Spec
    private CommandSpec spec;

    final PrintStream out;

    public BenchCommand() {
        this(System.out);
    }

    BenchCommand(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        SigmaCli.main(new BenchCommand(), args);
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        return SigmaCli.execute(new BenchCommand(out), out, err, args.toArray(String[]::new));
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing subcommand (placement, recount or gpu-trace)");
    }

    /** {@code bench recount --dir DIR}: recounts a run's CSVs independently of the run. */
    @Command(name = "recount",
            description = "Recount overcommit and avoidable co-locations from a run's nodes.csv and placements.csv; one JSON line.",
            footer = "  ./sigma bench recount --dir target/bench-run")
    static final class Recount implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @ParentCommand
        private BenchCommand parent;

        @Option(names = "--dir", paramLabel = "DIR", required = true,
                description = "the --out directory of a bench placement run")
        private Path dir;

        @Override
        public Integer call() throws Exception {
            List<NodeRow> nodes;
            List<PlacementRow> placements;
            try {
                nodes = BenchCsv.readNodes(dir);
                placements = BenchCsv.readPlacements(dir);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--dir: " + e.getMessage());
            }
            RecountChecker.Recount r = RecountChecker.check(nodes, placements);
            parent.out.println(JsonLine.of(JsonLine.object()
                    .put("nodes", nodes.size())
                    .put("placements", r.placements())
                    .put("overcommitted_nodes", r.overcommittedNodes())
                    .put("avoidable_colocations", r.avoidableColocations())
                    .put("unknown_nodes", r.unknownNodes())
                    .put("duplicate_pods", r.duplicatePods())));
            return r.clean() ? 0 : VIOLATION;
        }
    }
}
