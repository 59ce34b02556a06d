package io.sigmaflow.jobs.routing;

import io.sigmaflow.placement.placer.PlacementConfig;
import io.sigmaflow.schema.TopologyLevel;
import java.io.Serializable;
import java.util.Map;

/**
 * The placer's configuration and the partition level in a serializable form, for operators (each
 * parses it again in {@code open()}; nothing mutable is shared between subtasks).
 *
 * @param placement the placer's keys ({@link PlacementConfig}), without the job's key prefix
 * @param partitionLevel nodes are partitioned by their domain at this topology level
 */
public record PartitionSpec(Map<String, String> placement, TopologyLevel partitionLevel) implements Serializable {

    public PartitionSpec {
        placement = Map.copyOf(placement);
        // Fail where the job is built, not in a task: the same parsing every operator does in open().
        PartitionScheme.of(PlacementConfig.parse(placement).levels(), partitionLevel);
    }

    public PlacementConfig config() {
        return PlacementConfig.parse(placement);
    }

    public PartitionScheme scheme() {
        return PartitionScheme.of(config().levels(), partitionLevel);
    }
}
