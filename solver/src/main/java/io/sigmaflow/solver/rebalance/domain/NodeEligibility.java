package io.sigmaflow.solver.rebalance.domain;

import io.sigmaflow.placement.framework.ClusterView;
import io.sigmaflow.placement.framework.FilterChain;
import io.sigmaflow.placement.framework.FilterPlugin;
import io.sigmaflow.placement.framework.InvalidConfigException;
import io.sigmaflow.placement.index.NodeInfo;
import io.sigmaflow.placement.model.AvroMapping;
import io.sigmaflow.placement.model.Dispersion;
import io.sigmaflow.placement.model.Pod;
import io.sigmaflow.placement.model.Toleration;
import io.sigmaflow.placement.model.TopologyLevels;
import io.sigmaflow.placement.placer.PlacementConfig;
import io.sigmaflow.schema.NodeState;
import io.sigmaflow.schema.PodAllocation;
import io.sigmaflow.schema.Taint;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * "May this pod run on that node", answered by the placement job's own filter chain (the same
 * plugins, built by the same {@link PlacementConfig}), not by a copy of its rules.
 *
 * <p>The snapshot's {@code PodAllocation} carries a pod's app, requests, priority and QoS, but not
 * the node selector and tolerations of its template. Until it does, a pod's constraints are
 * inferred from the node it runs on, conservatively: it selects every label of that node and
 * tolerates exactly that node's taints. Such a pod only moves to nodes that carry at least the
 * same labels and no other forbidding taint, which its real template allows too (it was placed
 * on its node under the same filters). Capacity is not a filter here: it is a hard constraint of
 * its own, checked against the whole assignment.
 */
public final class NodeEligibility {
    /** The job's default filters minus NodeResourcesFit. */
    public static final String DEFAULT_FILTERS = "NodeSchedulable,NodeSelector,TaintToleration,DedicatedCores";
    static final String RESOURCE_FILTER = "NodeResourcesFit";

    private final FilterChain chain;
    private final ClusterView cluster = ClusterView.detached(TopologyLevels.DEFAULT);
    private final List<NodeInfo> nodes;
    /** Eligible node indexes per inferred constraint set (the labels and taints of the pod's node). */
    private final Map<List<Object>, BitSet> cache = new HashMap<>();

    private NodeEligibility(FilterChain chain, List<NodeState> nodes) {
        this.chain = chain;
        this.nodes = new ArrayList<>(nodes.size());
        for (NodeState n : nodes) {
            this.nodes.add(NodeInfo.detached(AvroMapping.node(n), List.of()));
        }
    }

    /**
     * The chain of {@code filters} (comma-separated plugin names of the job's registry) over
     * {@code nodes} (their order gives the indexes of {@link #eligibleNodes}).
     *
     * @throws InvalidConfigException naming {@code eligibility.filters} when a name is unknown,
     *         not a filter, or NodeResourcesFit
     */
    public static NodeEligibility of(String filters, List<NodeState> nodes) {
        return new NodeEligibility(chain(filters), nodes);
    }

    /** Parses {@code filters} with the job's registry; the error names {@code eligibility.filters}. */
    public static FilterChain chain(String filters) {
        FilterChain chain;
        try {
            chain = PlacementConfig.parse(Map.of(PlacementConfig.FILTERS, filters)).profile().filters();
        } catch (InvalidConfigException e) {
            throw new InvalidConfigException("eligibility.filters", e.getMessage());
        }
        for (FilterPlugin<?> plugin : chain.plugins()) {
            if (plugin.name().equals(RESOURCE_FILTER)) {
                throw new InvalidConfigException("eligibility.filters",
                        RESOURCE_FILTER + " is not allowed: capacity is a hard constraint of its own");
            }
        }
        return chain;
    }

    /** Indexes of the nodes that accept {@code pod}, which runs on {@code current} (shared: do not modify). */
    public BitSet eligibleNodes(PodAllocation pod, NodeState current) {
        List<Object> key = List.of(current.getLabels(), current.getTaints());
        return cache.computeIfAbsent(key, k -> {
            FilterChain.FilterCycle cycle = chain.prepare(inferredPod(pod, current), cluster);
            BitSet eligible = new BitSet(nodes.size());
            for (int i = 0; i < nodes.size(); i++) {
                if (cycle.passes(nodes.get(i))) {
                    eligible.set(i);
                }
            }
            return eligible;
        });
    }

    /** One check, without the cache: does {@code chain} accept {@code target} for {@code pod}, which runs on {@code current}. */
    public static boolean allows(FilterChain chain, PodAllocation pod, NodeState current, NodeState target) {
        NodeInfo node = NodeInfo.detached(AvroMapping.node(target), List.of());
        return chain.firstRejection(inferredPod(pod, current), node, ClusterView.detached(TopologyLevels.DEFAULT)) == null;
    }

    /** {@code allocation} as a placer pod with the constraints inferred from {@code current} (see the class comment). */
    static Pod inferredPod(PodAllocation allocation, NodeState current) {
        List<Toleration> tolerations = new ArrayList<>();
        for (Taint t : current.getTaints()) {
            tolerations.add(new Toleration(t.getKey(), t.getValue(), t.getEffect()));
        }
        Pod bound = AvroMapping.pod(allocation);
        return new Pod(bound.id(), bound.appId(), bound.generation(), bound.requests(), bound.priority(), bound.qos(),
                Dispersion.NONE, current.getLabels(), tolerations);
    }
}
