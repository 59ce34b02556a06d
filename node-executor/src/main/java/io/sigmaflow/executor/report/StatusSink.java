package io.sigmaflow.executor.report;

import io.sigmaflow.schema.DeadLetter;
import io.sigmaflow.schema.NodeEvent;
import io.sigmaflow.schema.NodeInventory;
import io.sigmaflow.schema.PodStatus;

/**
 * Where the executor reports what happened: Kafka in production ({@code kafka.KafkaStatusSink}),
 * a list in unit tests. Implementations are thread-safe; sends may be asynchronous until
 * {@link #flush()}.
 */
public interface StatusSink {
    void podStatus(PodStatus status);

    void inventory(NodeInventory inventory);

    void nodeEvent(NodeEvent event);

    void deadLetter(DeadLetter letter);

    /** Returns once everything sent so far is durable (before offsets are committed). */
    void flush();
}
