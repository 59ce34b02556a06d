package io.sigmaflow.executor.pod;

import io.sigmaflow.executor.cgroup.KnobWriter;
import io.sigmaflow.executor.isolation.CpuList;
import io.sigmaflow.executor.isolation.CpusetPools;
import io.sigmaflow.executor.isolation.HostFeatures;
import io.sigmaflow.executor.isolation.MemoryPolicy;
import io.sigmaflow.executor.pod.StepRunner.StepFailedException;
import io.sigmaflow.schema.Placement;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's isolation rules applied to pods: which memory limit and which cpuset each gets,
 * and keeping every live pod's cpuset equal to what the ledger says (after a pod takes or
 * frees dedicated cores, and after a restart). Called under {@link HostView#effects()}.
 */
public final class HostIsolation {
    private static final Logger LOG = LoggerFactory.getLogger(HostIsolation.class);

    private final HostFeatures features;
    private final CpusetPools pools;

    /** @param pools the dedicated/shared split, or null where cpusets are not managed */
    public HostIsolation(HostFeatures features, CpusetPools pools) {
        this.features = features;
        this.pools = pools;
    }

    public HostFeatures features() {
        return features;
    }

    public Optional<CpusetPools> pools() {
        return Optional.ofNullable(pools);
    }

    /** The dedicated CPUs {@code p} gets, or the shared pool (empty set), with the reason when it asked for more. */
    public CpusetPools.Assignment assign(Placement p) {
        return pools == null ? new CpusetPools.Assignment(new TreeSet<>(), null) : pools.assign(p);
    }

    /** What holds {@code p}: its memory limit, and its dedicated CPUs or the shared pool as the ledger has it now. */
    public PodIsolation of(Placement p, CpusetPools.Assignment cpus) {
        return new PodIsolation(features.memoryLimits() ? MemoryPolicy.forPlacement(p) : null,
                pools == null ? null : CpuList.format(cpus.isDedicated() ? cpus.dedicated() : pools.shared()), mems());
    }

    /** Every NUMA node that has CPUs of this host, kernel list format. */
    private String mems() {
        return pools == null ? null : CpuList.format(pools.topology().cpus().stream().map(c -> c.node()).toList());
    }

    /**
     * Writes every live pod's cpuset from the ledger: the shared pool shrinks before a pod gets
     * dedicated cores and grows back when it leaves; a cpuset changed behind the executor's back
     * is put right. Writes only what differs.
     */
    public void syncCpusets(HostView view, PodSupervisor supervisor) throws InterruptedException {
        if (pools == null) {
            return;
        }
        for (HostView.Pod pod : view.all()) {
            try {
                List<KnobWriter.Write> failed = supervisor.applyIsolation(pod.podId(), new PodIsolation(null, pools.cpusOf(pod.podId()), mems()));
                if (!failed.isEmpty()) {
                    LOG.warn("pod {}: cannot set its cpuset: {}", pod.podId(), failed);
                }
            } catch (StepFailedException e) {
                LOG.warn("pod {}: {}", pod.podId(), e.getMessage());
            }
        }
    }
}
