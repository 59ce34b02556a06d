package io.sigmaflow.solver.rebalance.testing;

import io.sigmaflow.schema.NodeState;
import io.sigmaflow.schema.PodAllocation;
import io.sigmaflow.schema.QosClass;
import io.sigmaflow.schema.Resources;
import io.sigmaflow.schema.Taint;
import io.sigmaflow.schema.TaintEffect;
import io.sigmaflow.schema.Topology;
import io.sigmaflow.solver.rebalance.snapshot.ClusterSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Fluent fixtures for node-state records: {@code node("n1").at("s1", "c1", "h1").cpu(4000).memory(8192)
 * .pod(pod("a-0", "a").cpu(1000).memory(1024)).build()}.
 */
public final class ClusterFixtures {
    private ClusterFixtures() {}

    public static NodeBuilder node(String id) {
        return new NodeBuilder(id);
    }

    public static PodBuilder pod(String id, String app) {
        return new PodBuilder(id, app);
    }

    /**
     * {@code switches} × {@code chassisPerSwitch} × {@code hostsPerChassis} empty nodes named
     * {@code s<i>-c<j>-h<k>}, each with {@code cpu} millis and {@code memory} MiB.
     */
    public static List<NodeBuilder> topology(int switches, int chassisPerSwitch, int hostsPerChassis, long cpu, long memory) {
        List<NodeBuilder> nodes = new ArrayList<>();
        for (int s = 0; s < switches; s++) {
            for (int c = 0; c < chassisPerSwitch; c++) {
                for (int h = 0; h < hostsPerChassis; h++) {
                    String id = "s" + s + "-c" + c + "-h" + h;
                    nodes.add(node(id).at("s" + s, "s" + s + "-c" + c, id).cpu(cpu).memory(memory));
                }
            }
        }
        return nodes;
    }

    /**
     * A small, deliberately badly spread cluster: 3 core switches × 2 chassis × 4 hosts of 8 cores
     * and 16 GiB, 19 one-core pods of four apps (6, 6, 4, 3 pods) packed first-fit onto the first
     * three hosts of one chassis.
     */
    public static ClusterSnapshot packedCluster() {
        List<NodeBuilder> nodes = topology(3, 2, 4, 8000, 16384);
        Map<String, Integer> apps = Map.of("a", 6, "b", 6, "c", 4, "d", 3);
        int placed = 0;
        for (int i = 0; i < 6; i++) {
            for (String app : List.of("a", "b", "c", "d")) {
                if (i < apps.get(app)) {
                    nodes.get(placed / 8).pod(pod(app + "-" + i, app).cpu(1000).memory(1024));
                    placed++;
                }
            }
        }
        return ClusterSnapshot.of(build(nodes));
    }

    public static List<NodeState> build(List<NodeBuilder> nodes) {
        return nodes.stream().map(NodeBuilder::build).toList();
    }

    public static final class NodeBuilder {
        private final String id;
        private String coreSwitch = "s0";
        private String chassis = "c0";
        private String host;
        private long cpu = 4000;
        private long memory = 8192;
        private long disk = 0;
        private boolean schedulable = true;
        private boolean removed;
        private long version = 1;
        private final Map<String, String> labels = new TreeMap<>();
        private final List<Taint> taints = new ArrayList<>();
        private final List<PodAllocation> pods = new ArrayList<>();

        NodeBuilder(String id) {
            this.id = id;
            this.host = id;
        }

        public NodeBuilder at(String coreSwitch, String chassis, String host) {
            this.coreSwitch = coreSwitch;
            this.chassis = chassis;
            this.host = host;
            return this;
        }

        public NodeBuilder cpu(long millis) {
            this.cpu = millis;
            return this;
        }

        public NodeBuilder memory(long mb) {
            this.memory = mb;
            return this;
        }

        public NodeBuilder disk(long mb) {
            this.disk = mb;
            return this;
        }

        public NodeBuilder unschedulable() {
            this.schedulable = false;
            return this;
        }

        public NodeBuilder removed() {
            this.removed = true;
            return this;
        }

        public NodeBuilder version(long v) {
            this.version = v;
            return this;
        }

        public NodeBuilder label(String key, String value) {
            labels.put(key, value);
            return this;
        }

        public NodeBuilder taint(String key, String value) {
            taints.add(new Taint(key, value, TaintEffect.NO_SCHEDULE));
            return this;
        }

        public NodeBuilder pod(PodBuilder pod) {
            pods.add(pod.build());
            return this;
        }

        public String id() {
            return id;
        }

        public NodeState build() {
            return NodeState.newBuilder()
                    .setNodeId(id)
                    .setTopology(new Topology("default", coreSwitch, chassis, host))
                    .setAllocatable(new Resources(cpu, memory, disk))
                    .setLabels(new TreeMap<>(labels))
                    .setTaints(new ArrayList<>(taints))
                    .setSchedulable(schedulable)
                    .setRemoved(removed)
                    .setPods(new ArrayList<>(pods))
                    .setVersion(version)
                    .setUpdatedAtMs(0)
                    .build();
        }
    }

    public static final class PodBuilder {
        private final String id;
        private final String app;
        private long cpu = 1000;
        private long memory = 1024;
        private long disk = 0;

        PodBuilder(String id, String app) {
            this.id = id;
            this.app = app;
        }

        public PodBuilder cpu(long millis) {
            this.cpu = millis;
            return this;
        }

        public PodBuilder memory(long mb) {
            this.memory = mb;
            return this;
        }

        public PodBuilder disk(long mb) {
            this.disk = mb;
            return this;
        }

        public PodAllocation build() {
            return new PodAllocation(id, app, 1L, new Resources(cpu, memory, disk), 100, QosClass.LS, null, java.util.List.of());
        }
    }
}
