package io.sigmaflow.executor.sync;

import io.sigmaflow.executor.cgroup.KnobWriter;
import io.sigmaflow.executor.isolation.CpuList;
import io.sigmaflow.executor.isolation.CpusetPools;
import io.sigmaflow.executor.ledger.LedgerEntry;
import io.sigmaflow.executor.ledger.PodLedger;
import io.sigmaflow.executor.pod.CpuOverride;
import io.sigmaflow.executor.pod.CpuSettings;
import io.sigmaflow.executor.pod.HostIsolation;
import io.sigmaflow.executor.pod.HostView;
import io.sigmaflow.executor.pod.PlacementApplier;
import io.sigmaflow.executor.pod.PodSupervisor;
import io.sigmaflow.executor.pod.StepRunner.StepFailedException;
import io.sigmaflow.executor.report.PodStatuses;
import io.sigmaflow.executor.report.StatusSink;
import io.sigmaflow.executor.runtime.RunningPod;
import io.sigmaflow.schema.PodCpuSetting;
import io.sigmaflow.schema.PodState;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the executor's view of its host at start, before any record is consumed: every pod
 * cgroup found is either adopted (the ledger wants it running and its process is alive),
 * or removed with its processes (an orphan no placement claims, or a pod whose process is gone);
 * then every pod the ledger wants running but that does not run is restarted. This is how a
 * host converges to its committed placements after a crash, a kill -9 mid-apply, or a reboot.
 */
public final class HostReconciler {
    private static final Logger LOG = LoggerFactory.getLogger(HostReconciler.class);
    /** Tombstones older than the placements topic's retention (7 days) plus a day can go. */
    static final Duration TOMBSTONE_RETENTION = Duration.ofDays(8);

    /** What one reconciliation found and did. */
    public record Summary(int adopted, int orphansRemoved, int restarted, int failedRestarts, int pruned) {}

    private final HostView view;
    private final PodLedger ledger;
    private final PodSupervisor supervisor;
    private final PlacementApplier applier;
    private final CpuOverride override;
    private final StatusSink sink;
    private final PodStatuses statuses;

    public HostReconciler(String nodeId, HostView view, PodLedger ledger, PodSupervisor supervisor,
            PlacementApplier applier, CpuOverride override, StatusSink sink) {
        this.view = view;
        this.ledger = ledger;
        this.supervisor = supervisor;
        this.applier = applier;
        this.override = override;
        this.sink = sink;
        this.statuses = new PodStatuses(nodeId);
    }

    public Summary reconcile() throws IOException, InterruptedException {
        int adopted = 0;
        int orphans = 0;
        int restarted = 0;
        int failed = 0;
        view.effects().lock();
        try {
            for (String podId : supervisor.tree().pods()) {
                Optional<LedgerEntry> entry = ledger.get(podId);
                if (entry.isEmpty() || !entry.get().wantsRunning()) {
                    stopQuietly(podId);
                    orphans++;
                    long generation = entry.map(LedgerEntry::generation).orElse(0L);
                    sink.podStatus(statuses.of(podId, null, generation, PodState.STOPPED, null,
                            "orphan removed: no placement on this node claims it"));
                    continue;
                }
                Optional<RunningPod> process = supervisor.adopt(podId);
                if (process.isEmpty()) {
                    stopQuietly(podId); // leftovers of a pod whose main process is gone: restarted below
                    continue;
                }
                LedgerEntry e = entry.get();
                PodCpuSetting base = baseCpu(e);
                try {
                    supervisor.applyCpu(podId, override.effective(base));
                    // Its memory limit and its CPUs as the ledger has them: a restart never re-chooses cores.
                    HostIsolation isolation = applier.isolation();
                    List<KnobWriter.Write> refused = supervisor.applyIsolation(podId,
                            isolation.of(e.placement(), new CpusetPools.Assignment(dedicated(e), null)));
                    if (!refused.isEmpty()) {
                        LOG.warn("pod {}: cannot restore its isolation: {}", podId, refused);
                    }
                } catch (StepFailedException ex) {
                    LOG.warn("pod {}: {}", podId, ex.getMessage());
                }
                view.put(new HostView.Pod(podId, e.placement().getAppId(), e.generation(), HostView.Phase.RUNNING,
                        process.get(), e.placement(), base));
                if (e.state() != PodState.RUNNING) {
                    ledger.put(e.withState(PodState.RUNNING, null, "adopted after executor restart", System.currentTimeMillis()));
                }
                sink.podStatus(statuses.of(podId, e.placement().getAppId(), e.generation(), PodState.RUNNING, null,
                        "adopted after executor restart"));
                adopted++;
            }
            applier.isolation().syncCpusets(view, supervisor); // adopted pods of the shared pool, from the ledger's split
            for (LedgerEntry e : ledger.all()) {
                if (e.wantsRunning() && view.get(e.podId()).isEmpty()) {
                    PlacementApplier.Result r = applier.launch(e.placement(), baseCpu(e), e.cpu(),
                            "restarted: it was not running when the executor started");
                    if (r == PlacementApplier.Result.APPLIED) {
                        restarted++;
                    } else {
                        failed++;
                    }
                }
            }
        } finally {
            view.effects().unlock();
        }
        int pruned = prune();
        Summary s = new Summary(adopted, orphans, restarted, failed, pruned);
        LOG.info("host reconciled: {}", s);
        return s;
    }

    private static SortedSet<Integer> dedicated(LedgerEntry e) {
        return e.dedicatedCpus() == null ? new TreeSet<>() : CpuList.parse(e.dedicatedCpus());
    }

    private static PodCpuSetting baseCpu(LedgerEntry e) {
        return e.cpu() != null ? e.cpu() : CpuSettings.forPlacement(e.placement());
    }

    private void stopQuietly(String podId) throws InterruptedException {
        try {
            supervisor.stop(podId, null);
        } catch (StepFailedException e) {
            LOG.error("pod {}: cannot remove: {}", podId, e.getMessage());
        }
    }

    private int prune() {
        long cutoff = System.currentTimeMillis() - TOMBSTONE_RETENTION.toMillis();
        int pruned = 0;
        for (LedgerEntry e : ledger.all()) {
            if (!e.wantsRunning() && e.updatedAtMs() < cutoff) {
                ledger.remove(e.podId());
                pruned++;
            }
        }
        return pruned;
    }
}
