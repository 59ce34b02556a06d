package io.sigmaflow.executor.isolation;

import io.sigmaflow.executor.cgroup.CgroupController;
import io.sigmaflow.executor.cgroup.CgroupKnob;
import io.sigmaflow.executor.cgroup.CgroupMode;
import io.sigmaflow.executor.cgroup.CgroupResource;
import io.sigmaflow.executor.cgroup.CgroupTree;
import io.sigmaflow.executor.cgroup.CgroupVersion;
import java.nio.file.Files;
import java.util.Map;
import java.util.TreeMap;

/**
 * What this host's kernel offers and the executor therefore enforces, detected once at start
 * from the files of the executor's own cgroups (never assumed from a kernel version): the
 * inventory reports it, and the knobs a kernel lacks are not written.
 *
 * @param memoryLimits pods get memory limits (memory controller present and enabled)
 * @param swapControl swap can be limited per group (v1 memsw, i.e. swap accounting; v2 memory.swap.max)
 * @param cpusets pods get cpusets: dedicated cores and the shared pool (cpuset controller present and enabled)
 * @param cpuIdle SCHED_IDLE groups ({@code cpu.idle}, kernel 5.15+)
 * @param groupIdentity Alibaba Cloud Linux's group identity ({@code cpu.bvt_warp_ns})
 */
public record HostFeatures(CgroupVersion version, CgroupMode mode, boolean memoryLimits, boolean swapControl, boolean cpusets,
        boolean cpuIdle, boolean groupIdentity) {

    public static HostFeatures detect(CgroupTree tree, boolean cpusetsUsable) {
        CgroupVersion v = tree.version();
        boolean memory = tree.has(CgroupController.MEMORY);
        boolean swap = memory && (tree.mode() == CgroupMode.SIMULATED || Files.exists(tree.parent(CgroupController.MEMORY)
                .resolve(CgroupKnob.of(CgroupResource.SWAP_LIMIT, v).orElseThrow().file())));
        boolean cpuset = tree.has(CgroupController.CPUSET) && cpusetsUsable;
        boolean idle = tree.mode() == CgroupMode.SIMULATED
                || Files.exists(tree.parent().resolve(CgroupKnob.of(CgroupResource.IDLE, v).orElseThrow().file()));
        // Simulated trees have no group identity unless a test puts the file there.
        boolean bvt = Files.exists(tree.parent().resolve(CgroupKnob.of(CgroupResource.GROUP_IDENTITY, v).orElseThrow().file()));
        return new HostFeatures(v, tree.mode(), memory, swap, cpuset, idle, bvt);
    }

    /** Kernel features by the name of the knob that shows them, present or not (for the inventory). */
    public Map<String, Boolean> kernelFeatures() {
        Map<String, Boolean> features = new TreeMap<>();
        features.put(CgroupKnob.of(CgroupResource.MEMORY_LIMIT, version).orElseThrow().file(), memoryLimits);
        features.put(CgroupKnob.of(CgroupResource.SWAP_LIMIT, version).orElseThrow().file(), swapControl);
        features.put(CgroupKnob.of(CgroupResource.CPUS, version).orElseThrow().file(), cpusets);
        features.put(CgroupKnob.of(CgroupResource.IDLE, version).orElseThrow().file(), cpuIdle);
        features.put(CgroupKnob.of(CgroupResource.GROUP_IDENTITY, version).orElseThrow().file(), groupIdentity);
        return features;
    }

    /** The prefix of the labels the executor itself sets on its node; config labels cannot use it. */
    public static final String LABEL_PREFIX = "sigmaflow.io/";

    /**
     * What the node registers about its enforcement, as labels (the job's node-selector filter
     * matches them: a pod that needs dedicated cores selects {@code sigmaflow.io/dedicated-cores=true}
     * and is refused, with the filter's reason, on hosts that lack them).
     *
     * @param dedicatableCpus how many CPUs pods can have for themselves at most (all but the shared minimum)
     */
    public Map<String, String> labels(int dedicatableCpus) {
        Map<String, String> labels = new TreeMap<>();
        labels.put(LABEL_PREFIX + "cgroup", version.name().toLowerCase() + (mode == CgroupMode.SIMULATED ? "-simulated" : ""));
        labels.put(LABEL_PREFIX + "memory-limits", String.valueOf(memoryLimits));
        labels.put(LABEL_PREFIX + "swap-off-latency-sensitive", String.valueOf(memoryLimits && swapControl));
        labels.put(LABEL_PREFIX + "dedicated-cores", String.valueOf(cpusets && dedicatableCpus > 0));
        labels.put(LABEL_PREFIX + "dedicatable-cpus", String.valueOf(cpusets ? dedicatableCpus : 0));
        kernelFeatures().forEach((file, present) -> labels.put(LABEL_PREFIX + "kernel." + file, String.valueOf(present)));
        return labels;
    }

    @Override
    public String toString() {
        return "enforces: memory limits " + onOff(memoryLimits) + ", swap control " + onOff(swapControl) + ", cpusets "
                + onOff(cpusets) + ", cpu.idle " + onOff(cpuIdle) + ", group identity (cpu.bvt_warp_ns) " + onOff(groupIdentity);
    }

    private static String onOff(boolean on) {
        return on ? "yes" : "no";
    }
}
