package io.sigmaflow.executor.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What this host offers, as the kernel reports it; simulated hosts override it in config. */
final class HostCapacity {
    private HostCapacity() {}

    static long cpuMillis() {
        return Runtime.getRuntime().availableProcessors() * 1000L;
    }

    /** MemTotal from /proc/meminfo, in MiB; 0 when unreadable. */
    static long memoryMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // Falls through: the config must then say it.
        }
        return 0;
    }

    /** Size of the file system that will hold {@code dir}, in MiB. */
    static long diskMb(Path dir) {
        Path p = dir.toAbsolutePath();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        try {
            return p == null ? 0 : Files.getFileStore(p).getTotalSpace() / (1024 * 1024);
        } catch (IOException e) {
            return 0;
        }
    }
}
