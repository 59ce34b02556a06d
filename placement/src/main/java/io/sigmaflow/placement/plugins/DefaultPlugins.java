package io.sigmaflow.placement.plugins;

import io.sigmaflow.placement.framework.PluginRegistry;
import io.sigmaflow.placement.plugins.dedicatedcores.DedicatedCores;
import io.sigmaflow.placement.plugins.dispersion.DispersionScore;
import io.sigmaflow.placement.plugins.gpu.GpuFit;
import io.sigmaflow.placement.plugins.gpu.GpuFragmentationScore;
import io.sigmaflow.placement.plugins.gpu.GpuModel;
import io.sigmaflow.placement.plugins.noderesources.BalancedAllocation;
import io.sigmaflow.placement.plugins.noderesources.NodeResourcesAllocated;
import io.sigmaflow.placement.plugins.noderesources.NodeResourcesFit;
import io.sigmaflow.placement.plugins.nodeschedulable.NodeSchedulable;
import io.sigmaflow.placement.plugins.nodeselector.NodeSelector;
import io.sigmaflow.placement.plugins.tainttoleration.TaintToleration;

/** The in-tree plugins and the default profile's plugin lists. */
public final class DefaultPlugins {
    /** Default filters, cheapest and most selective first. */
    public static final String FILTERS = String.join(",",
            NodeSchedulable.NAME, NodeResourcesFit.NAME, NodeSelector.NAME, TaintToleration.NAME, DedicatedCores.NAME);
    /** Default scores with their weights. */
    public static final String SCORES = String.join(",",
            DispersionScore.NAME + ":1", NodeResourcesAllocated.NAME + ":1", BalancedAllocation.NAME + ":1");

    private DefaultPlugins() {}

    public static PluginRegistry registry() {
        return new PluginRegistry()
                .register(NodeSchedulable.NAME, args -> new NodeSchedulable())
                .register(NodeResourcesFit.NAME, args -> new NodeResourcesFit())
                .register(NodeSelector.NAME, args -> new NodeSelector())
                .register(TaintToleration.NAME, args -> new TaintToleration())
                .register(DedicatedCores.NAME, args -> new DedicatedCores())
                .register(NodeResourcesAllocated.NAME, NodeResourcesAllocated::create)
                .register(BalancedAllocation.NAME, args -> new BalancedAllocation())
                .register(DispersionScore.NAME, args -> new DispersionScore())
                .register(GpuFit.NAME, args -> new GpuFit())
                .register(GpuModel.NAME, args -> new GpuModel())
                .register(GpuFragmentationScore.NAME, GpuFragmentationScore::create);
    }
}
