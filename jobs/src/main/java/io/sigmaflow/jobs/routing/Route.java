package io.sigmaflow.jobs.routing;

import java.util.Map;

/**
 * Where the router sends a pod: {@code partition}, or null when no known partition may take it.
 *
 * @param excluded the partitions ruled out by their summary now, with why: the pod needs to be
 *     tried there again only once their capacity epoch moved
 */
public record Route(String partition, Map<String, Exclusion> excluded) {
    /**
     * A partition whose summary shows that no node can pass {@code filter} for the pod.
     *
     * @param epoch the partition's capacity epoch
     * @param nodes the partition's nodes (all of them fail that filter)
     */
    public record Exclusion(long epoch, String filter, int nodes) {}

    public boolean routed() {
        return partition != null;
    }
}
