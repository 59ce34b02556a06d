package io.sigmaflow.connectors.view;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sigmaflow.schema.OutcomeStatus;
import io.sigmaflow.schema.RequestOutcome;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatestOutcomesTest {
    private static RequestOutcome outcome(String request, String app, OutcomeStatus status, int placed) {
        return RequestOutcome.newBuilder().setRequestId(request).setAppId(app).setStatus(status).setDesired(4)
                .setPlaced(placed).build();
    }

    @Test
    void aRequestsAcceptedReadAfterItsAnswerDoesNotReplaceIt() {
        // outcome-parts' producer reached the broker before the app side's: the answer sits first.
        List<RequestOutcome> topic = List.of(outcome("r1", "web", OutcomeStatus.PLACED, 4),
                outcome("r1", "web", OutcomeStatus.ACCEPTED, 0));
        assertEquals(OutcomeStatus.PLACED, LatestOutcomes.byRequest(topic).get("r1").getStatus());
        assertEquals(4, LatestOutcomes.byApp(topic).get("web").getPlaced());
    }

    @Test
    void theAcceptedOfAnotherRequestOfTheAppIsItsNewerState() {
        List<RequestOutcome> topic = List.of(outcome("r1", "web", OutcomeStatus.PLACED, 4),
                outcome("r2", "web", OutcomeStatus.ACCEPTED, 4));
        assertEquals("r2", LatestOutcomes.byApp(topic).get("web").getRequestId());
        assertEquals(OutcomeStatus.PLACED, LatestOutcomes.byRequest(topic).get("r1").getStatus());
    }

    @Test
    void inTheUsualOrderTheLastRecordWins() {
        List<RequestOutcome> topic = List.of(outcome("r1", "web", OutcomeStatus.ACCEPTED, 0),
                outcome("r1", "web", OutcomeStatus.PARTIALLY_PLACED, 3), outcome("r1", "web", OutcomeStatus.PLACED, 4),
                outcome("r2", "db", OutcomeStatus.ACCEPTED, 0));
        assertEquals(OutcomeStatus.PLACED, LatestOutcomes.byRequest(topic).get("r1").getStatus());
        assertEquals(OutcomeStatus.ACCEPTED, LatestOutcomes.byRequest(topic).get("r2").getStatus());
        assertEquals(List.of("web", "db"), List.copyOf(LatestOutcomes.byApp(topic).keySet()));
    }
}
