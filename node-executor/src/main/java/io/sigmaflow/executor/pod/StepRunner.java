package io.sigmaflow.executor.pod;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each apply step on one worker thread under a deadline. A step registers how to undo
 * what it has done so far (kill the process it started, remove the cgroup it created); when it
 * fails or runs past the deadline, the worker is interrupted and the undo actions run in
 * reverse order, so a cancelled step leaves no process, cgroup or thread behind.
 */
public final class StepRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StepRunner.class);
    private static final long IDLE_WAIT_MS = 5_000;

    /** One step; it adds to {@code undo} as it goes. */
    @FunctionalInterface
    public interface Step<T> {
        T run(Undo undo) throws Exception;
    }

    /** The undo log of one step. */
    public static final class Undo {
        private final Deque<Runnable> actions = new ArrayDeque<>();
        private final List<String> names = new ArrayList<>();

        public synchronized void add(String what, Runnable action) {
            actions.push(action);
            names.add(what);
        }

        synchronized List<String> runAll() {
            List<String> done = new ArrayList<>(names);
            while (!actions.isEmpty()) {
                try {
                    actions.pop().run();
                } catch (RuntimeException e) {
                    LOG.warn("undo action failed: {}", e.toString());
                }
            }
            names.clear();
            return done;
        }
    }

    /** A step that failed or timed out; what it undid is in the message. */
    public static final class StepFailedException extends Exception {
        private final boolean timedOut;

        StepFailedException(String message, Throwable cause, boolean timedOut) {
            super(message, cause);
            this.timedOut = timedOut;
        }

        public boolean timedOut() {
            return timedOut;
        }
    }

    private final String threadName;
    private final Duration timeout;
    private ExecutorService worker;

    public StepRunner(String threadName, Duration timeout) {
        this.threadName = threadName;
        this.timeout = timeout;
        this.worker = newWorker();
    }

    public Duration timeout() {
        return timeout;
    }

    /** Runs {@code step}; on failure or timeout, undoes it and throws. Runs on the caller's behalf only. */
    public synchronized <T> T run(String what, Step<T> step) throws StepFailedException, InterruptedException {
        Undo undo = new Undo();
        Future<T> future = worker.submit(() -> step.run(undo));
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            awaitIdle();
            List<String> undone = undo.runAll();
            throw new StepFailedException(what + " timed out after " + timeout.toMillis() + " ms"
                    + (undone.isEmpty() ? "" : "; undone: " + String.join(", ", undone)), e, true);
        } catch (ExecutionException e) {
            undo.runAll();
            Throwable cause = e.getCause();
            throw new StepFailedException(cause.getMessage() == null ? what + " failed: " + cause : cause.getMessage(), cause, false);
        } catch (CancellationException e) {
            undo.runAll();
            throw new StepFailedException(what + " was cancelled", e, false);
        } catch (InterruptedException e) {
            future.cancel(true);
            awaitIdle();
            undo.runAll();
            throw e;
        }
    }

    /** Waits until the interrupted step has returned; replaces a worker stuck beyond that. */
    private void awaitIdle() {
        try {
            worker.submit(() -> { }).get(IDLE_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            LOG.error("apply step thread did not stop within {} ms after cancellation; abandoning it", IDLE_WAIT_MS);
            worker.shutdownNow();
            worker = newWorker();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public synchronized void close() {
        worker.shutdownNow();
        try {
            if (!worker.awaitTermination(IDLE_WAIT_MS, TimeUnit.MILLISECONDS)) {
                LOG.error("apply step thread still running at close");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
