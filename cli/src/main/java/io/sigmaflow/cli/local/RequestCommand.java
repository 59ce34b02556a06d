package io.sigmaflow.cli.local;

import io.sigmaflow.connectors.topics.Topics;
import io.sigmaflow.connectors.view.ClusterReport;
import io.sigmaflow.schema.OutcomeStatus;
import io.sigmaflow.schema.PlacementRequest;
import io.sigmaflow.schema.RequestOutcome;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code ./sigma request TYPE --app APP ...}: what a release system does, from a shell. Sends one
 * request to {@code sigma.requests} and prints the job's outcomes for it (ACCEPTED, then PLACED,
 * COMPLETED, PARTIALLY_PLACED or PENDING with reasons, or REJECTED with the reason) until a final
 * one or {@code --wait} seconds. Exit 0 when the job settled the request (placed or completed), 3
 * when it left pods or slots pending, 1 when it rejected it or did not answer, 2 for bad arguments.
 */
public final class RequestCommand {
    private static final Set<OutcomeStatus> FINAL = Set.of(OutcomeStatus.PLACED, OutcomeStatus.COMPLETED,
            OutcomeStatus.PARTIALLY_PLACED, OutcomeStatus.PENDING, OutcomeStatus.REJECTED, OutcomeStatus.DUPLICATE);

    private RequestCommand() {}

    public static void main(String[] args) throws InterruptedException {
        System.exit(run(args, System.out, System.err));
    }

    /** The command; returns its exit status. */
    static int run(String[] args, PrintStream out, PrintStream err) throws InterruptedException {
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
            out.println(RequestArgs.USAGE);
            return 0;
        }
        RequestArgs parsed;
        try {
            parsed = RequestArgs.parse(args);
        } catch (RequestArgs.Invalid e) {
            err.println("request: invalid arguments:");
            e.getMessage().lines().forEach(p -> err.println("  " + p));
            err.println(RequestArgs.USAGE);
            return 2;
        }
        PlacementRequest request = parsed.request();
        try (StackClient kafka = new StackClient(parsed.bootstrap(), Topics.of(parsed.prefix(), 0), Duration.ofSeconds(10))) {
            kafka.send(kafka.topics().requests(), List.of(request));
            out.println("sent " + request.getType() + " " + request.getRequestId() + " for app " + request.getAppId());
            RequestOutcome last = await(kafka, request.getRequestId(), Duration.ofSeconds(parsed.waitSeconds()), out);
            if (last == null || !FINAL.contains(last.getStatus())) {
                err.println("request: no final outcome for " + request.getRequestId() + " within "
                        + parsed.waitSeconds() + " s (is the placement job running? ./sigma up)");
                return 1;
            }
            return switch (last.getStatus()) {
                case PLACED, COMPLETED, DUPLICATE -> 0;
                case PARTIALLY_PLACED, PENDING -> 3;
                default -> 1;
            };
        } catch (IllegalStateException e) {
            err.println("request: " + e.getMessage());
            return 1;
        }
    }

    /** Prints each new outcome of {@code requestId} as it appears; returns the last one (null: none). */
    private static RequestOutcome await(StackClient kafka, String requestId, Duration timeout, PrintStream out)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<RequestOutcome> printed = new ArrayList<>();
        while (true) {
            List<RequestOutcome> mine = new ArrayList<>();
            for (RequestOutcome o : kafka.readToEnd(kafka.topics().outcomes())) {
                if (o.getRequestId().equals(requestId)) {
                    mine.add(o);
                }
            }
            if (mine.size() > printed.size()) {
                List<RequestOutcome> fresh = mine.subList(printed.size(), mine.size());
                String table = ClusterReport.outcomes(fresh);
                // The heading once: later outcomes are more rows of the same table.
                out.print(printed.isEmpty() ? table : table.substring(table.indexOf('\n', table.indexOf('\n') + 1) + 1));
                printed.addAll(fresh);
            }
            RequestOutcome last = printed.isEmpty() ? null : printed.get(printed.size() - 1);
            if ((last != null && FINAL.contains(last.getStatus())) || System.nanoTime() > deadline) {
                return last;
            }
            Thread.sleep(300);
        }
    }
}
