package io.sigmaflow.cli.ops;

import io.sigmaflow.cli.local.StackClient;
import io.sigmaflow.cli.support.KafkaTarget;
import io.sigmaflow.connectors.topics.Topics;
import io.sigmaflow.schema.NodeEvent;
import io.sigmaflow.schema.NodeState;
import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.PlacementRequest;
import io.sigmaflow.schema.RequestOutcome;
import java.time.Duration;
import java.util.List;

/**
 * What the operator commands read and send: the job's committed outputs (read_committed, each
 * topic to its end as it was when the read began) and the node-events topic an operator writes to.
 * An interface so the commands' parsing, rendering and bad input are tested without a broker.
 */
public interface OpsTopics extends AutoCloseable {
    List<NodeState> nodeStates();

    List<Placement> placements();

    List<RequestOutcome> outcomes();

    List<PlacementRequest> requests();

    /** Sends the events in order (keyed by node, so the job applies them in that order). */
    void send(List<NodeEvent> events);

    @Override
    void close();

    /** The topics of the job a command's {@code --bootstrap}/{@code --prefix} name, reads bounded at 10 s. */
    static OpsTopics kafka(KafkaTarget target) {
        return kafka(target.bootstrap(), target.prefix(), Duration.ofSeconds(10));
    }

    /** The topics of the job at {@code bootstrap} with {@code prefix}, through the connectors' codecs. */
    static OpsTopics kafka(String bootstrap, String prefix, Duration timeout) {
        StackClient client = new StackClient(bootstrap, Topics.of(prefix, 0), timeout);
        return new OpsTopics() {
            @Override
            public List<NodeState> nodeStates() {
                return client.readToEnd(client.topics().nodeState());
            }

            @Override
            public List<Placement> placements() {
                return client.readToEnd(client.topics().placements());
            }

            @Override
            public List<RequestOutcome> outcomes() {
                return client.readToEnd(client.topics().outcomes());
            }

            @Override
            public List<PlacementRequest> requests() {
                return client.readToEnd(client.topics().requests());
            }

            @Override
            public void send(List<NodeEvent> events) {
                client.send(client.topics().nodeEvents(), events);
            }

            @Override
            public void close() {
                client.close();
            }
        };
    }
}
