package io.sigmaflow.executor.runtime;

import io.sigmaflow.schema.Payload;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything a runtime needs to start one pod.
 *
 * @param procsFile the pod cgroup's {@code cgroup.procs}
 * @param podStateDir the pod's private directory under the executor's state dir (pid file,
 *     logs, the payload's working directory)
 */
public record PodLaunch(String nodeId, String podId, String appId, Payload payload, Path procsFile, Path podStateDir) {
    public PodLaunch {
        Objects.requireNonNull(podId, "podId");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(procsFile, "procsFile");
        Objects.requireNonNull(podStateDir, "podStateDir");
    }
}
