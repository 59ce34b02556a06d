package io.sigmaflow.placement.synthetic;

import io.sigmaflow.placement.model.Location;
import io.sigmaflow.placement.model.Node;
import io.sigmaflow.placement.model.NodeCondition;
import io.sigmaflow.placement.model.ResourceVector;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A generated 3-level topology: core switches, each with {@code chassisPerSwitch} chassis of
 * {@code hostsPerChassis} hosts, filled in order (the last switch and chassis may be partial). Node
 * sizes are mixed: half 32 cores / 128 GiB, 30% 64 cores / 256 GiB, 20% 96 cores / 512 GiB. Names
 * are zero-padded so that id order is topology order. The same seed gives the same cluster.
 */
public final class SyntheticCluster {
    private static final long GIB = 1024;
    private static final long DISK_MB = 1024 * GIB;

    private SyntheticCluster() {}

    public static List<Node> generate(int nodes, int hostsPerChassis, int chassisPerSwitch, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Node> out = new ArrayList<>(nodes);
        int perSwitch = hostsPerChassis * chassisPerSwitch;
        for (int i = 0; i < nodes; i++) {
            int sw = i / perSwitch;
            int ch = (i % perSwitch) / hostsPerChassis;
            int h = i % hostsPerChassis;
            String switchName = String.format("sw%03d", sw);
            String chassisName = String.format("%s-ch%03d", switchName, ch);
            String host = String.format("%s-h%03d", chassisName, h);
            int kind = random.nextInt(10);
            ResourceVector size = kind < 5 ? new ResourceVector(32_000, 128 * GIB, DISK_MB)
                    : kind < 8 ? new ResourceVector(64_000, 256 * GIB, DISK_MB)
                    : new ResourceVector(96_000, 512 * GIB, DISK_MB);
            out.add(new Node(host, new Location(null, switchName, chassisName, host), size, null, null,
                    NodeCondition.SCHEDULABLE));
        }
        return out;
    }
}
