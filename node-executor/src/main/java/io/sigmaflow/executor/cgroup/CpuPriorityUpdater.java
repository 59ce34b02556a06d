package io.sigmaflow.executor.cgroup;

import io.sigmaflow.schema.PodCpuSetting;
import io.sigmaflow.schema.QosClass;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a pod's logical CPU priority ({@link PodCpuSetting}: v2 weight, quota in millicores,
 * idle) into the knobs of the host's cgroup version, and back. All v1/v2 value translation
 * lives here: shares ↔ weight, millicores ↔ quota per period, -1 ↔ {@code max}.
 */
public final class CpuPriorityUpdater {
    /** Quota period written with every quota: the kernel default, 100 ms. */
    public static final long PERIOD_US = 100_000;

    private static final long SHARES_MIN = CgroupKnob.CPU_SHARES.min();
    private static final long SHARES_MAX = CgroupKnob.CPU_SHARES.max();
    private static final long WEIGHT_MIN = CgroupKnob.CPU_WEIGHT.min();
    private static final long WEIGHT_MAX = CgroupKnob.CPU_WEIGHT.max();

    private final CgroupVersion version;
    private final KnobWriter writer;
    private final boolean groupIdentity;

    public CpuPriorityUpdater(CgroupVersion version, KnobWriter writer) {
        this(version, writer, false);
    }

    /**
     * @param groupIdentity the kernel offers {@code cpu.bvt_warp_ns} (detected, never assumed):
     *     pods then also get their group identity from their QoS
     */
    public CpuPriorityUpdater(CgroupVersion version, KnobWriter writer, boolean groupIdentity) {
        this.version = version;
        this.writer = writer;
        this.groupIdentity = groupIdentity;
    }

    /**
     * Group identity per QoS, as koordlet sets it: latency-sensitive pods 2 (they preempt and
     * are not preempted by lower identities on a sibling thread), best-effort -1.
     */
    public static int groupIdentity(QosClass qos) {
        return qos == QosClass.BE ? -1 : 2;
    }

    public CgroupVersion version() {
        return version;
    }

    public KnobWriter writer() {
        return writer;
    }

    /**
     * Writes {@code setting} into the cgroup {@code dir}; returns every write, failed ones
     * included. Order matters to the kernel: while a group is idle it refuses weight writes
     * (EINVAL), and clearing idle resets the weight to the default; so idle is cleared before
     * the weight is written, and an idle group's weight is left alone.
     */
    public List<KnobWriter.Write> apply(Path dir, PodCpuSetting setting) {
        List<KnobWriter.Write> writes = new ArrayList<>();
        CgroupKnob idleKnob = CgroupKnob.of(CgroupResource.IDLE, version).orElseThrow();
        CgroupKnob weightKnob = CgroupKnob.of(CgroupResource.WEIGHT, version).orElseThrow();
        if (setting.getIdle()) {
            KnobWriter.Write idle = writer.write(dir, idleKnob, "1");
            writes.add(idle);
            if (idle.outcome() == KnobWriter.Outcome.UNSUPPORTED) {
                // No SCHED_IDLE on this kernel: the lowest weight is the closest it has.
                writes.add(writer.write(dir, weightKnob, String.valueOf(weightKnob.min())));
            }
        } else {
            writes.add(writer.write(dir, idleKnob, "0"));
            writes.add(writer.write(dir, weightKnob, String.valueOf(weightValue(setting.getCpuWeight()))));
        }
        if (groupIdentity) {
            CgroupKnob bvt = CgroupKnob.of(CgroupResource.GROUP_IDENTITY, version).orElseThrow();
            writes.add(writer.write(dir, bvt, String.valueOf(bvt.checked(groupIdentity(setting.getQos())))));
        }
        long quotaUs = quotaMicros(setting.getCpuQuotaMillis());
        if (version == CgroupVersion.V1) {
            writes.add(writer.write(dir, CgroupKnob.CFS_PERIOD_US, String.valueOf(PERIOD_US)));
            writes.add(writer.write(dir, CgroupKnob.CFS_QUOTA_US, String.valueOf(CgroupKnob.CFS_QUOTA_US.checked(quotaUs))));
        } else {
            String quota = quotaUs == CgroupKnob.UNLIMITED ? "max" : String.valueOf(CgroupKnob.CPU_MAX.checked(quotaUs));
            writes.add(writer.write(dir, CgroupKnob.CPU_MAX, quota + " " + PERIOD_US));
        }
        return writes;
    }

