package io.sigmaflow.cli.app;

import io.sigmaflow.client.Outcome;
import io.sigmaflow.client.OutcomeTimeoutException;
import io.sigmaflow.client.Submission;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for a request's final outcome and, once the wait passes a second, says on stderr what it
 * waits for: one line then, one per new outcome, and one every 5 s, so a script's stdout stays the
 * result alone.
 */
final class ProgressLine {
    private static final Duration FIRST = Duration.ofSeconds(1);
    private static final Duration EVERY = Duration.ofSeconds(5);

    private final PrintWriter err;
    private final String command;
    private final Submission submission;

    ProgressLine(PrintWriter err, String command, Submission submission) {
        this.err = err;
        this.command = command;
        this.submission = submission;
    }

    Outcome await(Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        long nextLine = start + FIRST.toNanos();
        int told = 0;
        while (true) {
            long now = System.nanoTime();
            long until = Math.min(deadline, nextLine);
            try {
                return submission.outcome().get(Math.max(1, until - now), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                now = System.nanoTime();
                if (now >= deadline) {
                    List<Outcome> seen = submission.outcomes();
                    throw new OutcomeTimeoutException(submission.requestId(), timeout, seen.isEmpty() ? null : seen.get(seen.size() - 1));
                }
                List<Outcome> seen = submission.outcomes();
                if (now >= nextLine || seen.size() > told) {
                    err.println(line(seen, Duration.ofNanos(now - start)));
                    err.flush();
                    told = seen.size();
                    nextLine = now + EVERY.toNanos();
                }
            } catch (java.util.concurrent.ExecutionException e) {
                // Submission.await turns the cause into the client's exception
                return submission.await(Duration.ZERO);
            }
        }
    }

    private String line(List<Outcome> seen, Duration waited) {
        String state = seen.isEmpty() ? "sent, no answer from the job yet"
                : seen.get(seen.size() - 1).status() + ", " + seen.get(seen.size() - 1).placed() + " of "
                        + seen.get(seen.size() - 1).desired() + " placed";
        return command + ": waiting for " + submission.type().name().toLowerCase(java.util.Locale.ROOT) + " of "
                + submission.app() + " (request " + submission.requestId() + "): " + state + ", " + waited.toSeconds() + " s";
    }
}
