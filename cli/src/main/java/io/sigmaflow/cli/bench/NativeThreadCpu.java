package io.sigmaflow.cli.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Cpu time of this process's threads that are not Java threads, by what they do, read from
 * {@code /proc/self/task/TID/stat} (Linux; elsewhere every group reads 0): the garbage collector's
 * workers and concurrent threads ({@code GC Thread#0}, {@code G1 Conc#0}, {@code G1 Refine#0},
 * {@code G1 Main Marker}, ZGC's and Shenandoah's), the JIT's compilers ({@code C1/C2 CompilerThre}),
 * RocksDB's flush and compaction pools ({@code rocksdb:low}, {@code rocksdb:high}). These are the
 * part of a JVM's cpu that {@code ThreadMXBean} does not see ({@link ThreadCpu}'s unattributed).
 * Only threads of these groups are read at each sample (a directory listing and a few small files:
 * the names of the rest are read during their first two seconds, while a new thread may still carry
 * its creator's name); the last value of a thread that ended stays counted (the JIT retires idle
 * compiler threads).
 */
final class NativeThreadCpu {
    static final String GC = "gc";
    static final String JIT = "jit";
    static final String ROCKSDB = "rocksdb";
    private static final Path TASKS = Path.of("/proc/self/task");
    /** Clock ticks per second of /proc's utime and stime (USER_HZ: 100 on every Linux build in use). */
    private static final long TICK_NANOS = 10_000_000L;

    /** How long a new thread's name is read again: a thread starts with its creator's name until it sets its own. */
    private static final long NAMING_NANOS = 2_000_000_000L;
    /** Samples closer together than this reuse the last one (the reader samples at every poll that saw a BIND). */
    private static final long MIN_SAMPLE_NANOS = 20_000_000L;

    private record Seen(String group, long firstSeen) {
        boolean settled(long now) {
            return now - firstSeen > NAMING_NANOS;
        }
    }

    /** Every live thread by tid: its group ("" for none) and when it was first seen. */
    private final Map<String, Seen> threads = new HashMap<>();
    private final Map<String, Long> lastNanos = new HashMap<>();
    /** Cpu of the group threads that ended (their tid may come back as another thread). */
    private final Map<String, Long> endedNanos = new HashMap<>();
    private long lastSample = System.nanoTime() - MIN_SAMPLE_NANOS;

    /** The group a thread's name says it belongs to, or null (a Java thread or another native one). */
    static String group(String name) {
        if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.startsWith("Z") && name.length() > 1
                && Character.isUpperCase(name.charAt(1)) || name.startsWith("Shenandoah") || name.startsWith("GC ")) {
            return GC;
        }
        if (name.contains("CompilerThre")) {
            return JIT;
        }
        if (name.startsWith("rocksdb")) {
            return ROCKSDB;
        }
        return null;
    }

    /** Reads the cpu of every thread of the three groups now, unless the last reading is under 20 ms old. */
    synchronized void sample() {
        if (System.nanoTime() - lastSample >= MIN_SAMPLE_NANOS) {
            sampleNow();
        }
    }

    /** Reads the cpu of every thread of the three groups now (where a window starts). */
    synchronized void sampleNow() {
        long now = System.nanoTime();
        if (!Files.isDirectory(TASKS)) {
            return;
        }
        lastSample = now;
        Set<String> alive = new HashSet<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                String tid = task.getFileName().toString();
                alive.add(tid);
                read(tid, task, now);
            }
        } catch (IOException | RuntimeException e) {
            return; // a listing that fails leaves the last values: the split is a report, not a result
        }
        for (var it = threads.entrySet().iterator(); it.hasNext(); ) {
            var thread = it.next();
            if (!alive.contains(thread.getKey())) {
                it.remove();
                Long nanos = lastNanos.remove(thread.getKey());
                if (nanos != null) {
                    endedNanos.merge(thread.getValue().group(), nanos, Long::sum);
                }
            }
        }
    }

    private void read(String tid, Path task, long now) {
        Seen seen = threads.get(tid);
        if (seen == null || !seen.settled(now) && seen.group().isEmpty()) {
            String name = name(task);
            String group = name == null ? null : group(name);
            seen = new Seen(group == null ? "" : group, seen == null ? now : seen.firstSeen());
            threads.put(tid, seen);
        }
        if (!seen.group().isEmpty()) {
            long[] ticks = ticks(task);
            if (ticks.length == 2) {
                lastNanos.merge(tid, (ticks[0] + ticks[1]) * TICK_NANOS, Math::max);
            }
        }
    }

    /** A thread's user and system clock ticks, or nothing if it is gone. */
    private static long[] ticks(Path task) {
        try {
            String line = Files.readString(task.resolve("stat"));
            // The name (field 2) is in parentheses and may hold spaces: count from after it, where field 3 starts;
            // utime and stime are fields 14 and 15.
            String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12])};
        } catch (IOException | RuntimeException e) {
            return new long[0];
        }
    }

    private static String name(Path task) {
        try {
            return Files.readString(task.resolve("comm")).strip();
        } catch (IOException e) {
            return null;
        }
    }

    /** Cpu nanoseconds of each group (every one present, 0 if none ran) as of the last sample. */
    synchronized Map<String, Long> byGroup() {
        Map<String, Long> out = new LinkedHashMap<>();
        out.put(GC, 0L);
        out.put(JIT, 0L);
        out.put(ROCKSDB, 0L);
        lastNanos.forEach((tid, nanos) -> out.merge(threads.get(tid).group(), nanos, Long::sum));
        endedNanos.forEach((group, nanos) -> out.merge(group, nanos, Long::sum));
        return out;
    }
}
