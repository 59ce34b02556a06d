package io.sigmaflow.jobs.routing;

import io.sigmaflow.placement.model.NodeCondition;
import io.sigmaflow.placement.model.Taint;
import io.sigmaflow.schema.ShardSummary;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a partition's schedulable nodes offer a router beyond capacity: how many there are, how many
 * carry no taint that forbids placement, and how many carry each label. Shared by the live summary
 * (a partition's own) and the static one (a router's, from node membership).
 */
public final class SchedulableNodes {
    private int schedulable;
    private int untainted;
    private final Map<String, Integer> labels = new TreeMap<>();

    /** Counts a node; returns whether it is schedulable (only those count). */
    public boolean add(NodeCondition condition, List<Taint> taints, Map<String, String> nodeLabels) {
        if (condition != NodeCondition.SCHEDULABLE) {
            return false;
        }
        schedulable++;
        if (taints.stream().noneMatch(Taint::forbidsPlacement)) {
            untainted++;
        }
        nodeLabels.forEach((k, v) -> labels.merge(k + "=" + v, 1, Integer::sum));
        return true;
    }

    /** A summary of {@code partition} with these counts; the caller sets nodes, capacity and epoch. */
    public ShardSummary.Builder summary(String partition) {
        return ShardSummary.newBuilder()
                .setPath(Arrays.asList(partition.split(PartitionScheme.SEPARATOR, -1)))
                .setSchedulableNodes(schedulable)
                .setUntaintedSchedulableNodes(untainted)
                .setLabels(labels);
    }
}
