package io.sigmaflow.client;

import java.time.Duration;

/**
 * No final outcome within the wait. The request was sent and may still be applied: wait again
 * ({@link Submission#await}), or resend it with the same request id.
 */
public final class OutcomeTimeoutException extends SigmaClientException {
    private final transient Outcome last;

    public OutcomeTimeoutException(String requestId, Duration waited, Outcome last) {
        super("no final outcome for request " + requestId + " within " + waited.toMillis() + " ms"
                + (last == null ? " (nothing from the job: is the placement job running?)" : " (last: " + last.status() + ")"));
        this.last = last;
    }

    /** The last intermediate outcome (ACCEPTED), or null when the job said nothing yet. */
    public Outcome last() {
        return last;
    }
}
