package io.sigmaflow.executor.pod;

import io.sigmaflow.executor.cgroup.KnobWriter;
import io.sigmaflow.executor.isolation.CpuList;
import io.sigmaflow.executor.isolation.CpusetPools;
import io.sigmaflow.executor.ledger.LedgerEntry;
import io.sigmaflow.executor.ledger.PodLedger;
import io.sigmaflow.executor.pod.StepRunner.StepFailedException;
import io.sigmaflow.executor.report.PodStatuses;
import io.sigmaflow.executor.report.StatusSink;
import io.sigmaflow.executor.runtime.PayloadPolicy;
import io.sigmaflow.executor.runtime.PodStartException;
import io.sigmaflow.executor.runtime.RunningPod;
import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.PlacementAction;
import io.sigmaflow.schema.PodCpuSetting;
import io.sigmaflow.schema.PodState;
import io.sigmaflow.schema.Resources;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies one placement to this host, idempotently: a placement whose generation is not newer
 * than the one the ledger holds for its pod changes nothing. A BIND is written ahead to the
 * ledger (STARTING), then started, then marked RUNNING; an UNBIND stops the pod and leaves a
 * tombstone with its generation, so an older BIND replayed later is ignored. Every refusal is
 * reported as REFUSED with its reason. Called from the consumer thread only.
 */
public final class PlacementApplier {
    private static final Logger LOG = LoggerFactory.getLogger(PlacementApplier.class);

    /** What {@link #apply} did with a placement. */
    public enum Result { APPLIED, DUPLICATE, REFUSED, FAILED, OTHER_NODE }

    private final String nodeId;
    private final PodLedger ledger;
    private final HostView view;
    private final PodSupervisor supervisor;
    private final PayloadPolicy policy;
    private final Resources allocatable;
    private final boolean refuseOvercommit;
    private final StatusSink sink;
    private final PodStatuses statuses;
    private final HostIsolation isolation;
    /** GPUs this host declares (indexes 0..gpuCount-1); a BIND naming others is refused. */
    private final int gpuCount;
    private volatile CpuOverride override = CpuOverride.NONE;

    public PlacementApplier(String nodeId, PodLedger ledger, HostView view, PodSupervisor supervisor,
            PayloadPolicy policy, Resources allocatable, boolean refuseOvercommit, StatusSink sink, HostIsolation isolation,
            int gpuCount) {
        this.gpuCount = gpuCount;
        this.nodeId = nodeId;
        this.ledger = ledger;
        this.view = view;
        this.supervisor = supervisor;
        this.policy = policy;
        this.allocatable = allocatable;
        this.refuseOvercommit = refuseOvercommit;
        this.sink = sink;
        this.statuses = new PodStatuses(nodeId);
        this.isolation = isolation;
    }

    public HostIsolation isolation() {
        return isolation;
    }

    /** Installs the emergency rule's view of CPU settings (identity until then). */
    public void setCpuOverride(CpuOverride override) {
        this.override = override;
    }

    public Result apply(Placement p) throws InterruptedException {
        if (!nodeId.equals(p.getNodeId())) {
            return Result.OTHER_NODE;
        }
        String podId = p.getPodId();
        Optional<String> unsafe = SafeName.problem(podId);
        if (unsafe.isPresent()) {
            // Not stored: an unsafe id never becomes a file name.
            report(p, PodState.REFUSED, null, "pod id '" + SafeName.printable(podId) + "' " + unsafe.get());
            return Result.REFUSED;
        }
        Optional<LedgerEntry> prev = ledger.get(podId);
        if (prev.isPresent() && prev.get().generation() >= p.getGeneration()) {
            LOG.debug("pod {} generation {}: already at generation {}, nothing to do", podId, p.getGeneration(),
                    prev.get().generation());
            return Result.DUPLICATE;
        }
        PodCpuSetting jobCpu = prev.map(LedgerEntry::cpu).orElse(null);
        return p.getAction() == PlacementAction.BIND ? bind(p, jobCpu) : unbind(p, jobCpu);
    }

