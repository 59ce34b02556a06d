package io.sigmaflow.jobs.partition;

import io.sigmaflow.schema.PodCpuSetting;
import io.sigmaflow.schema.PriorityChange;
import io.sigmaflow.schema.QosClass;
import io.sigmaflow.schema.job.BoundPod;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * The QoS mix of each node of a partition and the CPU-priority settings its executor must apply
 * when the mix changes (Sigma's co-location rule, as koordinator applies it):
 *
 * <ul>
 *   <li>latency-sensitive pods (LS, LSR) always get the weight their CPU request earns (LSR twice
 *       that) and no quota: exactly what the executor gives them from the placement alone;</li>
 *   <li>best-effort pods next to at least one latency-sensitive pod run at SCHED_IDLE with the
 *       lowest weight (also the executor's default for a fresh BE pod): they only use CPU nobody
 *       else wants;</li>
 *   <li>best-effort pods on a node without latency-sensitive pods share the CPU by request like
 *       LS pods (weight from the request, not idle): nobody needs protecting.</li>
 * </ul>
 *
 * <p>So a change is due when the first latency-sensitive pod lands next to BE pods (all of them
 * become idle), when the last one leaves (all of them get their weight back), and when a BE pod is
 * bound on a node without latency-sensitive pods (it starts idle by default). Settings are
 * coalesced per node until the next flush; each node's change gets a generation from the
 * partition's clock when it is made (so it is stored with the clock, and a change made after a
 * restore always has a higher one). Derived state: {@link #restore} rebuilds it from the bound pods.
 */
final class PriorityMix {
    /** cgroup v2 weight range and v1 shares range, as the executor's knob table declares them. */
    static final int WEIGHT_MIN = 1;
    static final int WEIGHT_MAX = 10_000;
    static final long SHARES_MIN = 2;
    static final long SHARES_MAX = 262_144;
    static final long UNLIMITED = -1;

    private static final class NodeMix {
        int latencySensitive;
        final TreeMap<String, BoundPod> bestEffort = new TreeMap<>();
    }

    private static final class Pending {
        final TreeMap<String, PodCpuSetting> settings = new TreeMap<>();
        String reason;
        long generation;
        long decidedAtMs;
    }

    /** Lookup only; outputs iterate the sorted {@link #pending}. */
    private final Map<String, NodeMix> nodes = new HashMap<>();
    private final TreeMap<String, Pending> pending = new TreeMap<>();
    /**
     * The pending changes made since the last {@link #stamp}, by node id (the order generations are
     * drawn in): a stamp after every command visits these, not every change held until the flush.
     */
    private final TreeMap<String, Pending> unstamped = new TreeMap<>();

    /** Counts a pod restored from state (no change: the executor already has its setting). */
    void restore(BoundPod pod) {
        NodeMix mix = nodes.computeIfAbsent(pod.getNodeId(), n -> new NodeMix());
        if (isBestEffort(pod)) {
            mix.bestEffort.put(pod.getPodId(), pod);
        } else {
            mix.latencySensitive++;
        }
    }

    void bound(BoundPod pod) {
        NodeMix mix = nodes.computeIfAbsent(pod.getNodeId(), n -> new NodeMix());
        if (isBestEffort(pod)) {
            mix.bestEffort.put(pod.getPodId(), pod);
            if (mix.latencySensitive == 0) {
                change(pod.getNodeId(), "best-effort pod " + pod.getPodId()
                        + " bound with no latency-sensitive neighbour: shares the CPU by request").put(pod.getPodId(), relaxed(pod));
            }
            return;
        }
        if (++mix.latencySensitive == 1 && !mix.bestEffort.isEmpty()) {
            Map<String, PodCpuSetting> settings = change(pod.getNodeId(), "latency-sensitive pod " + pod.getPodId()
                    + " joined best-effort pods: they run at SCHED_IDLE");
            mix.bestEffort.values().forEach(be -> settings.put(be.getPodId(), shielded(be)));
        }
    }

    void unbound(BoundPod pod) {
        NodeMix mix = nodes.get(pod.getNodeId());
        if (mix == null) {
            return;
        }
        if (isBestEffort(pod)) {
            mix.bestEffort.remove(pod.getPodId());
            Pending p = pending.get(pod.getNodeId());
            if (p != null) {
                p.settings.remove(pod.getPodId()); // gone: its executor needs no setting for it
            }
        } else if (--mix.latencySensitive == 0 && !mix.bestEffort.isEmpty()) {
            Map<String, PodCpuSetting> settings = change(pod.getNodeId(), "last latency-sensitive pod "
                    + pod.getPodId() + " left: best-effort pods share the CPU by request");
            mix.bestEffort.values().forEach(be -> settings.put(be.getPodId(), relaxed(be)));
        }
        if (mix.latencySensitive == 0 && mix.bestEffort.isEmpty()) {
            nodes.remove(pod.getNodeId());
        }
    }

    private Map<String, PodCpuSetting> change(String nodeId, String reason) {
        Pending p = pending.computeIfAbsent(nodeId, n -> new Pending());
        p.reason = reason;
        unstamped.put(nodeId, p);
        return p.settings;
    }

    /** Gives every node changed since the last call a new generation (from the partition's clock). */
    void stamp(LongSupplier generations, long eventTimeMs) {
        for (Pending p : unstamped.values()) {
            p.generation = generations.getAsLong();
            p.decidedAtMs = eventTimeMs;
        }
        unstamped.clear();
    }

    boolean hasChanges() {
        return pending.values().stream().anyMatch(p -> !p.settings.isEmpty());
    }

    /** One change per node with settings left, in node id order; settings in pod id order. */
    List<PriorityChange> drain() {
        List<PriorityChange> out = new ArrayList<>(pending.size());
        pending.forEach((nodeId, p) -> {
            if (!p.settings.isEmpty()) {
                out.add(new PriorityChange(nodeId, p.generation, new ArrayList<>(p.settings.values()), p.reason,
                        p.decidedAtMs));
            }
        });
        pending.clear();
        unstamped.clear();
        return out;
    }

    static boolean isBestEffort(BoundPod pod) {
        return pod.getQos() == QosClass.BE;
    }

    /** BE next to latency-sensitive pods: lowest weight, SCHED_IDLE. */
    static PodCpuSetting shielded(BoundPod pod) {
        return new PodCpuSetting(pod.getPodId(), QosClass.BE, WEIGHT_MIN, UNLIMITED, true);
    }

    /** BE alone with other BE pods: the weight its request earns, like an LS pod. */
    static PodCpuSetting relaxed(BoundPod pod) {
        return new PodCpuSetting(pod.getPodId(), QosClass.BE, weightForRequest(pod.getResources().getCpuMillis()),
                UNLIMITED, false);
    }

    /**
     * The weight a CPU request earns, as the executor computes it for LS pods: Kubernetes' shares
     * (millicores × 1024 / 1000) mapped onto the v2 scale, rounded (1 CPU → 40).
     */
    static int weightForRequest(long cpuMillis) {
        long shares = Math.min(SHARES_MAX, Math.max(SHARES_MIN, cpuMillis * 1024 / 1000));
        return (int) (WEIGHT_MIN + Math.round((double) (shares - SHARES_MIN) * (WEIGHT_MAX - WEIGHT_MIN)
                / (SHARES_MAX - SHARES_MIN)));
    }
}
