package io.sigmaflow.client;

import io.sigmaflow.schema.OutcomeStatus;
import io.sigmaflow.schema.RequestType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One request handed to {@link SigmaClient}: its id at once, the job's outcomes as they come, and a
 * future of the final one. Listeners run on the client's outcome thread: keep them short.
 */
public final class Submission {
    private final String requestId;
    private final String app;
    private final RequestType type;
    private final CompletableFuture<Void> sent = new CompletableFuture<>();
    private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    private final List<Outcome> seen = new ArrayList<>();
    private final List<Consumer<Outcome>> listeners = new ArrayList<>();

    Submission(String requestId, String app, RequestType type) {
        this.requestId = requestId;
        this.app = app;
        this.type = type;
    }

    public String requestId() {
        return requestId;
    }

    public String app() {
        return app;
    }

    public RequestType type() {
        return type;
    }

    /** Completes when Kafka has the request; fails with a {@link SigmaClientException} when it did not take it. */
    public CompletableFuture<Void> sent() {
        return sent;
    }

    /**
     * The job's final outcome: PLACED, COMPLETED, PARTIALLY_PLACED, PENDING, REJECTED or DUPLICATE.
     * Fails with a {@link SigmaClientException} when the request could not be sent or the client closed.
     */
    public CompletableFuture<Outcome> outcome() {
        return outcome;
    }

    /**
     * Calls {@code listener} with every outcome of this request: those seen so far at once, then each
     * new one (ACCEPTED, then the final one).
     */
    public synchronized Submission onOutcome(Consumer<Outcome> listener) {
        seen.forEach(listener);
        listeners.add(listener);
        return this;
    }

    /** The outcomes seen so far, oldest first. */
    public synchronized List<Outcome> outcomes() {
        return List.copyOf(seen);
    }

    /**
     * Waits at most {@code timeout} for the final outcome.
     *
     * @throws OutcomeTimeoutException when there is none in time (the request may still be applied)
     * @throws SigmaClientException when it could not be sent or the client closed
     */
    public Outcome await(Duration timeout) throws InterruptedException {
        try {
            return outcome.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            List<Outcome> so = outcomes();
            throw new OutcomeTimeoutException(requestId, timeout, so.isEmpty() ? null : so.get(so.size() - 1));
        } catch (ExecutionException e) {
            throw e.getCause() instanceof SigmaClientException s ? s
                    : new SigmaClientException("request " + requestId + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    /**
     * One outcome of this request from the topic. A DUPLICATE ends the wait only when this client saw
     * nothing else of the request: after an ACCEPTED, it is the answer to a resend while the first
     * send is still being placed, and the first send's final outcome follows.
     */
    synchronized void offer(Outcome o) {
        if (outcome.isDone()) {
            return;
        }
        boolean inFlight = seen.stream().anyMatch(s -> s.status() == OutcomeStatus.ACCEPTED);
        seen.add(o);
        listeners.forEach(l -> l.accept(o));
        if (o.isFinal() && !(o.status() == OutcomeStatus.DUPLICATE && inFlight)) {
            outcome.complete(o);
        }
    }

    void markSent() {
        sent.complete(null);
    }

    void fail(SigmaClientException e) {
        sent.completeExceptionally(e);
        outcome.completeExceptionally(e);
    }
}
