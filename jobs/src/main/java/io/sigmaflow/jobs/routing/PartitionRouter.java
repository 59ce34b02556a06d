package io.sigmaflow.jobs.routing;

import io.sigmaflow.placement.plugins.nodeschedulable.NodeSchedulable;
import io.sigmaflow.placement.plugins.noderesources.NodeResourcesFit;
import io.sigmaflow.placement.plugins.nodeselector.NodeSelector;
import io.sigmaflow.placement.plugins.tainttoleration.TaintToleration;
import io.sigmaflow.schema.NodeEvent;
import io.sigmaflow.schema.NodeState;
import io.sigmaflow.schema.ShardSummary;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Picks the node partition for each pod ("route then commit"): among the partitions that may take
 * the pod, descend the levels down to the partition level, each time keeping only the domains
 * holding the fewest pods of the pod's app (docs/design.md invariant 3 for those levels; the partition
 * does the levels below exactly). Equal candidates are taken in a rotation seeded by the caller, so
 * successive pods of an app go round the partitions.
 *
 * <p>Two views of the partitions. <b>Membership</b> comes from the node directory in event-time
 * order with the requests: which nodes each partition has, with their capacity and constraints.
 * A pod's first route uses only that (and the app's own counts), so it is a function of the input,
 * the same on every run. <b>Summaries</b> come through the job's feedback loop once per checkpoint
 * with what is really free; they arrive at times that differ from run to run, so they only steer a
 * pod that a partition already refused (a hand-back) and tell when capacity appeared (the capacity
 * epoch) for pending pods. Both are necessary conditions: a partition re-checks everything. One
 * router per app-side subtask; not thread-safe.
 */
public final class PartitionRouter {
    private final PartitionMembership membership = new PartitionMembership();
    private final TreeMap<String, ShardSummary> summaries = new TreeMap<>();
    private final HashMap<String, Long> clocks = new HashMap<>();
    /** Partition -> its domain at each level ("zone-a", "zone-a/sw1"). */
    private final HashMap<String, String[]> domains = new HashMap<>();
    private long clock;
    /** Bumped at every membership change: an {@link Admission} of an older one is stale. */
    private long membershipVersion;
    /** The last shape's partitions as the membership alone sees them (a request routes many pods of one shape). */
    private Admission admission;

    /**
     * Which partitions a shape's static checks ({@link #ruledOutBy} on the membership's summary, the
     * GPU rule) leave, in partition id order, and which filter rules out each of the others. A
     * function of the shape and the membership only, so one is kept for the last shape (by identity)
     * until the membership changes.
     */
    private record Admission(PodShape shape, long membershipVersion, List<String> admitted, TreeMap<String, String> ruledOut) {}

    /** A node change forwarded to {@code partition}; true when capacity may have appeared there. */
    public boolean node(String partition, NodeEvent event) {
        domains.computeIfAbsent(partition, PartitionRouter::prefixes);
        membershipVersion++;
        return membership.apply(partition, event);
    }

    /** Restores a node of {@code partition} from a snapshot. */
    public void restoreNode(String partition, NodeState node) {
        domains.computeIfAbsent(partition, PartitionRouter::prefixes);
        membershipVersion++;
        membership.restore(partition, node);
    }

    /** The nodes known, for snapshots. */
    public List<NodeState> nodes() {
        return membership.snapshot();
    }

    /** One node of {@code partition} for snapshots, or null when the partition does not have it (any more). */
    public NodeState node(String partition, String nodeId) {
        return membership.snapshot(partition, nodeId);
    }

    /**
     * Takes a partition's newer summary (older ones, as a replay could bring, are ignored). Returns
     * true when capacity may have appeared there: its capacity epoch moved.
     */
    public boolean update(String partition, long partitionClock, ShardSummary summary) {
        clock = Math.max(clock, partitionClock);
        Long known = clocks.get(partition);
        if (known != null && known > partitionClock) {
            return false;
        }
        ShardSummary previous = summaries.put(partition, summary);
        clocks.put(partition, partitionClock);
        domains.computeIfAbsent(partition, PartitionRouter::prefixes);
        return summary.getCapacityEpoch() > (previous == null ? 0 : previous.getCapacityEpoch());
    }

