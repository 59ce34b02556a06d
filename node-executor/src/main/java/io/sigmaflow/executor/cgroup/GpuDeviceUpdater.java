package io.sigmaflow.executor.cgroup;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Keeps a pod's cgroup from opening the host's NVIDIA GPUs it was not given: one v1
 * {@code devices.deny} rule {@code c 195:N rwm} per GPU index N outside the pod's, for every index
 * a node may declare (0..63, not only {@code node.gpus.count}: a host with more GPUs than it declares
 * keeps the undeclared ones closed too; the driver's {@code /dev/nvidiaN} is char major 195, minor N). {@code /dev/nvidiactl} (195:255),
 * {@code nvidia-modeset} (195:254) and {@code nvidia-uvm} (its own major) stay open: every CUDA
 * process needs them, and they give no GPU by themselves.
 *
 * <p>Why deny rules, not "deny all, then allow": a new v1 cgroup inherits its parent's rules, on
 * an executor host "a *:* rwm" (allow by default), and the kernel removes only exact matches of a
 * rule, so {@code deny c 195:* } followed by {@code allow c 195:0} would leave 195:0 denied. One
 * deny per other GPU is what the kernel composes as intended. On v2 there is no devices controller
 * (device control there is an eBPF program attached to the cgroup): the rules are counted as
 * unsupported, like the other knobs a kernel lacks, and the pod's GPUs are only named by its
 * environment ({@code CUDA_VISIBLE_DEVICES}).
 */
public final class GpuDeviceUpdater {
    /** The NVIDIA driver's character-device major for {@code /dev/nvidia0..N}, nvidiactl and modeset. */
    public static final int NVIDIA_MAJOR = 195;
    /** GPU indexes denied unless assigned: as many as a node may declare ({@code GpuDevices.MAX_COUNT}). */
    public static final int INDEXES = 64;

    private final CgroupVersion version;
    private final KnobWriter writer;

    public GpuDeviceUpdater(CgroupVersion version, KnobWriter writer) {
        this.version = version;
        this.writer = writer;
    }

    /** The rule denying GPU {@code index}: {@code c 195:index rwm}. */
    public static String denyRule(int index) {
        return "c " + NVIDIA_MAJOR + ":" + index + " rwm";
    }

    /**
     * Denies the cgroup {@code dir} every GPU except {@code assigned} (a pod without GPUs gets all
     * of them denied). Returns one write per rule; on v2 one unsupported write.
     */
    public List<KnobWriter.Write> apply(Path dir, List<Integer> assigned) {
        if (version == CgroupVersion.V2) {
            return List.of(writer.unsupported(CgroupKnob.DEVICES_DENY_V1, denyRule(0),
                    "cgroup v2 has no devices controller (device control needs an eBPF program): GPUs not enforced"));
        }
        Set<Integer> mine = new HashSet<>(assigned == null ? List.of() : assigned);
        List<KnobWriter.Write> writes = new ArrayList<>();
        for (int index = 0; index < INDEXES; index++) {
            if (!mine.contains(index)) {
                writes.add(writer.writeRule(dir, CgroupKnob.DEVICES_DENY_V1, denyRule(index)));
            }
        }
        return writes;
    }
}
