package io.sigmaflow.solver.rebalance.app;

import io.sigmaflow.cli.support.BootstrapConverter;
import io.sigmaflow.cli.support.DurationConverter;
import io.sigmaflow.cli.support.Problems;
import io.sigmaflow.cli.support.SigmaCli;
import io.sigmaflow.cli.support.TopicPrefix;
import io.sigmaflow.connectors.metrics.MetricsEndpoint;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The command line of {@code ./sigma rebalance}: picocli parses it, {@link #command} checks the
 * values (every problem named by its option, reported together) and loads the configuration.
 */
@Command(name = "rebalance",
        description = {"Rebalance the cluster: read the snapshot from sigma.node-state, solve, check the plan by"
            + " replaying it, print it with the scores before and after, and (unless --dry-run) emit it to"
            + " sigma.migrations in one transaction. The last line of each run is its JSON.",
            "Exit codes: 0 done (or stopped), 1 snapshot not read or plan not emitted, 2 bad arguments or"
            + " configuration, 3 a plan failed its check (not emitted)."},
        footer = "  ./sigma rebalance --bootstrap 127.0.0.1:9092 --dry-run --seconds 30 --max-moves 50")
final class RebalanceCli implements Callable<Integer> {
    private static final Duration MAX_PERIOD = Duration.ofDays(7);

    @Spec
    private CommandSpec spec;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", converter = BootstrapConverter.class,
            description = "Kafka bootstrap servers; required")
    private String bootstrap;

    @Option(names = "--once", description = "solve and emit one plan")
    private boolean once;

    @Option(names = "--every", paramLabel = "PERIOD", converter = DurationConverter.class,
            description = {"solve and emit a plan every PERIOD until stopped, at most 7 days", "(" + SigmaCli.DURATIONS + ")"})
    private Duration every;

    @Option(names = "--dry-run", description = "solve, print the plan and the scores; emit nothing")
    private boolean dryRun;

    @Option(names = "--seconds", paramLabel = "S", description = "solver time per run, 1 to 3600 (default: the configuration's)")
    private Integer seconds;

    @Option(names = "--max-moves", paramLabel = "N", description = "migrations per plan (default: the configuration's)")
    private Integer maxMoves;

    @Option(names = "--max-moves-per-app", paramLabel = "N", description = "migrations per app per plan (default: the configuration's)")
    private Integer maxMovesPerApp;

    @Mixin
    private TopicPrefix prefix;

    @Option(names = "--config", paramLabel = "FILE", description = "rebalancer settings (solver/dist/rebalancer.properties)")
    private Path config;

    @Option(names = "--metrics-port", paramLabel = "PORT", description = {"serve Prometheus metrics on"
            + " http://127.0.0.1:PORT/metrics while running (default 0: off)"})
    private int metricsPort;

    @Override
    public Integer call() {
        RebalanceCommand command = command(System.out, System.err);
        MetricsEndpoint endpoint = null;
        if (metricsPort > 0) {
            try {
                endpoint = MetricsEndpoint.start(MetricsEndpoint.DEFAULT_HOST, metricsPort, command.metrics()::render);
            } catch (IOException e) {
                System.err.println("rebalance: --metrics-port " + metricsPort + ": cannot listen on "
                        + MetricsEndpoint.DEFAULT_HOST + ":" + metricsPort + " (" + e.getMessage() + "); choose a free port");
                return 2;
            }
            System.err.println("rebalance: metrics on " + endpoint.url());
        }
        CountDownLatch finished = new CountDownLatch(1);
        // On SIGTERM: stop the solver and the schedule, then let the run in progress finish (it
        // writes nothing once stopping). Not a join on the main thread: System.exit after call()
        // runs this hook from the main thread, which would then wait on itself.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            command.requestStop();
            try {
                finished.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "rebalance-shutdown"));
        try {
            return command.run();
        } finally {
            finished.countDown();
            if (endpoint != null) {
                endpoint.close();
            }
        }
    }

    /** The checked arguments; a usage error naming every problem otherwise. */
    RebalanceArgs args() {
        Problems problems = new Problems();
        if (bootstrap == null) {
            problems.add("--bootstrap: required");
        }
        List<String> modes = new ArrayList<>();
        if (once) {
            modes.add("--once");
        }
        if (every != null) {
            modes.add("--every");
        }
        if (dryRun) {
            modes.add("--dry-run");
        }
        if (modes.isEmpty()) {
            problems.add("one of --once, --every PERIOD, --dry-run is required");
        } else if (modes.size() > 1) {
            problems.add(String.join(", ", modes) + ": choose one of --once, --every, --dry-run");
        }
        if (every != null && (every.isZero() || every.compareTo(MAX_PERIOD) > 0)) {
            problems.add("--every: " + every + " must be above 0 and at most 7 days");
        }
        if (seconds != null && (seconds < 1 || seconds > 3600)) {
            problems.add("--seconds: " + seconds + " must be between 1 and 3600");
        }
        if (maxMoves != null && maxMoves < 0) {
            problems.add("--max-moves: " + maxMoves + " must not be negative");
        }
        if (maxMovesPerApp != null && maxMovesPerApp < 0) {
            problems.add("--max-moves-per-app: " + maxMovesPerApp + " must not be negative");
        }
        if (metricsPort < 0 || metricsPort > 65_535) {
            problems.add("--metrics-port: " + metricsPort + " must be between 0 (off) and 65535");
        }
        if (config != null && (!Files.isRegularFile(config) || !Files.isReadable(config))) {
            problems.add("--config: '" + config + "' is not a readable file");
        }
        problems.throwIfAny(spec);
        RebalanceArgs.Mode mode = once ? RebalanceArgs.Mode.ONCE : dryRun ? RebalanceArgs.Mode.DRY_RUN : RebalanceArgs.Mode.EVERY;
        return new RebalanceArgs(bootstrap, mode, every, seconds == null ? null : Duration.ofSeconds(seconds), maxMoves,
                maxMovesPerApp, prefix.prefix(), config);
    }

    /** The command to run: checked arguments and the configuration they name. */
    RebalanceCommand command(PrintStream out, PrintStream err) {
        RebalanceArgs args = args();
        try {
            RebalanceConfig settings = args.config() == null ? RebalanceConfig.defaults() : RebalanceConfig.load(args.config());
            settings = settings.with(args.seconds(), args.maxMoves(), args.maxMovesPerApp());
            return new RebalanceCommand(args, settings, out, err);
        } catch (RebalanceConfig.ConfigException e) {
            Problems problems = new Problems().addAll(e.problems());
            problems.throwIfAny(spec);
            throw new IllegalStateException("unreachable");
        }
    }
}
