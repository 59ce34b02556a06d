package io.sigmaflow.executor.runtime;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * Runs a pod's payload inside the pod's cgroup. {@link ProcessRuntime} runs it as a plain
 * process (like Nomad's raw_exec); a container runtime can implement the same contract.
 * Cgroup creation, CPU knobs and stopping (signal, grace, kill) stay with the caller, which
 * owns the cgroup.
 */
public interface PodRuntime {
    /** Short name for logs and the README ("process"). */
    String name();

    /**
     * Starts the payload so that it is inside the cgroup whose {@code cgroup.procs} is
     * {@link PodLaunch#procsFile()} before any payload code runs, and returns once it is.
     *
     * @throws PodStartException when it cannot be started; {@link PodStartException#refused()}
     *     when policy forbids it
     * @throws InterruptedException when the step was cancelled (the caller kills what it started)
     */
    RunningPod start(PodLaunch launch) throws PodStartException, InterruptedException;

    /**
     * After an executor restart: the pod's main process if it still runs, identified by what
     * {@link #start} recorded in {@code podStateDir} and found among {@code cgroupPids}.
     */
    Optional<RunningPod> adopt(String podId, Path podStateDir, Set<Long> cgroupPids);
}
