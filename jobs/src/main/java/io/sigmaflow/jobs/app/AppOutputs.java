package io.sigmaflow.jobs.app;

import io.sigmaflow.connectors.flink.DeadLetters;
import io.sigmaflow.connectors.flink.FlinkKafka;
import io.sigmaflow.jobs.deadletters.InvalidRecords;
import io.sigmaflow.jobs.protocol.PartitionProtocol;
import io.sigmaflow.schema.MigrationSettled;
import io.sigmaflow.schema.PlacementFeedback;
import io.sigmaflow.schema.PlacementRequest;
import io.sigmaflow.schema.RequestOutcome;
import io.sigmaflow.schema.job.PartitionCommand;
import java.util.List;
import org.apache.flink.streaming.api.operators.Output;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * {@link AppEffects} onto the app lifecycle operator's outputs: commands on the main output (with
 * the event's time when it has one: partitions order them by it), outcomes, settled migrations
 * and dead letters on side outputs.
 */
final class AppOutputs implements AppEffects {
    static final OutputTag<RequestOutcome> OUTCOMES =
            new OutputTag<>("outcomes", FlinkKafka.typeInfo(RequestOutcome.class));
    static final OutputTag<PlacementFeedback> MIGRATIONS_SETTLED =
            new OutputTag<>("migrations-settled", FlinkKafka.typeInfo(PlacementFeedback.class));

    private final Output<StreamRecord<PartitionCommand>> output;
    private final String requestsTopic;
    private final Long eventTime;

    AppOutputs(Output<StreamRecord<PartitionCommand>> output, String requestsTopic, Long eventTime) {
        this.output = output;
        this.requestsTopic = requestsTopic;
        this.eventTime = eventTime;
    }

    @Override
    public void send(PartitionCommand command) {
        output.collect(eventTime != null ? new StreamRecord<>(command, eventTime) : new StreamRecord<>(command));
    }

    @Override
    public void outcome(RequestOutcome outcome) {
        output.collect(OUTCOMES, new StreamRecord<>(outcome));
    }

    @Override
    public void settled(MigrationSettled settled) {
        output.collect(MIGRATIONS_SETTLED, new StreamRecord<>(
                new PlacementFeedback(PartitionProtocol.SETTLED_SPEAKER, 0L, null, null, List.of(), settled, List.of())));
    }

    @Override
    public void deadLetter(PlacementRequest request, String reason) {
        output.collect(DeadLetters.TAG, new StreamRecord<>(InvalidRecords.of(PlacementRequest.class, request,
                requestsTopic, request.getAppId(), reason + " (request " + request.getRequestId() + ")",
                "app lifecycle")));
    }
}
