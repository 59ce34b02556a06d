package io.sigmaflow.cli.bench.gpu;

import io.sigmaflow.placement.framework.Profile;
import io.sigmaflow.placement.placer.PlacementConfig;
import io.sigmaflow.placement.framework.PluginRegistry;
import io.sigmaflow.placement.plugins.gpu.GpuFit;
import io.sigmaflow.placement.plugins.gpu.GpuFragmentationScore;
import io.sigmaflow.placement.plugins.gpu.GpuModel;
import io.sigmaflow.placement.plugins.gpu.GpuWorkload;
import io.sigmaflow.placement.plugins.noderesources.NodeResourcesFit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The placement policies the GPU-trace benchmark compares. Every one runs the same filters
 * (cpu and memory fit, GPU fit per GPU, GPU model), scores every feasible node and never preempts;
 * they differ in their scores only.
 * <ul>
 *   <li>{@code Random}, {@code BestFit}: the paper's baselines ({@link RandomScore}, {@link BestFitScore});</li>
 *   <li>{@code FGD}: the paper's policy, {@link GpuFragmentationScore} measured against the typical
 *       shapes of the whole pod list, known in advance as in the paper's simulator;</li>
 *   <li>{@code SigmaFlow}: this project's GPU profile, from configuration keys only
 *       ({@link #SIGMAFLOW}): the same score measuring fragmentation both as the paper does and as
 *       what typical pods could not use filling the node ({@code measure: both}), learning the
 *       typical shapes from the pods as they arrive instead of knowing the trace in advance.</li>
 * </ul>
 */
final class GpuPolicies {
    static final List<String> NAMES = List.of("Random", "BestFit", "FGD", "SigmaFlow");
    static final String FILTERS = String.join(",", NodeResourcesFit.NAME, GpuFit.NAME, GpuModel.NAME);

    /** The SigmaFlow GPU profile as configuration keys (what {@code sigmaflow.placement.*} would hold). */
    static final Map<String, String> SIGMAFLOW = Map.of(
            PlacementConfig.FILTERS, FILTERS,
            PlacementConfig.SCORES, GpuFragmentationScore.NAME + ":1",
            GpuFragmentationScore.NAME + ".measure", "both",
            PlacementConfig.MAX_CANDIDATES, "0",
            PlacementConfig.PREEMPTION, "false");

    private GpuPolicies() {}


    static boolean known(String name) {
        return NAMES.contains(name);
    }

    /** A fresh profile of {@code policy} for one run: {@code seed} seeds Random, {@code workload} is FGD's. */
    static Profile profile(String policy, long seed, GpuWorkload workload) {
        if (policy.equals("SigmaFlow")) {
            return PlacementConfig.parse(SIGMAFLOW).profile();
        }
        var registry = new PluginRegistry()
                .register(NodeResourcesFit.NAME, args -> new NodeResourcesFit())
                .register(GpuFit.NAME, args -> new GpuFit())
                .register(GpuModel.NAME, args -> new GpuModel())
                .register(RandomScore.NAME, args -> new RandomScore(seed))
                .register(BestFitScore.NAME, args -> new BestFitScore())
                .register(GpuFragmentationScore.NAME, args -> new GpuFragmentationScore(workload));
        Map<String, String> config = new TreeMap<>();
        config.put(PlacementConfig.FILTERS, FILTERS);
        config.put(PlacementConfig.SCORES, switch (policy) {
            case "Random" -> RandomScore.NAME;
            case "BestFit" -> BestFitScore.NAME;
            case "FGD" -> GpuFragmentationScore.NAME;
            default -> throw new IllegalArgumentException("unknown policy " + policy + "; known: " + NAMES);
        });
        config.put(PlacementConfig.MAX_CANDIDATES, "0");
        config.put(PlacementConfig.PREEMPTION, "false");
        return PlacementConfig.parse(config, registry).profile();
    }
}
