package io.sigmaflow.executor.report;

import io.sigmaflow.schema.PodState;
import io.sigmaflow.schema.PodStatus;

/** Builds the pod status records this node reports. */
public final class PodStatuses {
    private final String nodeId;

    public PodStatuses(String nodeId) {
        this.nodeId = nodeId;
    }

    public PodStatus of(String podId, String appId, long generation, PodState state, Integer exitCode, String message) {
        return PodStatus.newBuilder()
                .setNodeId(nodeId)
                .setPodId(podId)
                .setAppId(appId)
                .setGeneration(generation)
                .setState(state)
                .setExitCode(exitCode)
                .setMessage(message)
                .setObservedAtMs(System.currentTimeMillis())
                .build();
    }

    public String nodeId() {
        return nodeId;
    }
}
