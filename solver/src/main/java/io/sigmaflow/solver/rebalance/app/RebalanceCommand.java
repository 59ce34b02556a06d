package io.sigmaflow.solver.rebalance.app;

import io.sigmaflow.cli.support.SigmaCli;
import io.sigmaflow.connectors.topics.Topics;
import io.sigmaflow.solver.rebalance.snapshot.ClusterSnapshot;
import io.sigmaflow.solver.rebalance.snapshot.SnapshotReader;
import java.io.PrintStream;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * {@code ./sigma rebalance --bootstrap HOST:PORT (--once | --every 10m | --dry-run) [--seconds S]
 * [--max-moves N] [--max-moves-per-app N] [--prefix P] [--config FILE]}: reads the cluster
 * snapshot from the node-state topic, solves, plans, checks the plan by replaying it, prints the
 * plan with the scores before and after, and (unless {@code --dry-run}) emits it to the
 * migrations topic in one transaction. {@code --every} repeats at a fixed rate until stopped; a run
 * that fails is reported and the next one runs on time. The last line of each run is its JSON.
 *
 * <p>Exit codes: 0 done (or stopped); 1 the snapshot could not be read or the plan not emitted
 * (--once, --dry-run); 2 bad arguments or configuration; 3 a plan failed its check (a bug: it was
 * not emitted).
 */
public final class RebalanceCommand {
    static final int LISTED_MOVES = 50;

    private final RebalanceArgs args;
    private final Rebalancer rebalancer;
    private final Topics topics;
    private final PrintStream out;
    private final PrintStream err;
    private final RebalanceMetrics metrics = new RebalanceMetrics();
    private final CountDownLatch stop = new CountDownLatch(1);
    private volatile boolean stopping;

    RebalanceCommand(RebalanceArgs args, RebalanceConfig config, PrintStream out, PrintStream err) {
        this.args = args;
        this.rebalancer = new Rebalancer(config, Clock.systemUTC());
        this.topics = Topics.of(args.prefix(), 0);
        this.out = out;
        this.err = err;
    }

    public static void main(String[] argv) {
        SigmaCli.main(new RebalanceCli(), argv);
    }

    /** The command for {@code argv}, or null after printing what is wrong with it (tests). */
    static RebalanceCommand parse(String[] argv, PrintStream out, PrintStream err) {
        RebalanceCli cli = new RebalanceCli();
        CommandLine cl = SigmaCli.commandLine(cli, out, err);
        try {
            cl.parseArgs(argv);
            return cli.command(out, err);
        } catch (ParameterException e) {
            try {
                cl.getParameterExceptionHandler().handleParseException(e, argv);
            } catch (Exception unexpected) {
                throw new IllegalStateException(unexpected);
            }
            return null;
        }
    }

    /** Runs once, or every period until {@link #requestStop}; returns the exit code. */
    int run() {
        if (args.mode() != RebalanceArgs.Mode.EVERY) {
            return runOnce();
        }
        long period = args.every().toNanos();
        long next = System.nanoTime();
        while (!stopping) {
            int code = runOnce();
            if (code == 3) {
                return code;
            }
            next += period;
            long wait = next - System.nanoTime();
            if (wait < 0) {
                err.printf("rebalance: the run took longer than --every %s; the next one starts now%n", args.every());
                next = System.nanoTime();
                continue;
            }
            try {
                if (stop.await(wait, TimeUnit.NANOSECONDS)) {
                    break;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return 0;
    }

    /** One run: 0 done, 1 Kafka or snapshot failure, 3 the plan failed its check. */
    int runOnce() {
        boolean dryRun = args.mode() == RebalanceArgs.Mode.DRY_RUN;
        // The budget (solver.seconds) counts from the snapshot read: the plan is ready when it is spent.
        long started = System.nanoTime();
        try (SnapshotReader reader = new SnapshotReader(args.bootstrap(), topics.nodeState(),
                rebalancer.config().snapshotTimeout())) {
            ClusterSnapshot snapshot = reader.read();
            RunReport report = rebalancer.run(snapshot, reader::changedSince, started, (score, at) -> {});
            report.print(out, LISTED_MOVES);
            if (!report.check().valid()) {
                metrics.solved(report, false);
                err.println("rebalance: the plan failed its check and was not emitted (see above)");
                out.println(report.json(mode(), false));
                return 3;
            }
            boolean emitted = false;
            if (!dryRun && report.emittable() && !stopping) {
                try (PlanEmitter emitter = new PlanEmitter(args.bootstrap(), topics.migrations(), args.prefix())) {
                    emitter.emit(report.records());
                    emitted = true;
                }
                err.printf("rebalance: emitted plan %s (%d migrations) to %s%n", report.planId(),
                        report.records().size(), topics.migrations().name());
            } else if (stopping && !dryRun) {
                err.println("rebalance: stopped before emitting; nothing was written");
            }
            metrics.solved(report, emitted);
            out.println(report.json(mode(), emitted));
            return 0;
        } catch (SnapshotReader.SnapshotException | KafkaException e) {
            metrics.failed();
            err.println("rebalance: " + e.getMessage());
            return 1;
        }
    }

    /** What the runs so far did, for {@code --metrics-port}. */
    RebalanceMetrics metrics() {
        return metrics;
    }

    /** Stops the solver now (its best plan is not emitted) and the schedule after the current run. */
    void requestStop() {
        stopping = true;
        stop.countDown();
        rebalancer.terminateEarly();
    }

    private String mode() {
        return switch (args.mode()) {
            case DRY_RUN -> "dry-run";
            case ONCE -> "once";
            case EVERY -> "every " + args.every();
        };
    }
}