    private Result bind(Placement p, PodCpuSetting jobCpu) throws InterruptedException {
        String podId = p.getPodId();
        Optional<HostView.Pod> live = view.get(podId);
        Optional<String> refusal = policy.refusal(p.getPayload()).or(() -> gpuProblem(p)).or(() -> overcommit(p));
        if (refusal.isPresent()) {
            if (live.isPresent()) {
                stopLive(live.get());
            }
            record(p, null, PodState.REFUSED, null, refusal.get(), jobCpu);
            return Result.REFUSED;
        }
        PodCpuSetting base = jobCpu != null ? jobCpu : CpuSettings.forPlacement(p);
        if (live.isPresent() && live.get().phase() == HostView.Phase.RUNNING
                && Objects.equals(live.get().placement().getPayload(), p.getPayload())) {
            // Same payload, newer generation (a re-commit, a resource or QoS change): keep the process.
            CpusetPools.Assignment cpus = isolation.assign(p);
            record(p, p, PodState.RUNNING, null, note("updated in place", cpus), jobCpu, cpus);
            try {
                supervisor.applyCpu(podId, override.effective(base));
                isolation.syncCpusets(view, supervisor); // others shrink first if it took cores
                List<KnobWriter.Write> failed = supervisor.applyIsolation(podId, isolation.of(p, cpus));
                if (!failed.isEmpty()) {
                    LOG.warn("pod {}: cannot update its isolation: {}", podId, failed);
                }
            } catch (StepFailedException e) {
                LOG.warn("pod {}: {}", podId, e.getMessage());
            }
            view.replace(live.get(), live.get().withGeneration(p.getGeneration(), p).withCpu(base));
            return Result.APPLIED;
        }
        if (live.isPresent()) {
            stopLive(live.get());
        }
        return launch(p, base, jobCpu, null);
    }

    /**
     * Starts a BIND: ledger first (STARTING), then the pod, then RUNNING. Also used by the
     * startup reconciliation to restart a pod that should run but does not.
     */
    public Result launch(Placement p, PodCpuSetting base, PodCpuSetting jobCpu, String note) throws InterruptedException {
        long started = System.nanoTime();
        // Dedicated cores go into the ledger before the pod starts: the ledger is the one record
        // of the split, so a crash from here on restarts the pod on the same CPUs.
        CpusetPools.Assignment cpus = isolation.assign(p);
        ledger.put(new LedgerEntry(p.getPodId(), p.getGeneration(), PlacementAction.BIND, p, PodState.STARTING,
                null, note, jobCpu, System.currentTimeMillis(), dedicated(cpus)));
        try {
            isolation.syncCpusets(view, supervisor); // the shared pool gives the cores up before the pod runs on them
            PodIsolation limits = isolation.of(p, cpus);
            RunningPod process = supervisor.start(p, override.effective(base), limits);
            view.put(new HostView.Pod(p.getPodId(), p.getAppId(), p.getGeneration(), HostView.Phase.RUNNING, process, p, base));
            record(p, p, PodState.RUNNING, null, note(note, cpus), jobCpu, cpus);
            LOG.info("pod {} generation {} running as pid {} ({} ms){}{}", p.getPodId(), p.getGeneration(), process.pid(),
                    (System.nanoTime() - started) / 1_000_000,
                    limits.memory() == null ? "" : ", memory " + limits.memory(),
                    limits.cpus() == null ? "" : (cpus.isDedicated() ? ", dedicated CPUs " : ", shared CPUs ") + limits.cpus());
            return Result.APPLIED;
        } catch (StepFailedException e) {
            boolean refused = e.getCause() instanceof PodStartException pse && pse.refused();
            record(p, refused ? null : p, refused ? PodState.REFUSED : PodState.FAILED, null, e.getMessage(), jobCpu);
            isolation.syncCpusets(view, supervisor); // its cores, if any, go back to the shared pool
            return refused ? Result.REFUSED : Result.FAILED;
        }
    }

    private Result unbind(Placement p, PodCpuSetting jobCpu) throws InterruptedException {
        String podId = p.getPodId();
        Optional<HostView.Pod> live = view.get(podId);
        try {
            if (live.isPresent()) {
                stopLive(live.get());
            } else if (supervisor.tree().pods().contains(podId)) {
                supervisor.stop(podId, null);
            }
        } catch (java.io.IOException e) {
            LOG.warn("pod {}: cannot list cgroups: {}", podId, e.toString());
        } catch (StepFailedException e) {
            record(p, null, PodState.FAILED, null, "could not stop: " + e.getMessage(), jobCpu);
            return Result.FAILED;
        }
        record(p, null, PodState.STOPPED, null, p.getReason(), jobCpu);
        isolation.syncCpusets(view, supervisor); // its dedicated cores, if any, go back to the shared pool
        return Result.APPLIED;
    }

