package io.sigmaflow.jobs.testing;

import io.sigmaflow.schema.OutcomeStatus;
import io.sigmaflow.schema.RequestOutcome;
import java.util.List;

/** Reading {@code sigma.outcomes} in job tests. */
public final class Outcomes {
    private Outcomes() {
    }

    /** The last outcome past ACCEPTED of {@code requestId} in {@code outcomes} (topic order), or null. */
    public static RequestOutcome settled(List<RequestOutcome> outcomes, String requestId) {
        RequestOutcome last = null;
        for (RequestOutcome o : outcomes) {
            if (o.getRequestId().equals(requestId) && o.getStatus() != OutcomeStatus.ACCEPTED) {
                last = o;
            }
        }
        return last;
    }
}
