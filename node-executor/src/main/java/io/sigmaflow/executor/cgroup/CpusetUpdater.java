package io.sigmaflow.executor.cgroup;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes which CPUs a pod may run on. v1 needs both {@code cpuset.cpus} and {@code cpuset.mems}
 * set (a group without them admits no task); v2 leaves {@code cpuset.mems} empty, which means
 * the parent's. CPU lists are written in the kernel's own spelling ({@code 0-2,5}), so an
 * unchanged list reads back equal and is not rewritten.
 */
public final class CpusetUpdater {
    private final CgroupVersion version;
    private final KnobWriter writer;

    public CpusetUpdater(CgroupVersion version, KnobWriter writer) {
        this.version = version;
        this.writer = writer;
    }

    /**
     * Confines the cgroup {@code dir} to {@code cpus}; on v1 also to the memory nodes
     * {@code mems} (every node of the host: a pod may allocate wherever the executor may).
     */
    public List<KnobWriter.Write> apply(Path dir, String cpus, String mems) {
        List<KnobWriter.Write> writes = new ArrayList<>();
        if (version == CgroupVersion.V1) {
            writes.add(writer.write(dir, CgroupKnob.CPUSET_MEMS_V1, mems));
        }
        writes.add(writer.write(dir, CgroupKnob.of(CgroupResource.CPUS, version).orElseThrow(), cpus));
        return writes;
    }

    /** The CPUs the group holds, as the kernel spells them ("" on v2 means the parent's). */
    public String read(Path dir) {
        return KnobWriter.read(dir, CgroupKnob.of(CgroupResource.CPUS, version).orElseThrow());
    }
}
