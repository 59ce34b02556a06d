package io.sigmaflow.jobs.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sigmaflow.schema.OutcomeStatus;
import io.sigmaflow.schema.RequestOutcome;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.TwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class OutcomesInOrderTest {
    private static RequestOutcome outcome(String app, String request, OutcomeStatus status) {
        return RequestOutcome.newBuilder().setRequestId(request).setAppId(app).setStatus(status).setDesired(2)
                .setPlaced(status == OutcomeStatus.ACCEPTED ? 0 : 2).setPending(0).setPendingReasons(Map.of())
                .setMessage(status.toString()).setEmittedAtMs(0L).build();
    }

    private static TwoInputStreamOperatorTestHarness<RequestOutcome, RequestOutcome, RequestOutcome> harness() throws Exception {
        var h = new TwoInputStreamOperatorTestHarness<>(new OutcomesInOrder());
        h.open();
        return h;
    }

    private static List<String> out(TwoInputStreamOperatorTestHarness<RequestOutcome, RequestOutcome, RequestOutcome> h) {
        return h.extractOutputValues().stream().map(o -> o.getRequestId() + " " + o.getStatus()).toList();
    }

    @Test
    void anAnswerAheadOfItsAcceptedIsHeldUntilTheBarrier() throws Exception {
        try (var h = harness()) {
            h.processElement2(new StreamRecord<>(outcome("web", "r1", OutcomeStatus.PLACED)));
            assertEquals(List.of(), out(h), "the answer given at commit waits");
            h.processElement1(new StreamRecord<>(outcome("web", "r1", OutcomeStatus.ACCEPTED)));
            assertEquals(List.of("r1 ACCEPTED"), out(h));
            h.prepareSnapshotPreBarrier(1);
            assertEquals(List.of("r1 ACCEPTED", "r1 PLACED"), out(h), "the answer after its ACCEPTED, before the barrier");
            h.prepareSnapshotPreBarrier(2);
            assertEquals(2, out(h).size(), "each answer once");
        }
    }

    @Test
    void appSideOutcomesPassAtOnceInTheirOrder() throws Exception {
        try (var h = harness()) {
            h.processElement1(new StreamRecord<>(outcome("web", "r1", OutcomeStatus.ACCEPTED)));
            h.processElement1(new StreamRecord<>(outcome("web", "r1", OutcomeStatus.PENDING)));
            h.processElement1(new StreamRecord<>(outcome("db", "r2", OutcomeStatus.ACCEPTED)));
            assertEquals(List.of("r1 ACCEPTED", "r1 PENDING", "r2 ACCEPTED"), out(h));
        }
    }

    @Test
    void theEndOfInputReleasesWhatIsHeld() throws Exception {
        try (var h = harness()) {
            h.processElement1(new StreamRecord<>(outcome("web", "r1", OutcomeStatus.ACCEPTED)));
            h.processElement2(new StreamRecord<>(outcome("web", "r1", OutcomeStatus.PLACED)));
            h.processElement2(new StreamRecord<>(outcome("db", "r2", OutcomeStatus.COMPLETED)));
            h.endInput1();
            h.endInput2();
            h.getOperator().finish();
            assertEquals(List.of("r1 ACCEPTED", "r1 PLACED", "r2 COMPLETED"), out(h));
        }
    }

    @Test
    void bothInputsOfAnAppGoToOneChannel() throws Exception {
        for (String app : List.of("web", "db", "a/b", "")) {
            int channel = OutcomesInOrder.BY_APP.partition(OutcomesInOrder.APP.getKey(outcome(app, "r", OutcomeStatus.ACCEPTED)), 7);
            assertEquals(channel, OutcomesInOrder.BY_APP.partition(app, 7));
            assertEquals(true, channel >= 0 && channel < 7, app + " -> " + channel);
        }
    }
}
