package io.sigmaflow.schemas;

import io.sigmaflow.schema.DeadLetter;
import io.sigmaflow.schema.Migration;
import io.sigmaflow.schema.NodeEvent;
import io.sigmaflow.schema.NodeInventory;
import io.sigmaflow.schema.NodeState;
import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.PlacementFeedback;
import io.sigmaflow.schema.PlacementRequest;
import io.sigmaflow.schema.PodStatus;
import io.sigmaflow.schema.PriorityChange;
import io.sigmaflow.schema.RequestOutcome;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * The records that cross a process boundary (one per Kafka topic). Only these are framed with
 * a schema fingerprint and kept in {@link SchemaHistory}; the other generated types are parts
 * of them.
 */
public final class WireRecords {
    /** Every top-level record type, in a stable order. */
    public static final List<Class<? extends SpecificRecord>> ALL = List.of(
            PlacementRequest.class,
            NodeEvent.class,
            Placement.class,
            PriorityChange.class,
            PodStatus.class,
            NodeInventory.class,
            Migration.class,
            RequestOutcome.class,
            NodeState.class,
            DeadLetter.class,
            PlacementFeedback.class);

    private WireRecords() {}

    /** The schema the code of this build writes for {@code type}. */
    public static Schema currentSchema(Class<? extends SpecificRecord> type) {
        return SpecificData.get().getSchema(type);
    }
}
