package io.sigmaflow.cli.whatif;

import static io.sigmaflow.jobs.testing.JobRecords.publish;
import static io.sigmaflow.jobs.testing.JobRecords.template;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sigmaflow.schema.OutcomeStatus;
import io.sigmaflow.schema.RequestOutcome;
import java.util.List;
import org.junit.jupiter.api.Test;

class WhatIfReportTest {
    private static RequestOutcome outcome(OutcomeStatus status, int placed, int pending) {
        return RequestOutcome.newBuilder().setRequestId("publish-web").setAppId("web").setStatus(status).setDesired(4)
                .setPlaced(placed).setPending(pending).build();
    }

    /**
     * The job writes a request's ACCEPTED (app side) and its answer at commit (outcome-parts) through
     * two producers: on the topic the answer may come first. The report takes the answer.
     */
    @Test
    void anAcceptedReadAfterTheRequestsAnswerLeavesTheAnswer() {
        WhatIfInput input = new WhatIfInput(List.of(), List.of(publish("publish-web", "web", 4, template(250, 512))));
        WhatIfReport report = WhatIfReport.of(input, List.of(outcome(OutcomeStatus.PENDING, 0, 4),
                outcome(OutcomeStatus.ACCEPTED, 0, 0)), List.of(), List.of(), List.of());
        assertEquals(List.of(), report.withoutOutcome());
        assertEquals(OutcomeStatus.PENDING, report.lastOfApps().get("web").getStatus());
        assertEquals(4, report.pending());
    }
}
