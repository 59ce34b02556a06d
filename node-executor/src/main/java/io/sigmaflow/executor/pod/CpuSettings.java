package io.sigmaflow.executor.pod;

import io.sigmaflow.executor.cgroup.CgroupKnob;
import io.sigmaflow.executor.cgroup.CpuPriorityUpdater;
import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.PodCpuSetting;
import io.sigmaflow.schema.QosClass;
import java.util.Optional;

/** A pod's CPU priority before the job sends one, and the rule a sent one must follow. */
public final class CpuSettings {
    private CpuSettings() {}

    /**
     * The setting a freshly bound pod gets from its placement alone. LS: the weight its CPU
     * request earns (v1 shares = millicores × 1024 / 1000, as Kubernetes does, expressed on the
     * v2 scale); LSR: twice that, reserved pods win ties; BE: the lowest weight and SCHED_IDLE, so
     * it only uses CPU nobody else wants. No quota: limits come from the job or the emergency rule.
     */
    public static PodCpuSetting forPlacement(Placement p) {
        QosClass qos = p.getQos() == null ? QosClass.LS : p.getQos();
        long requestShares = Math.max(CgroupKnob.CPU_SHARES.min(), p.getResources().getCpuMillis() * 1024 / 1000);
        int weight = switch (qos) {
            case BE -> (int) CgroupKnob.CPU_WEIGHT.min();
            case LS -> CpuPriorityUpdater.weightFromShares(requestShares);
            case LSR -> (int) Math.min(CgroupKnob.CPU_WEIGHT.max(), 2L * CpuPriorityUpdater.weightFromShares(requestShares));
        };
        return PodCpuSetting.newBuilder()
                .setPodId(p.getPodId())
                .setQos(qos)
                .setCpuWeight(weight)
                .setCpuQuotaMillis(CgroupKnob.UNLIMITED)
                .setIdle(qos == QosClass.BE)
                .build();
    }

    /** Why {@code s} cannot be applied, or empty. */
    public static Optional<String> problem(PodCpuSetting s) {
        Optional<String> id = SafeName.problem(s.getPodId());
        if (id.isPresent()) {
            return Optional.of("pod id '" + SafeName.printable(s.getPodId()) + "' " + id.get());
        }
        if (!CgroupKnob.CPU_WEIGHT.accepts(s.getCpuWeight())) {
            return Optional.of("pod " + s.getPodId() + ": cpuWeight " + s.getCpuWeight() + " is outside "
                    + CgroupKnob.CPU_WEIGHT.min() + ".." + CgroupKnob.CPU_WEIGHT.max());
        }
        if (s.getCpuQuotaMillis() != CgroupKnob.UNLIMITED && s.getCpuQuotaMillis() < 1) {
            return Optional.of("pod " + s.getPodId() + ": cpuQuotaMillis " + s.getCpuQuotaMillis()
                    + " must be -1 (unlimited) or at least 1");
        }
        return Optional.empty();
    }
}