    /** What the knobs of {@code dir} hold, as a logical setting (qos is not a kernel fact: LS). */
    public PodCpuSetting read(Path dir, String podId) {
        boolean idle = "1".equals(KnobWriter.read(dir, CgroupKnob.of(CgroupResource.IDLE, version).orElseThrow()));
        int weight;
        long quotaMillis;
        if (version == CgroupVersion.V1) {
            weight = weightFromShares(parseLong(KnobWriter.read(dir, CgroupKnob.CPU_SHARES), 1024));
            long quotaUs = parseLong(KnobWriter.read(dir, CgroupKnob.CFS_QUOTA_US), CgroupKnob.UNLIMITED);
            long periodUs = parseLong(KnobWriter.read(dir, CgroupKnob.CFS_PERIOD_US), PERIOD_US);
            quotaMillis = quotaUs == CgroupKnob.UNLIMITED ? CgroupKnob.UNLIMITED : quotaUs * 1000 / periodUs;
        } else {
            weight = (int) parseLong(KnobWriter.read(dir, CgroupKnob.CPU_WEIGHT), 100);
            String[] max = KnobWriter.read(dir, CgroupKnob.CPU_MAX).split("\\s+");
            long periodUs = max.length > 1 ? parseLong(max[1], PERIOD_US) : PERIOD_US;
            quotaMillis = max[0].equals("max") || max[0].isEmpty()
                    ? CgroupKnob.UNLIMITED : parseLong(max[0], CgroupKnob.UNLIMITED) * 1000 / periodUs;
        }
        return PodCpuSetting.newBuilder().setPodId(podId).setQos(QosClass.LS).setCpuWeight(weight)
                .setCpuQuotaMillis(quotaMillis).setIdle(idle).build();
    }

    /**
     * v1 shares for a v2 weight: the linear map of [1, 10000] onto [2, 262144] that the kernel
     * and Kubernetes use (weight 1 → 2, 100 → 2597, 10000 → 262144).
     */
    public static long sharesFromWeight(long weight) {
        long w = clamp(weight, WEIGHT_MIN, WEIGHT_MAX);
        return SHARES_MIN + (w - WEIGHT_MIN) * (SHARES_MAX - SHARES_MIN) / (WEIGHT_MAX - WEIGHT_MIN);
    }

    /** v2 weight for v1 shares; rounds, so that weight → shares → weight is exact. */
    public static int weightFromShares(long shares) {
        long s = clamp(shares, SHARES_MIN, SHARES_MAX);
        return (int) (WEIGHT_MIN + Math.round((double) (s - SHARES_MIN) * (WEIGHT_MAX - WEIGHT_MIN) / (SHARES_MAX - SHARES_MIN)));
    }

    /**
     * Quota per {@link #PERIOD_US} for a limit in millicores (1000 = one full CPU); -1 stays
     * unlimited; a positive limit below the kernel's 1 ms minimum is raised to it.
     */
    public static long quotaMicros(long quotaMillis) {
        if (quotaMillis < 0) {
            return CgroupKnob.UNLIMITED;
        }
        return Math.max(CgroupKnob.CFS_QUOTA_US.min(), quotaMillis * PERIOD_US / 1000);
    }

    private long weightValue(int weight) {
        long w = CgroupKnob.CPU_WEIGHT.checked(weight);
        return version == CgroupVersion.V1 ? CgroupKnob.CPU_SHARES.checked(sharesFromWeight(w)) : w;
    }

    private static long clamp(long v, long min, long max) {
        return Math.max(min, Math.min(max, v));
    }

    private static long parseLong(String text, long fallback) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
