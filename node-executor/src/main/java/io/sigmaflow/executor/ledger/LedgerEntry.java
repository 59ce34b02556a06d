package io.sigmaflow.executor.ledger;

import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.PlacementAction;
import io.sigmaflow.schema.PodCpuSetting;
import io.sigmaflow.schema.PodState;

/**
 * What this host has been told about one pod and what it last reported: the executor's durable
 * memory, so a restart neither re-applies a placement nor forgets one.
 *
 * @param generation the newest placement generation seen for the pod (0: only a CPU setting so far)
 * @param action what that placement asked for, or null when none was seen yet
 * @param placement the BIND to (re)run, or null when the pod must not run
 * @param state the state last reported for that generation
 * @param cpu the CPU priority last sent by the job for this pod, or null for the QoS default
 * @param dedicatedCpus the CPUs the pod holds for itself (kernel list format), or null when it
 *     runs in the shared pool: the one record of the host's dedicated-core split
 */
public record LedgerEntry(
        String podId,
        long generation,
        PlacementAction action,
        Placement placement,
        PodState state,
        Integer exitCode,
        String message,
        PodCpuSetting cpu,
        long updatedAtMs,
        String dedicatedCpus) {

    /** An entry of a pod in the shared pool (or not running). */
    public LedgerEntry(String podId, long generation, PlacementAction action, Placement placement, PodState state,
            Integer exitCode, String message, PodCpuSetting cpu, long updatedAtMs) {
        this(podId, generation, action, placement, state, exitCode, message, cpu, updatedAtMs, null);
    }

    /** An entry that only carries a CPU setting for a pod not bound yet. */
    public static LedgerEntry cpuOnly(String podId, PodCpuSetting cpu, long nowMs) {
        return new LedgerEntry(podId, 0, null, null, null, null, null, cpu, nowMs);
    }

    /** True when the pod is meant to run on this host. */
    public boolean wantsRunning() {
        return action == PlacementAction.BIND && placement != null
                && (state == PodState.STARTING || state == PodState.RUNNING);
    }

    public LedgerEntry withState(PodState newState, Integer newExitCode, String newMessage, long nowMs) {
        return new LedgerEntry(podId, generation, action, placement, newState, newExitCode, newMessage, cpu, nowMs, dedicatedCpus);
    }

    public LedgerEntry withCpu(PodCpuSetting newCpu, long nowMs) {
        return new LedgerEntry(podId, generation, action, placement, state, exitCode, message, newCpu, nowMs, dedicatedCpus);
    }
}
