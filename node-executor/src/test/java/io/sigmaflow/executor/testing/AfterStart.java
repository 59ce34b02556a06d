package io.sigmaflow.executor.testing;

import io.sigmaflow.executor.runtime.PodLaunch;
import io.sigmaflow.executor.runtime.PodRuntime;
import io.sigmaflow.executor.runtime.PodStartException;
import io.sigmaflow.executor.runtime.RunningPod;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * Fault injection for tests: the real runtime, plus a hook run right after each payload has
 * really started and before the executor learns of it (hang there, die there, wait there).
 */
public final class AfterStart implements PodRuntime {
    /** What to do after a start. */
    @FunctionalInterface
    public interface Hook {
        void started(PodLaunch launch, RunningPod pod) throws InterruptedException;
    }

    private final PodRuntime real;
    private final Hook hook;

    private AfterStart(PodRuntime real, Hook hook) {
        this.real = real;
        this.hook = hook;
    }

    public static PodRuntime wrap(PodRuntime real, Hook hook) {
        return new AfterStart(real, hook);
    }

    @Override
    public String name() {
        return real.name() + "+hook";
    }

    @Override
    public RunningPod start(PodLaunch launch) throws PodStartException, InterruptedException {
        RunningPod pod = real.start(launch);
        hook.started(launch, pod);
        return pod;
    }

    @Override
    public Optional<RunningPod> adopt(String podId, Path podStateDir, Set<Long> cgroupPids) {
        return real.adopt(podId, podStateDir, cgroupPids);
    }
}
