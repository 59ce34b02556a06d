package io.sigmaflow.jobs.routing;

import io.sigmaflow.jobs.placement.plugins.nodeschedulable.NodeSchedulable;
import io.sigmaflow.jobs.placement.plugins.noderesources.NodeResourcesFit;
import io.sigmaflow.jobs.placement.plugins.nodeselector.NodeSelector;
import io.sigmaflow.jobs.placement.plugins.tainttoleration.TaintToleration;
import io.sigmaflow.schema.ShardSummary;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Picks the node partition for each pod ("route then commit"): among the partitions whose summary
 * says some node may take the pod and that have not refused it since their capacity last grew,
 * descend the levels down to the partition level, each time keeping only the domains holding the
 * fewest pods of the pod's app (DESIGN.md invariant 3 for those levels; the partition does the
 * levels below exactly). Equal candidates are taken in a rotation seeded by the caller, so
 * successive pods of an app go round the partitions.
 *
 * <p>The router never reads loads to break ties: its summaries arrive through the job's feedback
 * loop at times that differ from run to run, and using them beyond "may fit" would make placements
 * depend on those times. Summaries are necessary conditions only; a partition re-checks everything
 * and hands a pod back when no node of its own fits. One router per app-side subtask; not
 * thread-safe.
 */
public final class ShardRouter {
    private final TreeMap<String, ShardSummary> summaries = new TreeMap<>();
    private final HashMap<String, Long> clocks = new HashMap<>();
    /** Partition -> its domain at each level ("zone-a", "zone-a/sw1"), computed once per summary. */
    private final HashMap<String, String[]> domains = new HashMap<>();
    private long clock;

    /**
     * Takes a partition's newer summary (older ones, as a replay could bring, are ignored). Returns
     * true when capacity may have appeared there: a new partition, or its capacity epoch moved.
     */
    public boolean update(String partition, long partitionClock, ShardSummary summary) {
        clock = Math.max(clock, partitionClock);
        Long known = clocks.get(partition);
        if (known != null && known > partitionClock) {
            return false;
        }
        ShardSummary previous = summaries.put(partition, summary);
        clocks.put(partition, partitionClock);
        String[] prefixes = new String[summary.getPath().size()];
        for (int level = 0; level < prefixes.length; level++) {
            prefixes[level] = String.join(PartitionScheme.SEPARATOR, summary.getPath().subList(0, level + 1));
        }
        domains.put(partition, prefixes);
        return previous == null || summary.getCapacityEpoch() > previous.getCapacityEpoch();
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

    /** Nodes in every known partition. */
    public int nodes() {
        int n = 0;
        for (ShardSummary s : summaries.values()) {
            n += s.getNodes();
        }
        return n;
    }

    /**
     * @param counts partition -> pods of the pod's app (same revision) routed or bound there
     * @param refused partition -> capacity epoch at which it refused this pod (or ruled it out)
     * @param rotation picks among equally good partitions; callers pass a per-app seed plus the
     *     app's pod count, so an app's pods go round the partitions
     */
    public Route route(PodShape pod, Map<String, Integer> counts, Map<String, Long> refused, long rotation) {
        List<String> candidates = new ArrayList<>();
        Map<String, Route.Exclusion> excluded = new TreeMap<>();
        for (Map.Entry<String, ShardSummary> e : summaries.entrySet()) {
            ShardSummary s = e.getValue();
            Long refusedAt = refused.get(e.getKey());
            if (refusedAt != null && refusedAt >= s.getCapacityEpoch()) {
                continue; // refused since its capacity last grew; its reasons are already the pod's
            }
            String filter = ruledOutBy(pod, s);
            if (filter != null) {
                excluded.put(e.getKey(), new Route.Exclusion(s.getCapacityEpoch(), filter, s.getNodes()));
            } else {
                candidates.add(e.getKey());
            }
        }
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
        if (!isPartitionLevel(level)) {
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
    private boolean isPartitionLevel(int level) {
        String[] any = domains.values().iterator().next();
        return level == any.length - 1;
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
