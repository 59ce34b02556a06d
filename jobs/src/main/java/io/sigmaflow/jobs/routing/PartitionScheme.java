package io.sigmaflow.jobs.routing;

import io.sigmaflow.placement.model.Location;
import io.sigmaflow.placement.model.TopologyLevels;
import io.sigmaflow.schema.TopologyLevel;
import java.util.ArrayList;
import java.util.List;

/**
 * How nodes are split into partitions: one partition per domain of one topology level (core switch
 * by default), named by the domain path from the widest level down ({@code zone-a/sw-3} when zones
 * are modelled). The router spreads an app over the levels down to the partition level; each
 * partition spreads over the levels below it. A partition is the unit of ownership: only its
 * operator commits pods on its nodes.
 */
public record PartitionScheme(TopologyLevels levels, int partitionLevel) {
    public static final String SEPARATOR = "/";

    public PartitionScheme {
        if (partitionLevel < 0 || partitionLevel >= levels.size()) {
            throw new IllegalArgumentException("partition level index " + partitionLevel + " is outside " + levels.levels());
        }
    }

    /** Partitions at {@code level}, which must be one of {@code levels}. */
    public static PartitionScheme of(TopologyLevels levels, TopologyLevel level) {
        int index = levels.indexOf(level);
        if (index < 0) {
            throw new IllegalArgumentException("partition level " + level + " is not one of the topology levels "
                    + levels.levels());
        }
        return new PartitionScheme(levels, index);
    }

    /** Domain names of {@code location} from the widest level down to the partition level. */
    public List<String> path(Location location) {
        List<String> path = new ArrayList<>(partitionLevel + 1);
        for (int i = 0; i <= partitionLevel; i++) {
            path.add(location.domainName(levels.get(i)));
        }
        return path;
    }

    /** The id of the partition that owns a node at {@code location}. */
    public String partitionOf(Location location) {
        return String.join(SEPARATOR, path(location));
    }
}
