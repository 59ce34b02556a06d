package io.sigmaflow.executor.cgroup;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Turns a pod's logical memory limit ({@link MemoryLimit}) into the knobs of the host's cgroup
 * version, and reads the kernel's OOM counters back. All v1/v2 translation lives here: v2
 * {@code memory.swap.max} is swap alone while v1 {@code memory.memsw.limit_in_bytes} is memory
 * plus swap (and may never be below {@code memory.limit_in_bytes}, which decides the write
 * order); -1 ↔ {@code max}; v1 alone has a per-group swappiness.
 */
public final class MemoryLimitUpdater {
    /** The kernel's default swappiness, written back when a pod may swap again. */
    static final int DEFAULT_SWAPPINESS = 60;

    /**
     * What the kernel holds a pod's memory to.
     *
     * @param limitBytes hard limit, or {@link CgroupKnob#UNLIMITED}
     * @param swapOff no swap at all for the group (latency-sensitive pods)
     */
    public record MemoryLimit(long limitBytes, boolean swapOff) {
        public static final MemoryLimit NONE = new MemoryLimit(CgroupKnob.UNLIMITED, false);

        public long limitMb() {
            return limitBytes < 0 ? -1 : limitBytes >> 20;
        }

        @Override
        public String toString() {
            return (limitBytes < 0 ? "no limit" : limitMb() + " MiB") + (swapOff ? ", swap off" : ", swap allowed");
        }
    }

    private final CgroupVersion version;
    private final KnobWriter writer;

    public MemoryLimitUpdater(CgroupVersion version, KnobWriter writer) {
        this.version = version;
        this.writer = writer;
    }

    /** Writes {@code limit} into the pod's memory cgroup {@code dir}; returns every write, failed ones included. */
    public List<KnobWriter.Write> apply(Path dir, MemoryLimit limit) {
        List<KnobWriter.Write> writes = new ArrayList<>();
        long bytes = limit.limitBytes() < 0 ? CgroupKnob.UNLIMITED : CgroupKnob.MEMORY_MAX.checked(limit.limitBytes());
        if (version == CgroupVersion.V2) {
            writes.add(writer.write(dir, CgroupKnob.MEMORY_MAX, bytes < 0 ? "max" : String.valueOf(bytes)));
            writes.add(writer.write(dir, CgroupKnob.MEMORY_SWAP_MAX, limit.swapOff() ? "0" : "max"));
            return writes;
        }
        // v1: memsw (memory + swap) = the limit itself turns swap off; unlimited lets the group swap.
        long memsw = limit.swapOff() ? bytes : CgroupKnob.UNLIMITED;
        // The kernel keeps memsw >= limit at every moment: raise memsw first when the new limit
        // would pass the current memsw, else lower the limit first.
        long currentMemsw = parse(KnobWriter.read(dir, CgroupKnob.MEMSW_LIMIT_IN_BYTES));
        boolean memswFirst = !unbounded(currentMemsw) && (unbounded(bytes) || bytes > currentMemsw);
        if (memswFirst) {
            writes.add(writer.write(dir, CgroupKnob.MEMSW_LIMIT_IN_BYTES, String.valueOf(memsw)));
        }
        writes.add(writer.write(dir, CgroupKnob.MEMORY_LIMIT_IN_BYTES, String.valueOf(bytes)));
        if (!memswFirst) {
            writes.add(writer.write(dir, CgroupKnob.MEMSW_LIMIT_IN_BYTES, String.valueOf(memsw)));
        }
        // Without swap accounting (no memsw file) swappiness 0 is the closest v1 has; with it,
        // swappiness 0 still keeps reclaim at the limit from paging the group's anonymous memory out.
        writes.add(writer.write(dir, CgroupKnob.MEMORY_SWAPPINESS, String.valueOf(limit.swapOff() ? 0 : DEFAULT_SWAPPINESS)));
        return writes;
    }

    /** What the knobs of {@code dir} hold. */
    public MemoryLimit read(Path dir) {
        if (version == CgroupVersion.V2) {
            long max = parse(KnobWriter.read(dir, CgroupKnob.MEMORY_MAX));
            return new MemoryLimit(max, "0".equals(KnobWriter.read(dir, CgroupKnob.MEMORY_SWAP_MAX)));
        }
        long limit = parse(KnobWriter.read(dir, CgroupKnob.MEMORY_LIMIT_IN_BYTES));
        long memsw = parse(KnobWriter.read(dir, CgroupKnob.MEMSW_LIMIT_IN_BYTES));
        return new MemoryLimit(unbounded(limit) ? CgroupKnob.UNLIMITED : limit, !unbounded(limit) && memsw == limit);
    }

    /**
     * How many processes of the group the kernel's OOM killer has killed (v1
     * {@code memory.oom_control}, v2 {@code memory.events}: both count {@code oom_kill}); empty
     * when the counter cannot be read (no memory controller, group gone, kernel before 4.13).
     */
    public OptionalLong oomKills(Path dir) {
        CgroupKnob knob = CgroupKnob.of(CgroupResource.OOM_EVENTS, version).orElseThrow();
        for (String line : KnobWriter.read(dir, knob).split("\n")) {
            String[] kv = line.trim().split("\\s+");
            if (kv.length == 2 && kv[0].equals("oom_kill")) {
                try {
                    return OptionalLong.of(Long.parseLong(kv[1]));
                } catch (NumberFormatException e) {
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }

    private static boolean unbounded(long v) {
        return v < 0 || v >= CgroupKnob.V1_MEMORY_UNLIMITED;
    }

    /** A memory file's value: "max", -1 and the v1 ceiling are all unlimited (-1). */
    private static long parse(String text) {
        if (text.isEmpty() || text.equals("max")) {
            return CgroupKnob.UNLIMITED;
        }
        try {
            long v = Long.parseLong(text);
            return v >= CgroupKnob.V1_MEMORY_UNLIMITED ? CgroupKnob.UNLIMITED : v;
        } catch (NumberFormatException e) {
            return CgroupKnob.UNLIMITED;
        }
    }
}
