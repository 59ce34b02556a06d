package io.sigmaflow.placement.plugins.dedicatedcores;

import io.sigmaflow.placement.framework.ClusterView;
import io.sigmaflow.placement.framework.FilterPlugin;
import io.sigmaflow.placement.framework.NodeView;
import io.sigmaflow.placement.framework.Rejection;
import io.sigmaflow.placement.model.Pod;
import io.sigmaflow.schema.QosClass;

/**
 * Filter: an LSR pod asking for whole cores needs a host that can dedicate them. Hosts say what
 * they enforce when they register (node-executor's {@code HostFeatures}):
 * {@value #CAPABLE}{@code =false} (no cpuset controller, or dedication turned off) or
 * {@value #DEDICATABLE}{@code =N} (CPUs it may hand out, one always stays shared). A node that
 * declares nothing (registered by an operator, not by an executor) is not judged: the filter only
 * refuses what a host said it cannot do.
 */
public final class DedicatedCores implements FilterPlugin<Long> {
    public static final String NAME = "DedicatedCores";
    /** Whether the host can dedicate CPUs at all. */
    public static final String CAPABLE = "sigmaflow.io/dedicated-cores";
    /** How many CPUs the host may dedicate in all. */
    public static final String DEDICATABLE = "sigmaflow.io/dedicatable-cpus";
    public static final Rejection CANNOT = new Rejection(NAME, "node(s) cannot dedicate cores");
    public static final Rejection TOO_FEW = new Rejection(NAME, "node(s) have too few CPUs to dedicate");

    @Override
    public String name() {
        return NAME;
    }

    /** The whole cores the pod needs dedicated; null when it needs none (not LSR, or a fraction of a core). */
    @Override
    public Long prepare(Pod pod, ClusterView cluster) {
        long millis = pod.requests().cpuMillis();
        return pod.qos() == QosClass.LSR && millis > 0 && millis % 1000 == 0 ? millis / 1000 : null;
    }

    @Override
    public Rejection filter(Long cores, Pod pod, NodeView node) {
        if (cores == null) {
            return null;
        }
        if ("false".equals(node.labels().get(CAPABLE))) {
            return CANNOT;
        }
        String dedicatable = node.labels().get(DEDICATABLE);
        if (dedicatable != null) {
            try {
                if (Long.parseLong(dedicatable) < cores) {
                    return TOO_FEW;
                }
            } catch (NumberFormatException e) {
                return CANNOT; // a label that says nothing usable promises nothing
            }
        }
        return null;
    }
}
