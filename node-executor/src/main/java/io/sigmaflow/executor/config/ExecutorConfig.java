package io.sigmaflow.executor.config;

import io.sigmaflow.connectors.security.HostSignatures;
import io.sigmaflow.executor.cgroup.CgroupMode;
import io.sigmaflow.executor.cgroup.CgroupVersion;
import io.sigmaflow.executor.emergency.BestEffortThrottle;
import io.sigmaflow.executor.isolation.IsolationSettings;
import io.sigmaflow.executor.runtime.PayloadUser;
import io.sigmaflow.schema.Resources;
import io.sigmaflow.schema.Topology;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything one executor needs, validated ({@link ExecutorConfigReader} builds it from the
 * command line and the config file; the keys are listed in the sample config shipped in dist/).
 *
 * @param groupId Kafka consumer group for this node's committed offsets
 * @param capacity what the node registers (host-detected unless set: simulated hosts set it)
 * @param cgroupVersion forced version, or empty to detect
 * @param cgroupParent this executor's subtree under the cpu hierarchy (one per simulated host)
 * @param payloadUser the unprivileged account payloads run as; empty only when the executor
 *     itself is not root
 * @param applyTimeout deadline of one apply step (start, stop, knob writes)
 * @param emergency the local starvation rule, or empty when disabled
 * @param isolation memory limits and dedicated cores ({@code isolation.*})
 * @param metricsPort port of the Prometheus endpoint ({@code metrics.port}), 0 = no endpoint
 * @param metricsHost address it binds ({@code metrics.host}, loopback by default)
 * @param gpus the host's GPUs ({@code node.gpus.count}, {@code .model}, {@code .memory-mb}); null for none
 * @param signer signs every record this host produces ({@code node.signing-key-file}); null: unsigned
 */
public record ExecutorConfig(
        String nodeId,
        String bootstrap,
        String topicPrefix,
        String groupId,
        Resources capacity,
        Topology topology,
        Map<String, String> labels,
        CgroupMode cgroupMode,
        Optional<CgroupVersion> cgroupVersion,
        Path cgroupMount,
        String cgroupParent,
        Set<Path> allowlist,
        Optional<PayloadUser> payloadUser,
        Path setpriv,
        Path setsid,
        Duration stopGrace,
        Path stateDir,
        Duration applyTimeout,
        boolean refuseOvercommit,
        Duration inventoryInterval,
        Duration watchInterval,
        Duration emergencyInterval,
        Optional<BestEffortThrottle.Settings> emergency,
        IsolationSettings isolation,
        int metricsPort,
        String metricsHost,
        io.sigmaflow.schema.GpuDevices gpus,
        HostSignatures.Signer signer) {

    public ExecutorConfig {
        labels = Map.copyOf(labels);
        allowlist = Set.copyOf(allowlist);
    }

    /** GPUs this host declares; 0 for none. */
    public int gpuCount() {
        return gpus == null ? 0 : gpus.getCount();
    }
}
