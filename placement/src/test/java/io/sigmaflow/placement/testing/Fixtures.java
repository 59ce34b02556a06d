package io.sigmaflow.placement.testing;

import io.sigmaflow.placement.framework.ClusterView;
import io.sigmaflow.placement.framework.Profile;
import io.sigmaflow.placement.index.NodeInfo;
import io.sigmaflow.placement.model.Node;
import io.sigmaflow.placement.model.Pod;
import io.sigmaflow.placement.model.TopologyLevels;
import io.sigmaflow.placement.placer.PlacementConfig;
import io.sigmaflow.placement.placer.Placer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Entry points of the test fixtures (static-import them). */
public final class Fixtures {
    private Fixtures() {}

    public static PodBuilder pod(String id) {
        return new PodBuilder(id);
    }

    public static NodeBuilder node(String id) {
        return new NodeBuilder(id);
    }

    /** A node outside any index carrying {@code pods}: what a plugin test feeds a filter or a score. */
    public static NodeInfo nodeWith(Node node, Pod... pods) {
        return NodeInfo.detached(node, List.of(pods));
    }

    public static ClusterView detachedCluster() {
        return ClusterView.detached(TopologyLevels.DEFAULT);
    }

    /**
     * {@code switches x chassisPerSwitch x hostsPerChassis} identical nodes named {@code s0-c1-h2}
     * (switch {@code s0}, chassis {@code s0-c1}).
     */
    public static List<Node> topology(int switches, int chassisPerSwitch, int hostsPerChassis, long cpu, long memory) {
        List<Node> nodes = new ArrayList<>();
        for (int s = 0; s < switches; s++) {
            for (int c = 0; c < chassisPerSwitch; c++) {
                for (int h = 0; h < hostsPerChassis; h++) {
                    String chassis = "s" + s + "-c" + c;
                    nodes.add(node(chassis + "-h" + h).coreSwitch("s" + s).chassis(chassis).cpu(cpu).memory(memory)
                            .build());
                }
            }
        }
        return nodes;
    }

    /** The default profile (every in-tree plugin), with {@code overrides} applied. */
    public static Profile profile(Map<String, String> overrides) {
        return PlacementConfig.parse(overrides).profile();
    }

    public static Placer placer(Profile profile, Collection<Node> nodes) {
        Placer placer = new Placer(profile, TopologyLevels.DEFAULT);
        nodes.forEach(placer::upsertNode);
        return placer;
    }

    /** A placer with the default profile over {@code nodes}. */
    public static Placer placer(Collection<Node> nodes) {
        return placer(profile(Map.of()), nodes);
    }
}
