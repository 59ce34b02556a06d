package io.sigmaflow.executor.emergency;

import io.sigmaflow.executor.pod.HostView;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * How long a pod's threads have waited, runnable, for a CPU: the sum over its processes' tasks
 * of the second field of {@code /proc/<pid>/task/<tid>/schedstat} (run delay, ns). Works on
 * cgroup v1 and v2 alike. Growth of about one second per second means one of its threads
 * could run all the time but did not.
 */
@FunctionalInterface
public interface RunDelayProbe {
    /** Cumulative run delay of the pod's tasks in nanoseconds, or empty when unreadable. */
    OptionalLong runDelayNanos(HostView.Pod pod);

    /** The kernel's schedstat. */
    static RunDelayProbe schedstat() {
        return pod -> {
            long[] total = {0};
            boolean[] any = {false};
            pod.process().processes().forEach(h -> {
                try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", String.valueOf(h.pid()), "task"))) {
                    for (Path task : tasks) {
                        String[] fields = Files.readString(task.resolve("schedstat"), StandardCharsets.US_ASCII).trim().split("\\s+");
                        if (fields.length >= 2) {
                            total[0] += Long.parseLong(fields[1]);
                            any[0] = true;
                        }
                    }
                } catch (IOException | NumberFormatException e) {
                    // The process exited between listing and reading: it no longer waits.
                }
            });
            return any[0] ? OptionalLong.of(total[0]) : OptionalLong.empty();
        };
    }
}
