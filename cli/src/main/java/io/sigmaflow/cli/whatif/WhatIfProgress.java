package io.sigmaflow.cli.whatif;

import java.io.PrintStream;
import java.util.Locale;

/**
 * How far a what-if is, on stderr (stdout stays the report and its JSON line): requests answered
 * of those replayed, pods placed and pending (by each app's latest outcome), elapsed, and an
 * estimate of what is left from the rate so far. On a terminal one line, rewritten in place every
 * half second; otherwise (a log, a pipe) a plain line every 10 s.
 *
 * <p>The estimate takes the further of two fractions: requests answered, and pods placed of all the
 * pods the input's PUBLISH requests ask for. Outcomes are read late (an app is answered once its last
 * pod's result came back through the loop), so at 10,000 nodes the answered fraction alone said
 * "~700 s left" with every pod already placed; placed pods alone would mislead a trace with
 * deletions (pods come and go), where answered requests lead.
 */
final class WhatIfProgress {
    private static final long TTY_EVERY_NS = 500_000_000L;
    private static final long PLAIN_EVERY_NS = 10_000_000_000L;

    private final PrintStream err;
    private final boolean terminal;
    private final long requests;
    private final long publishedPods;
    private final long start = System.nanoTime();
    private long next;
    private boolean drew;

    WhatIfProgress(PrintStream err, boolean terminal, long requests) {
        this(err, terminal, requests, 0);
    }

    /** {@code publishedPods}: the replicas of every PUBLISH in the input (0: unknown, estimate from answers only). */
    WhatIfProgress(PrintStream err, boolean terminal, long requests, long publishedPods) {
        this.err = err;
        this.terminal = terminal;
        this.requests = requests;
        this.publishedPods = publishedPods;
        this.next = start + (terminal ? TTY_EVERY_NS : PLAIN_EVERY_NS);
    }

    /** Whether stderr is (very likely) a terminal: Java cannot ask about stderr alone, so stdin and stdout stand in. */
    static boolean stderrIsTerminal() {
        var console = System.console();
        if (console == null || System.getenv("TERM") == null || "dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        try {
            // Console.isTerminal (JDK 22+; the build targets an older release): a console on redirected streams is none.
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // before JDK 22 a console exists only on a terminal
        }
    }

    /** Shows the state if it is time to; cheap to call in a loop. */
    void update(long answered, long placed, long pending) {
        long now = System.nanoTime();
        if (now < next) {
            return;
        }
        next = now + (terminal ? TTY_EVERY_NS : PLAIN_EVERY_NS);
        String line = line(answered, placed, pending, (now - start) / 1e9);
        if (terminal) {
            err.print("\r" + line + "\u001b[K");
            drew = true;
        } else {
            err.println(line);
        }
        err.flush();
    }

    /** Ends the updating line so what follows starts on a line of its own. */
    void done() {
        if (drew) {
            err.println();
            err.flush();
        }
    }

    String line(long answered, long placed, long pending, double elapsed) {
        double done = Math.max(requests == 0 ? 0 : (double) answered / requests,
                publishedPods == 0 ? 0 : Math.min(1.0, (double) placed / publishedPods));
        String estimate = answered >= requests ? "all answered, settling"
                : done >= 1.0 ? "all pods placed, answers coming"
                : done == 0 ? "no answer read yet"
                : String.format(Locale.ROOT, "~%.0f s left", elapsed * (1 - done) / done);
        return String.format(Locale.ROOT, "whatif: %,d of %,d requests answered, %,d pods placed, %,d pending, %.0f s, %s",
                answered, requests, placed, pending, elapsed, estimate);
    }

    /** The replicas every PUBLISH of the input asks for. */
    static long publishedPods(java.util.List<io.sigmaflow.schema.PlacementRequest> requests) {
        return requests.stream().filter(r -> r.getType() == io.sigmaflow.schema.RequestType.PUBLISH && r.getReplicas() != null)
                .mapToLong(io.sigmaflow.schema.PlacementRequest::getReplicas).sum();
    }
}