    private void stopLive(HostView.Pod live) throws InterruptedException {
        HostView.Pod stopping = live.withPhase(HostView.Phase.STOPPING);
        view.replace(live, stopping);
        try {
            supervisor.stop(live.podId(), live.process());
        } catch (StepFailedException e) {
            LOG.error("pod {} generation {}: {}", live.podId(), live.generation(), e.getMessage());
        } finally {
            view.remove(stopping);
        }
    }

    /**
     * Why this host cannot give {@code p} the GPUs its BIND names, if it cannot: none here, an index
     * past the host's GPUs, or one named twice. A pod without GPU indexes always passes.
     */
    private Optional<String> gpuProblem(Placement p) {
        List<Integer> gpus = p.getGpus();
        if (gpus.isEmpty()) {
            return Optional.empty();
        }
        if (gpuCount == 0) {
            return Optional.of("gpus " + gpus + " requested, but node " + nodeId + " has no GPUs (node.gpus.count)");
        }
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int g : gpus) {
            if (g < 0 || g >= gpuCount) {
                return Optional.of("gpu " + g + " requested, but node " + nodeId + " has " + gpuCount
                        + " GPU(s), indexes 0.." + (gpuCount - 1));
            }
            if (!seen.add(g)) {
                return Optional.of("gpu " + g + " named twice in " + gpus);
            }
        }
        return Optional.empty();
    }

    /** Why binding {@code p} would exceed this node's allocatable resources, if it would. */
    private Optional<String> overcommit(Placement p) {
        if (!refuseOvercommit) {
            return Optional.empty();
        }
        long cpu = 0;
        long mem = 0;
        for (LedgerEntry e : ledger.all()) {
            if (e.wantsRunning() && !e.podId().equals(p.getPodId())) {
                cpu += e.placement().getResources().getCpuMillis();
                mem += e.placement().getResources().getMemoryMb();
            }
        }
        Resources want = p.getResources();
        if (cpu + want.getCpuMillis() > allocatable.getCpuMillis()) {
            return Optional.of("would overcommit cpu: " + want.getCpuMillis() + "m requested, " + cpu + "m bound, "
                    + allocatable.getCpuMillis() + "m allocatable");
        }
        if (mem + want.getMemoryMb() > allocatable.getMemoryMb()) {
            return Optional.of("would overcommit memory: " + want.getMemoryMb() + " MiB requested, " + mem
                    + " MiB bound, " + allocatable.getMemoryMb() + " MiB allocatable");
        }
        return Optional.empty();
    }

    private void record(Placement p, Placement toRun, PodState state, Integer exitCode, String message, PodCpuSetting jobCpu) {
        record(p, toRun, state, exitCode, message, jobCpu, null);
    }

    private void record(Placement p, Placement toRun, PodState state, Integer exitCode, String message, PodCpuSetting jobCpu,
            CpusetPools.Assignment cpus) {
        ledger.put(new LedgerEntry(p.getPodId(), p.getGeneration(), p.getAction(), toRun, state, exitCode, message,
                jobCpu, System.currentTimeMillis(), cpus == null ? null : dedicated(cpus)));
        report(p, state, exitCode, message);
    }

    private static String dedicated(CpusetPools.Assignment cpus) {
        return cpus.isDedicated() ? CpuList.format(cpus.dedicated()) : null;
    }

    /** The status message: what happened, and why a pod that asked for dedicated cores runs shared. */
    private static String note(String note, CpusetPools.Assignment cpus) {
        String where = cpus.isDedicated() ? "on dedicated CPUs " + CpuList.format(cpus.dedicated()) : cpus.note();
        if (where == null) {
            return note;
        }
        return note == null ? where : note + "; " + where;
    }

    private void report(Placement p, PodState state, Integer exitCode, String message) {
        if (state == PodState.REFUSED || state == PodState.FAILED) {
            LOG.warn("pod {} generation {} {}: {}", SafeName.printable(p.getPodId()), p.getGeneration(), state, message);
        }
        sink.podStatus(statuses.of(p.getPodId(), p.getAppId(), p.getGeneration(), state, exitCode, message));
    }
}