    private static String[] prefixes(String partition) {
        String[] path = partition.split(PartitionScheme.SEPARATOR, -1);
        String[] prefixes = new String[path.length];
        for (int level = 0; level < path.length; level++) {
            prefixes[level] = String.join(PartitionScheme.SEPARATOR, List.of(path).subList(0, level + 1));
        }
        return prefixes;
    }

    /** The largest partition clock seen: stamped on commands so generations stay causally ordered. */
    public long clock() {
        return clock;
    }

    public Map<String, ShardSummary> summaries() {
        return Collections.unmodifiableMap(summaries);
    }

    public long partitionClock(String partition) {
        return clocks.getOrDefault(partition, 0L);
    }

    /** The capacity epoch of a partition as last reported through the loop (0 before any report). */
    public long epoch(String partition) {
        ShardSummary s = summaries.get(partition);
        return s == null ? 0 : s.getCapacityEpoch();
    }

    /** Nodes in every known partition. */
    public int nodeCount() {
        return membership.nodeCount();
    }

    /** The partition that has {@code nodeId} (as the node directory announced it), or null when none does. */
    public String partitionOfNode(String nodeId) {
        return membership.partitionOf(nodeId);
    }

    public boolean knowsNodes() {
        return !membership.partitions().isEmpty();
    }

    /**
     * @param counts partition -> pods of the pod's app (same revision) routed or bound there
     * @param refused partition -> capacity epoch at which it refused this pod (or ruled it out); a
     *     pod that was refused somewhere is steered by the loop's summaries as well
     * @param rotation picks among equally good partitions; callers pass a per-app seed plus the
     *     app's pod count, so an app's pods go round the partitions
     */
    public Route route(PodShape pod, Map<String, Integer> counts, Map<String, Long> refused, long rotation) {
        if (refused.isEmpty()) {
            return firstRoute(pod, counts, rotation);
        }
        List<String> candidates = new ArrayList<>();
        Map<String, Route.Exclusion> excluded = new TreeMap<>();
        boolean handedBack = true;
        for (String partition : membership.partitions()) {
            long epoch = epoch(partition);
            Long refusedAt = refused.get(partition);
            if (refusedAt != null && refusedAt >= epoch) {
                continue; // refused since its capacity last grew; its reasons are already the pod's
            }
            ShardSummary fixed = membership.summary(partition);
            String filter = ruledOutBy(pod, fixed);
            if (filter == null) {
                filter = membership.gpuRuledOutBy(partition, pod.gpu());
            }
            ShardSummary live = summaries.get(partition);
            if (filter == null && handedBack && live != null) {
                filter = ruledOutBy(pod, live);
            }
            if (filter != null) {
                excluded.put(partition, new Route.Exclusion(epoch, filter, fixed.getNodes()));
            } else {
                candidates.add(partition);
            }
        }
        return choose(pod, candidates, excluded, counts, rotation);
    }

    /**
     * A pod no partition refused: only the membership's summaries decide (the same partitions as
     * {@link #route}'s loop would keep, from the shape's {@link Admission}), so a request's pods of one
     * shape check the partitions once.
     */
    private Route firstRoute(PodShape pod, Map<String, Integer> counts, long rotation) {
        Admission a = admission;
        if (a == null || a.shape() != pod || a.membershipVersion() != membershipVersion) {
            a = admit(pod);
            admission = a;
        }
        Map<String, Route.Exclusion> excluded = Map.of();
        if (!a.ruledOut().isEmpty()) {
            excluded = new TreeMap<>();
            for (Map.Entry<String, String> e : a.ruledOut().entrySet()) {
                excluded.put(e.getKey(), new Route.Exclusion(epoch(e.getKey()), e.getValue(),
                        membership.summary(e.getKey()).getNodes()));
            }
        }
        return choose(pod, a.admitted(), excluded, counts, rotation);
    }

