package io.sigmaflow.executor.isolation;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The host's logical CPUs with the physical core, package (socket) and NUMA node of each, as
 * {@code /sys/devices/system/cpu} tells them: what dedicated-core choices are made from.
 */
public record CpuTopology(List<Cpu> cpus) {
    public static final Path SYSFS_CPU = Path.of("/sys/devices/system/cpu");

    /**
     * One logical CPU (a hardware thread).
     *
     * @param core the physical core, unique on the host (package and core_id together)
     */
    public record Cpu(int id, int node, int socket, int core) {}

    public CpuTopology {
        cpus = cpus.stream().sorted(Comparator.comparingInt(Cpu::id)).toList();
    }

    /**
     * Reads the online CPUs under {@code sysCpu} (a sysfs {@code cpu} directory, or a copy of one
     * in tests): {@code online}, {@code cpuN/topology/{core_id,physical_package_id}}, and the
     * {@code cpuN/nodeM} link for the NUMA node (node 0 where the kernel has no NUMA).
     */
    public static CpuTopology read(Path sysCpu) throws IOException {
        List<Cpu> cpus = new ArrayList<>();
        for (int id : CpuList.parse(Files.readString(sysCpu.resolve("online")))) {
            Path dir = sysCpu.resolve("cpu" + id);
            int socket = readInt(dir.resolve("topology/physical_package_id"), 0);
            int coreId = readInt(dir.resolve("topology/core_id"), id);
            int node = 0;
            try (DirectoryStream<Path> nodes = Files.newDirectoryStream(dir, "node[0-9]*")) {
                for (Path n : nodes) {
                    node = Integer.parseInt(n.getFileName().toString().substring(4));
                }
            } catch (IOException e) {
                // No NUMA information: one node.
            }
            // core_id is unique only within a package; the pair names the physical core.
            cpus.add(new Cpu(id, node, socket, socket * 100_000 + coreId));
        }
        if (cpus.isEmpty()) {
            throw new IOException(sysCpu.resolve("online") + " lists no CPU");
        }
        return new CpuTopology(cpus);
    }

    public SortedSet<Integer> ids() {
        TreeSet<Integer> ids = new TreeSet<>();
        cpus.forEach(c -> ids.add(c.id()));
        return ids;
    }

    public String describe() {
        long cores = cpus.stream().map(Cpu::core).distinct().count();
        long nodes = cpus.stream().map(Cpu::node).distinct().count();
        return cpus.size() + " CPUs (" + CpuList.format(ids()) + ") on " + cores + " cores, " + nodes + " NUMA node"
                + (nodes == 1 ? "" : "s");
    }

    private static int readInt(Path file, int fallback) {
        try {
            return Integer.parseInt(Files.readString(file).trim());
        } catch (IOException | NumberFormatException e) {
            return fallback;
        }
    }
}
