package io.sigmaflow.jobs.app;

import io.sigmaflow.schema.MigrationSettled;
import io.sigmaflow.schema.PlacementRequest;
import io.sigmaflow.schema.RequestOutcome;
import io.sigmaflow.schema.job.PartitionCommand;

/** What the app side sends out while it processes one event. */
public interface AppEffects {
    /** A command to a node partition. */
    void send(PartitionCommand command);

    void outcome(RequestOutcome outcome);

    /** An invalid request: dead-lettered with the reason (and answered REJECTED by the caller). */
    void deadLetter(PlacementRequest request, String reason);

    /** A migration of this app settled (moved or refused): its wave learns it through the job's loop. */
    default void settled(MigrationSettled settled) {
        throw new UnsupportedOperationException("these effects cannot report a settled migration: " + settled);
    }
}
