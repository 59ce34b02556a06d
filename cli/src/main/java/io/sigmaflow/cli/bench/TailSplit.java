package io.sigmaflow.cli.bench;

import io.sigmaflow.cli.support.Table;
import java.io.PrintStream;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the slowest requests' time is made of, per BIND, from the benchmark's own clock and the
 * job's completed checkpoints (issue 18: the stage histograms say each stage's p99, not which
 * stage the p99's requests spent it in). A BIND becomes readable when the checkpoint that holds it
 * completes and its transactions commit, so its latency splits at that checkpoint {@code C} (the
 * last one completed at or before the BIND was read):
 * <ul>
 *   <li>{@code to_barrier}: sent to {@code C}'s trigger: the request's way through the job to the
 *   node partition, plus the wait for the next barrier after its BIND was written;</li>
 *   <li>{@code checkpoint}: {@code C}'s trigger to its completion (its slowest subtask);</li>
 *   <li>{@code to_readable}: completion to read: the sinks' commits and the reader's fetch.</li>
 * </ul>
 * {@code missed}: checkpoints triggered after the request was sent and completed before {@code C}
 * was triggered: a request whose way to its node partition took longer than an interval, or whose
 * BINDs were written just after a barrier, waits for one more. Medians over every BIND and over
 * the tail (BINDs at or above the p99), and how many checkpoints the tail came out of (one or two:
 * a burst, one slow checkpoint; many: a systematic wait). The p99 over requests sent after the
 * first {@link #WARM_UP_MS} says how much of the whole run's p99 is the JVM's warm-up.
 */
final class TailSplit {
    /** The first seconds of a run: the JIT compiles the hot paths then (issue 18, jit18). */
    static final long WARM_UP_MS = 5_000;

    /** One completed checkpoint, in wall-clock milliseconds. */
    record Checkpoint(long id, long triggeredMs, long completedMs) {}

    /** One readable BIND: its request sent and the BIND read, in wall-clock milliseconds. */
    record Bind(long sentMs, long readMs) {
        long latencyMs() {
            return readMs - sentMs;
        }
    }

    private TailSplit() {}

    /**
     * The JSON's {@code p99_ms_after_warmup} and {@code tail_*} fields (the whole run's slowest 1 %),
     * {@code tail_warm_*} (the slowest 1 % of those sent after the warm-up); a table of the split to the log.
     */
    static Map<String, Object> of(List<Bind> binds, List<Checkpoint> checkpoints, PrintStream log) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (binds.isEmpty()) {
            return out;
        }
        long firstSent = binds.stream().mapToLong(Bind::sentMs).min().orElse(0);
        List<Bind> warm = binds.stream().filter(b -> b.sentMs() >= firstSent + WARM_UP_MS).toList();
        long p99 = percentile(binds.stream().mapToLong(Bind::latencyMs).sorted().toArray(), 0.99);
        long warmP99 = percentile(warm.stream().mapToLong(Bind::latencyMs).sorted().toArray(), 0.99);
        // null (not 0) when every request was sent within the warm-up: an unthrottled run sends 200,000 in seconds.
        out.put("p99_ms_after_warmup", warm.isEmpty() ? null : warmP99);
        log.println("BIND p99 by the request's send time, per " + WARM_UP_MS / 1000 + " s: " + p99ByWindow(binds, firstSent));
        List<Checkpoint> byCompletion = checkpoints.stream()
                .sorted(java.util.Comparator.comparingLong(Checkpoint::completedMs)).toList();
        Parts every = new Parts();
        Parts tail = new Parts();
        Parts warmTail = new Parts();
        for (Bind b : binds) {
            long[] split = split(b, byCompletion);
            if (split == null) {
                continue; // no checkpoint seen between send and read (REST not answering)
            }
            every.add(split);
            if (b.latencyMs() >= p99) {
                tail.add(split);
            }
            if (b.sentMs() >= firstSent + WARM_UP_MS && b.latencyMs() >= warmP99) {
                warmTail.add(split);
            }
        }
        out.put("tail_binds", binds.stream().filter(b -> b.latencyMs() >= p99).count());
        out.put("tail_in_warmup", binds.stream().filter(b -> b.latencyMs() >= p99 && b.sentMs() < firstSent + WARM_UP_MS).count());
        out.put("tail_checkpoints", tail.checkpoints.size());
        out.put("tail_warm_checkpoints", warmTail.checkpoints.size());
        Table table = new Table("part of a BIND's latency", "every BIND p50", "tail p50", "tail max", "tail after warm-up p50",
                "its max");
        for (int i = 0; i < Parts.NAMES.length; i++) {
            String suffix = i == Parts.NAMES.length - 1 ? "_p50" : "_ms_p50";
            out.put("tail_" + Parts.NAMES[i] + suffix, tail.median(i));
            out.put("tail_warm_" + Parts.NAMES[i] + suffix, warm.isEmpty() ? null : warmTail.median(i));
            table.row(Parts.NAMES[i], every.median(i), tail.median(i), tail.max(i), warmTail.median(i), warmTail.max(i));
        }
        log.printf("the slowest 1 %% of BINDs (>= %d ms, %s of %d; %s sent in the first %d s) came out of %d checkpoint(s);"
                        + " after the first %d s: p99 %d ms, its slowest 1 %% out of %d checkpoint(s):%n%s", p99,
                out.get("tail_binds"), binds.size(), out.get("tail_in_warmup"), WARM_UP_MS / 1000, tail.checkpoints.size(),
                WARM_UP_MS / 1000, warmP99, warmTail.checkpoints.size(), table.render());
        return out;
    }

    /** {@code b}'s latency split at the checkpoint that made it readable (see the class); null if none was seen. */
    private static long[] split(Bind b, List<Checkpoint> byCompletion) {
        int c = lastCompletedBy(byCompletion, b.readMs());
        if (c < 0 || byCompletion.get(c).triggeredMs() < b.sentMs()) {
            return null;
        }
        Checkpoint holding = byCompletion.get(c);
        int missed = 0;
        for (int i = c - 1; i >= 0 && byCompletion.get(i).completedMs() >= b.sentMs(); i--) {
            if (byCompletion.get(i).triggeredMs() >= b.sentMs() && byCompletion.get(i).completedMs() <= holding.triggeredMs()) {
                missed++;
            }
        }
        return new long[] {holding.triggeredMs() - b.sentMs(), holding.completedMs() - holding.triggeredMs(),
                b.readMs() - holding.completedMs(), missed, holding.id()};
    }

    /** "0-5 s: 3244 ms (40 BINDs), 5-10 s: ...": whether the tail is the warm-up or comes in bursts. */
    static String p99ByWindow(List<Bind> binds, long firstSent) {
        java.util.TreeMap<Long, List<Long>> byWindow = new java.util.TreeMap<>();
        for (Bind b : binds) {
            byWindow.computeIfAbsent((b.sentMs() - firstSent) / WARM_UP_MS, w -> new java.util.ArrayList<>()).add(b.latencyMs());
        }
        StringBuilder out = new StringBuilder();
        byWindow.forEach((window, latencies) -> out.append(out.isEmpty() ? "" : ", ")
                .append(window * WARM_UP_MS / 1000).append('-').append((window + 1) * WARM_UP_MS / 1000).append(" s: ")
                .append(percentile(latencies.stream().mapToLong(Long::longValue).sorted().toArray(), 0.99))
                .append(" ms (").append(latencies.size()).append(")"));
        return out.toString();
    }

    /** Index of the last checkpoint completed at or before {@code ms} (sorted by completion); -1 if none. */
    private static int lastCompletedBy(List<Checkpoint> byCompletion, long ms) {
        int low = 0;
        int high = byCompletion.size() - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (byCompletion.get(mid).completedMs() <= ms) {
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return high;
    }

    /** Nearest rank, as the benchmark's own p50_ms / p99_ms. */
    static long percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
        return sorted[Math.max(0, i)];
    }

    /** The split's parts of many BINDs, column by column. */
    private static final class Parts {
        static final String[] NAMES = {"to_barrier", "checkpoint", "to_readable", "missed"};
        private final List<List<Long>> columns = List.of(new java.util.ArrayList<>(), new java.util.ArrayList<>(),
                new java.util.ArrayList<>(), new java.util.ArrayList<>());
        /** The checkpoints these BINDs became readable with: one or two for a burst. */
        final Set<Long> checkpoints = new HashSet<>();

        /** {@code split}: the parts in {@link #NAMES}' order, then the checkpoint's id. */
        void add(long[] split) {
            for (int i = 0; i < NAMES.length; i++) {
                columns.get(i).add(split[i]);
            }
            checkpoints.add(split[NAMES.length]);
        }

        long median(int column) {
            return percentile(columns.get(column).stream().mapToLong(Long::longValue).sorted().toArray(), 0.5);
        }

        long max(int column) {
            return columns.get(column).stream().mapToLong(Long::longValue).max().orElse(0);
        }
    }
}
