package io.sigmaflow.executor.runtime;

import java.util.OptionalInt;

/** A pod's main process: the pod lives as long as it does. */
public interface RunningPod {
    long pid();

    boolean isAlive();

    /** The exit code once it has exited, when known (only for processes this JVM started). */
    OptionalInt exitCode();

    /** The main process and its descendants (they may have left the cgroup's view in simulated mode). */
    java.util.stream.Stream<ProcessHandle> processes();
}
