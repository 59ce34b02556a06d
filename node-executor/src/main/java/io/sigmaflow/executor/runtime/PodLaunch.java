package io.sigmaflow.executor.runtime;

import io.sigmaflow.schema.Payload;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything a runtime needs to start one pod.
 *
 * @param procsFile the pod cgroup's {@code cgroup.procs} in the cpu hierarchy (the join is awaited there)
 * @param podStateDir the pod's private directory under the executor's state dir (pid file,
 *     logs, the payload's working directory)
 * @param otherProcsFiles the pod's {@code cgroup.procs} in the other v1 hierarchies (memory,
 *     cpuset), joined before {@code procsFile}; empty on v2, where one directory has them all
 */
public record PodLaunch(String nodeId, String podId, String appId, Payload payload, Path procsFile, Path podStateDir,
        List<Path> otherProcsFiles, List<Integer> gpus) {
    public PodLaunch {
        gpus = gpus == null ? List.of() : List.copyOf(gpus);
        Objects.requireNonNull(podId, "podId");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(procsFile, "procsFile");
        Objects.requireNonNull(podStateDir, "podStateDir");
        otherProcsFiles = List.copyOf(otherProcsFiles);
    }

    /** A launch without GPUs. */
    public PodLaunch(String nodeId, String podId, String appId, Payload payload, Path procsFile, Path podStateDir,
            List<Path> otherProcsFiles) {
        this(nodeId, podId, appId, payload, procsFile, podStateDir, otherProcsFiles, List.of());
    }

    /** A launch into the cpu hierarchy only. */
    public PodLaunch(String nodeId, String podId, String appId, Payload payload, Path procsFile, Path podStateDir) {
        this(nodeId, podId, appId, payload, procsFile, podStateDir, List.of());
    }

    /** Every file to join, in order, the awaited one last. */
    public List<Path> joinFiles() {
        List<Path> all = new ArrayList<>(otherProcsFiles);
        all.add(procsFile);
        return all;
    }
}
