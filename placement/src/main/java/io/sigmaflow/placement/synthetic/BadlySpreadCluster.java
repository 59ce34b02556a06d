package io.sigmaflow.placement.synthetic;

import io.sigmaflow.placement.synthetic.SyntheticCluster;
import io.sigmaflow.placement.synthetic.SyntheticWorkload;
import io.sigmaflow.placement.model.AvroMapping;
import io.sigmaflow.placement.model.Node;
import io.sigmaflow.placement.model.NodeCondition;
import io.sigmaflow.placement.model.Pod;
import io.sigmaflow.placement.model.Taint;
import io.sigmaflow.schema.NodeState;
import io.sigmaflow.schema.TaintEffect;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A deliberately badly spread cluster, as node-state records: the placement benchmark's generated
 * topology and workload (jobs' {@code SyntheticCluster} and {@code SyntheticWorkload}), placed
 * first-fit in node id order, which is topology order. The pods of an app land on a few
 * neighbouring hosts of one chassis, the first nodes fill up and the last ones stay empty: the
 * opposite of what the placer does, and what hours of scale-downs and failures drift towards.
 *
 * <p>Every node is labelled {@code pool=general}; every 20th node is tainted
 * {@code dedicated=storage:NoSchedule} (no pod tolerates it, so none may move there) and every
 * 50th is cordoned after placement (it keeps its pods but takes no new ones), so that node
 * eligibility matters. The same arguments give the same cluster.
 */
public final class BadlySpreadCluster {
    public static final Taint DEDICATED = new Taint("dedicated", "storage", TaintEffect.NO_SCHEDULE);

    private BadlySpreadCluster() {}

    /**
     * @param nodes             nodes to generate
     * @param hostsPerChassis   hosts per chassis
     * @param chassisPerSwitch  chassis per core switch
     * @param cpuFill           share of the untainted nodes' cpu to fill with pods, 0 to 1
     */
    public static List<NodeState> generate(int nodes, int hostsPerChassis, int chassisPerSwitch, double cpuFill, long seed) {
        List<Node> generated = SyntheticCluster.generate(nodes, hostsPerChassis, chassisPerSwitch, seed);
        List<Node> cluster = new ArrayList<>(generated.size());
        long cpuOffered = 0;
        for (int i = 0; i < generated.size(); i++) {
            Node n = generated.get(i);
            boolean tainted = i % 20 == 19;
            cluster.add(new Node(n.id(), n.location(), n.allocatable(), Map.of("pool", "general"),
                    tainted ? List.of(DEDICATED) : List.of(), NodeCondition.SCHEDULABLE));
            if (!tainted) {
                cpuOffered += n.allocatable().cpuMillis();
            }
        }
        long target = (long) (cpuOffered * cpuFill);
        // About 1.6 cores per pod on average: ask for enough pods, stop at the target.
        List<Pod> stream = SyntheticWorkload.generate((int) Math.max(16, target / 1_000), seed).pods();
        long[] cpu = new long[cluster.size()];
        long[] memory = new long[cluster.size()];
        List<List<Pod>> bound = new ArrayList<>();
        for (int i = 0; i < cluster.size(); i++) {
            bound.add(new ArrayList<>());
        }
        long placed = 0;
        for (Pod pod : stream) {
            if (placed >= target) {
                break;
            }
            for (int i = 0; i < cluster.size(); i++) {
                Node n = cluster.get(i);
                if (!n.taints().isEmpty()
                        || cpu[i] + pod.requests().cpuMillis() > n.allocatable().cpuMillis()
                        || memory[i] + pod.requests().memoryMb() > n.allocatable().memoryMb()) {
                    continue;
                }
                cpu[i] += pod.requests().cpuMillis();
                memory[i] += pod.requests().memoryMb();
                bound.get(i).add(pod);
                placed += pod.requests().cpuMillis();
                break;
            }
        }
        List<NodeState> states = new ArrayList<>(cluster.size());
        for (int i = 0; i < cluster.size(); i++) {
            Node n = cluster.get(i);
            if (i % 50 == 49) {
                n = n.withCondition(NodeCondition.UNSCHEDULABLE);
            }
            states.add(AvroMapping.nodeState(n, bound.get(i), 1, 0));
        }
        return states;
    }
}
