package io.sigmaflow.cli.bench;

import io.sigmaflow.placement.model.Node;
import io.sigmaflow.placement.model.Pod;
import io.sigmaflow.placement.synthetic.SyntheticCluster;
import io.sigmaflow.placement.synthetic.SyntheticWorkload;
import io.sigmaflow.schema.NodeEvent;
import io.sigmaflow.schema.PlacementRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The end-to-end benchmark's input as records, for {@code ./sigma whatif --generate}: the same
 * synthetic cluster (40 hosts per chassis, 25 chassis per switch) and workload (seed 1 unless
 * given), one REGISTER per node and one PUBLISH per app, so a what-if and {@code ./sigma bench
 * placement} of the same size place the same requests.
 */
public final class BenchInput {
    private BenchInput() {}

    /** The benchmark's cluster and requests: nodes first, then the apps in the order the benchmark sends them. */
    public record Records(List<NodeEvent> nodes, List<PlacementRequest> requests) {}

    public static Records generate(int nodes, int pods, long seed) {
        List<NodeEvent> n = new ArrayList<>();
        for (Node node : SyntheticCluster.generate(nodes, 40, 25, seed)) {
            n.add(BenchRecords.register(node));
        }
        Map<String, List<Pod>> byApp = new LinkedHashMap<>();
        for (Pod pod : SyntheticWorkload.generate(pods, seed).pods()) {
            byApp.computeIfAbsent(pod.appId(), a -> new ArrayList<>()).add(pod);
        }
        List<PlacementRequest> r = new ArrayList<>();
        byApp.forEach((app, list) -> r.add(BenchRecords.publish(app, list)));
        return new Records(n, r);
    }
}
