package io.sigmaflow.placement.testing;

import io.sigmaflow.placement.index.ClusterIndex;
import io.sigmaflow.placement.index.Domain;
import io.sigmaflow.placement.index.NodeInfo;
import io.sigmaflow.placement.model.NodeCondition;
import io.sigmaflow.placement.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Recomputes every incremental summary of a {@link ClusterIndex} from its nodes and pods and lists
 * the differences (empty when the index is consistent). Also lists overcommitted nodes.
 */
public final class IndexAudit {
    private IndexAudit() {}

    public static List<String> problems(ClusterIndex index) {
        List<String> problems = new ArrayList<>();
        Set<String> apps = new TreeSet<>();
        for (NodeInfo n : index.nodes()) {
            long cpu = 0;
            long mem = 0;
            long disk = 0;
            for (Pod p : n.pods()) {
                cpu += p.requests().cpuMillis();
                mem += p.requests().memoryMb();
                disk += p.requests().diskMb();
                apps.add(p.appId());
                if (index.nodeOf(p.id()) != n) {
                    problems.add("pod " + p.id() + " on " + n.id() + " but nodeOf says " + index.nodeOf(p.id()));
                }
            }
            if (cpu != n.requestedCpu() || mem != n.requestedMemory() || disk != n.requestedDisk()) {
                problems.add("node " + n.id() + " requested sums are stale");
            }
            if (n.isOvercommitted()) {
                problems.add("node " + n.id() + " is overcommitted: " + n);
            }
        }
        audit(index.root(), index, apps, problems);
        return problems;
    }

    /** Returns the nodes below {@code d}, after checking its summary against them. */
    private static List<NodeInfo> audit(Domain d, ClusterIndex index, Set<String> apps, List<String> problems) {
        List<NodeInfo> below = new ArrayList<>();
        if (d.isLeaf()) {
            below.addAll(d.nodeList());
        } else {
            for (Domain child : d.children()) {
                if (child.parent() != d) {
                    problems.add(child + " has the wrong parent");
                }
                List<NodeInfo> sub = audit(child, index, apps, problems);
                if (sub.isEmpty()) {
                    problems.add("empty domain " + child + " was not pruned");
                }
                below.addAll(sub);
            }
        }
        long maxCpu = Long.MIN_VALUE;
        long maxMem = Long.MIN_VALUE;
        long maxDisk = Long.MIN_VALUE;
        long freeCpu = 0;
        long freeMem = 0;
        long allocCpu = 0;
        long allocMem = 0;
        int schedulable = 0;
        for (NodeInfo n : below) {
            maxCpu = Math.max(maxCpu, n.freeCpu());
            maxMem = Math.max(maxMem, n.freeMemory());
            maxDisk = Math.max(maxDisk, n.freeDisk());
            freeCpu += n.freeCpu();
            freeMem += n.freeMemory();
            allocCpu += n.allocatableCpu();
            allocMem += n.allocatableMemory();
            schedulable += n.condition() == NodeCondition.SCHEDULABLE ? 1 : 0;
            if (d.levelIndex() >= 0 && n.domainId(d.levelIndex()) != d.id()) {
                problems.add("node " + n.id() + " does not know it is in " + d);
            }
        }
        String actual = List.of(d.nodes(), d.schedulableNodes(), d.maxFreeCpu(), d.maxFreeMemory(), d.maxFreeDisk(),
                d.freeCpu(), d.freeMemory(), d.allocatableCpu(), d.allocatableMemory()).toString();
        String expected = List.of(below.size(), schedulable, maxCpu, maxMem, maxDisk, freeCpu, freeMem, allocCpu,
                allocMem).toString();
        if (!actual.equals(expected)) {
            problems.add(d + " summary " + actual + " but its nodes say " + expected);
        }
        if (d.levelIndex() >= 0) {
            for (String app : apps) {
                int count = 0;
                for (NodeInfo n : below) {
                    count += n.podsOf(app).size();
                }
                if (index.spread(app).podsIn(d.id()) != count) {
                    problems.add(d + ": app " + app + " counted " + index.spread(app).podsIn(d.id()) + ", really " + count);
                }
            }
        }
        return below;
    }
}
