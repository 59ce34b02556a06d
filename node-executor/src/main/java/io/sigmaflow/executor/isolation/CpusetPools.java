package io.sigmaflow.executor.isolation;

import io.sigmaflow.executor.ledger.LedgerEntry;
import io.sigmaflow.executor.ledger.PodLedger;
import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.QosClass;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The host's CPUs split into dedicated sets (one per pod that holds cores of its own) and the
 * shared pool (everything else, where LS and BE pods run). The split is read from the ledger
 * every time, never kept apart from it: a pod's dedicated CPUs are written into its ledger entry
 * before it starts, so after a restart the same pods get the same CPUs back.
 */
public final class CpusetPools {
    /**
     * Where one pod runs.
     *
     * @param dedicated its own CPUs, or empty when it runs in the shared pool
     * @param note why a pod that asked for dedicated cores runs shared, or null
     */
    public record Assignment(SortedSet<Integer> dedicated, String note) {
        public boolean isDedicated() {
            return !dedicated.isEmpty();
        }
    }

    private final CpuTopology topology;
    private final IsolationSettings settings;
    private final PodLedger ledger;

    public CpusetPools(CpuTopology topology, IsolationSettings settings, PodLedger ledger) {
        this.topology = topology;
        this.settings = settings;
        this.ledger = ledger;
    }

    public CpuTopology topology() {
        return topology;
    }

    /** Whole CPUs {@code p} asks to have for itself: its QoS may, and its request is whole cores; else 0. */
    public int wanted(Placement p) {
        QosClass qos = p.getQos() == null ? QosClass.LS : p.getQos();
        long millis = p.getResources().getCpuMillis();
        if (!settings.dedicatedCores() || !settings.dedicatedQos().contains(qos) || millis <= 0 || millis % 1000 != 0) {
            return 0;
        }
        return (int) (millis / 1000);
    }

    /**
     * The CPUs {@code p} gets: the ones the ledger already gives it when their number still
     * fits (a relaunch, an in-place update, a restart), else a fresh choice; the shared pool
     * when it wants none or none can be spared (with the reason).
     */
    public Assignment assign(Placement p) {
        int want = wanted(p);
        if (want == 0) {
            return new Assignment(new TreeSet<>(), null);
        }
        Map<String, SortedSet<Integer>> held = dedicated();
        SortedSet<Integer> own = held.remove(p.getPodId());
        if (own != null && own.size() == want && topology.ids().containsAll(own)) {
            return new Assignment(own, null);
        }
        SortedSet<Integer> taken = new TreeSet<>();
        held.values().forEach(taken::addAll);
        Optional<SortedSet<Integer>> chosen = DedicatedCores.choose(topology, taken, want, settings.sharedCpusMin());
        return chosen.map(c -> new Assignment(c, null)).orElseGet(() -> new Assignment(new TreeSet<>(),
                "runs in the shared pool: " + want + " dedicated CPUs asked, " + (topology.cpus().size() - taken.size())
                        + " not dedicated, of which " + settings.sharedCpusMin() + " always stay shared"));
    }

    /** Dedicated CPUs per pod, from the ledger's pods that should run. */
    public Map<String, SortedSet<Integer>> dedicated() {
        Map<String, SortedSet<Integer>> held = new TreeMap<>();
        for (LedgerEntry e : ledger.all()) {
            if (e.wantsRunning() && e.dedicatedCpus() != null && !e.dedicatedCpus().isEmpty()) {
                held.put(e.podId(), CpuList.parse(e.dedicatedCpus()));
            }
        }
        return held;
    }

    /** Every CPU no pod holds for itself. */
    public SortedSet<Integer> shared() {
        SortedSet<Integer> shared = topology.ids();
        dedicated().values().forEach(shared::removeAll);
        return shared;
    }

    /** The cpuset {@code podId} runs in now: its dedicated CPUs or the shared pool, in kernel spelling. */
    public String cpusOf(String podId) {
        SortedSet<Integer> own = dedicated().get(podId);
        return CpuList.format(own != null ? own : shared());
    }
}
