package io.sigmaflow.jobs.job;

import io.sigmaflow.jobs.app.MaxNodeSize;
import io.sigmaflow.jobs.migration.PlanClock;
import io.sigmaflow.jobs.partition.HostSettings;
import io.sigmaflow.jobs.routing.PartitionSpec;
import java.io.Serializable;

/**
 * What the job's operators are built with.
 *
 * @param partitions the placer's configuration and the partition level
 * @param eventTimeOrder partitions apply commands in event-time order (the same placements on every
 *     run of the same input) rather than as they arrive
 * @param requestsTopic name of the requests topic, for dead letters
 * @param nodeEventsTopic name of the node-events topic, for dead letters
 * @param migrationsTopic name of the migrations topic, for dead letters
 * @param host host feedback: its topics (for dead letters), the silence timeout, the inventory grace
 * @param plans how migration plans are held against the job's clock (future skew, expiry)
 * @param maxNode the largest node the cluster may have: larger requests are REJECTED
 */
public record JobSettings(PartitionSpec partitions, boolean eventTimeOrder, String requestsTopic,
                          String nodeEventsTopic, String migrationsTopic, HostSettings host, PlanClock plans,
                          MaxNodeSize maxNode)
        implements Serializable {
}
