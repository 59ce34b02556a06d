package io.sigmaflow.jobs.testing;

import io.sigmaflow.connectors.view.LatestOutcomes;
import io.sigmaflow.schema.OutcomeStatus;
import io.sigmaflow.schema.RequestOutcome;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reading {@code sigma.outcomes} in job tests. */
public final class Outcomes {
    private Outcomes() {
    }

    /**
     * The answer to {@code requestId} in {@code outcomes} (topic order): its latest outcome by
     * {@link LatestOutcomes}' rule when that is past ACCEPTED, else null (not answered yet).
     */
    public static RequestOutcome settled(List<RequestOutcome> outcomes, String requestId) {
        RequestOutcome latest = LatestOutcomes.byRequest(outcomes).get(requestId);
        return latest == null || latest.getStatus() == OutcomeStatus.ACCEPTED ? null : latest;
    }

    /**
     * Records of {@code outcomes} (topic order, raw) that break the job's order: an ACCEPTED read
     * after an answer (any other status) to the same request. Empty when the topic is in order.
     */
    public static List<RequestOutcome> acceptedAfterAnswer(List<RequestOutcome> outcomes) {
        Set<String> answered = new HashSet<>();
        List<RequestOutcome> late = new ArrayList<>();
        for (RequestOutcome o : outcomes) {
            if (o.getStatus() != OutcomeStatus.ACCEPTED) {
                answered.add(o.getRequestId());
            } else if (answered.contains(o.getRequestId())) {
                late.add(o);
            }
        }
        return late;
    }
}