    private Admission admit(PodShape pod) {
        List<String> admitted = new ArrayList<>();
        TreeMap<String, String> ruledOut = new TreeMap<>();
        for (String partition : membership.partitions()) {
            String filter = ruledOutBy(pod, membership.summary(partition));
            if (filter == null) {
                filter = membership.gpuRuledOutBy(partition, pod.gpu());
            }
            if (filter != null) {
                ruledOut.put(partition, filter);
            } else {
                admitted.add(partition);
            }
        }
        return new Admission(pod, membershipVersion, Collections.unmodifiableList(admitted), ruledOut);
    }

    /** Among {@code candidates} (in partition id order, not changed), the fewest pods of the app per spread level, then the rotation. */
    private Route choose(PodShape pod, List<String> candidates, Map<String, Route.Exclusion> excluded,
                         Map<String, Integer> counts, long rotation) {
        if (candidates.isEmpty()) {
            return new Route(null, excluded);
        }
        for (int level = 0; level < pod.spreads().length && candidates.size() > 1; level++) {
            if (pod.spreads()[level]) {
                candidates = fewestPodsAt(level, candidates, counts);
            }
        }
        // candidates come in partition id order: the same rotation gives the same partition.
        String chosen = candidates.get(Math.floorMod(rotation, candidates.size()));
        return new Route(chosen, excluded);
    }

    /** The candidates in the domains of {@code level} holding the fewest pods of the app. */
    private List<String> fewestPodsAt(int level, List<String> candidates, Map<String, Integer> counts) {
        Map<String, Integer> podsPerDomain = counts;
        if (!isPartitionLevel(level, candidates.get(0))) {
            podsPerDomain = new HashMap<>();
            for (Map.Entry<String, Integer> e : counts.entrySet()) {
                String domain = domain(e.getKey(), level);
                if (domain != null) {
                    podsPerDomain.merge(domain, e.getValue(), Integer::sum);
                }
            }
        }
        int fewest = Integer.MAX_VALUE;
        int[] pods = new int[candidates.size()];
        for (int i = 0; i < pods.length; i++) {
            pods[i] = podsPerDomain.getOrDefault(domain(candidates.get(i), level), 0);
            fewest = Math.min(fewest, pods[i]);
        }
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < pods.length; i++) {
            if (pods[i] == fewest) {
                kept.add(candidates.get(i));
            }
        }
        return kept;
    }

    /** True when {@code level} is the partitions' own level: a domain there is one partition. */
    private boolean isPartitionLevel(int level, String anyPartition) {
        return level == domains.get(anyPartition).length - 1;
    }

    /** The partition's domain at {@code level} (the partition id itself at the partition level), or null. */
    private String domain(String partition, int level) {
        String[] prefixes = domains.get(partition);
        return prefixes == null || prefixes.length <= level ? null : prefixes[level];
    }

    /** The filter whose summary check rules the partition out for this pod, or null when it may fit. */
    static String ruledOutBy(PodShape pod, ShardSummary s) {
        if (s.getSchedulableNodes() == 0) {
            return NodeSchedulable.NAME;
        }
        if (s.getMaxFreeCpu() < pod.cpuMillis() || s.getMaxFreeMemory() < pod.memoryMb()
                || s.getMaxFreeDisk() < pod.diskMb()) {
            return NodeResourcesFit.NAME;
        }
        for (Map.Entry<String, String> e : pod.nodeSelector().entrySet()) {
            if (s.getLabels().getOrDefault(e.getKey() + "=" + e.getValue(), 0) == 0) {
                return NodeSelector.NAME;
            }
        }
        if (!pod.hasTolerations() && s.getUntaintedSchedulableNodes() == 0) {
            return TaintToleration.NAME;
        }
        return null;
    }
}
