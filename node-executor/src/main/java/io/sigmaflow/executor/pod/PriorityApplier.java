package io.sigmaflow.executor.pod;

import io.sigmaflow.executor.ledger.LedgerEntry;
import io.sigmaflow.executor.ledger.PodLedger;
import io.sigmaflow.executor.pod.StepRunner.StepFailedException;
import io.sigmaflow.schema.PodCpuSetting;
import io.sigmaflow.schema.PriorityChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the job's CPU priority changes for this node. Changes carry a per-node generation;
 * one not newer than the last applied is a no-op. Each setting is kept in the ledger (a pod not
 * bound yet gets it when its BIND arrives) and written to the running pod's knobs through the
 * emergency override. Invalid settings are skipped and returned, the valid ones still apply.
 * Called from the consumer thread only.
 */
public final class PriorityApplier {
    private static final Logger LOG = LoggerFactory.getLogger(PriorityApplier.class);

    /** What {@link #apply} did: {@code problems} name the settings that were skipped. */
    public record Result(boolean applied, List<String> problems) {
        static final Result DUPLICATE = new Result(false, List.of());
    }

    private final String nodeId;
    private final PodLedger ledger;
    private final HostView view;
    private final PodSupervisor supervisor;
    private volatile CpuOverride override = CpuOverride.NONE;

    public PriorityApplier(String nodeId, PodLedger ledger, HostView view, PodSupervisor supervisor) {
        this.nodeId = nodeId;
        this.ledger = ledger;
        this.view = view;
        this.supervisor = supervisor;
    }

    public void setCpuOverride(CpuOverride override) {
        this.override = override;
    }

    /** Empty when the change is for another node. */
    public Optional<Result> apply(PriorityChange change) throws InterruptedException {
        if (!nodeId.equals(change.getNodeId())) {
            return Optional.empty();
        }
        if (change.getGeneration() <= ledger.priorityGeneration()) {
            return Optional.of(Result.DUPLICATE);
        }
        List<String> problems = new ArrayList<>();
        for (PodCpuSetting s : change.getSettings()) {
            Optional<String> problem = CpuSettings.problem(s);
            if (problem.isPresent()) {
                problems.add(problem.get());
                continue;
            }
            long now = System.currentTimeMillis();
            LedgerEntry entry = ledger.get(s.getPodId()).map(e -> e.withCpu(s, now)).orElse(LedgerEntry.cpuOnly(s.getPodId(), s, now));
            ledger.put(entry);
            Optional<HostView.Pod> live = view.get(s.getPodId());
            if (live.isPresent() && live.get().phase() == HostView.Phase.RUNNING) {
                try {
                    List<?> failed = supervisor.applyCpu(s.getPodId(), override.effective(s));
                    if (!failed.isEmpty()) {
                        problems.add("pod " + s.getPodId() + ": " + failed);
                    }
                } catch (StepFailedException e) {
                    problems.add("pod " + s.getPodId() + ": " + e.getMessage());
                }
                view.replace(live.get(), live.get().withCpu(s));
            }
        }
        ledger.setPriorityGeneration(change.getGeneration());
        if (!problems.isEmpty()) {
            LOG.warn("priority change generation {}: {}", change.getGeneration(), problems);
        }
        return Optional.of(new Result(true, problems));
    }
}
