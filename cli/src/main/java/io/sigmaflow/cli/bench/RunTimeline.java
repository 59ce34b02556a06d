package io.sigmaflow.cli.bench;

import io.sigmaflow.cli.support.Table;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * What a run's seconds are made of, slot by slot from the first request sent (issue 18, start18: the
 * whole window is slower than its middle, and the table says whether the start or the end makes it):
 * BINDs written by the job (the placements topic's end offsets, {@link WriteProgress}), BINDs readable
 * (read {@code read_committed} by the benchmark), the process's cpu cores in use, and the checkpoints
 * triggered in the slot with their durations. Printed to the log when {@code -Dsigmaflow.bench.timeline=true}
 * (SIGMA_JAVA_OPTS); the JSON is unchanged. Off by default: it keeps reading end offsets to the last BIND.
 */
final class RunTimeline {
    /** The system property that turns the timeline on. */
    static final String PROPERTY = "sigmaflow.bench.timeline";

    /** One reading of {@link WriteProgress}: wall-clock milliseconds, BINDs written, the process's cpu. */
    record Reading(long atMs, long written, long cpuNanos) {}

    /** One slot of the table. */
    record Slot(long fromMs, long written, long readable, double cores, List<String> checkpoints) {}

    private RunTimeline() {}

    static boolean enabled() {
        return Boolean.getBoolean(PROPERTY);
    }

    /**
     * Slots of {@code slotMs} from {@code startMs} to the last reading or BIND: the counts at each slot's
     * end (cumulative), the cores between the last readings at or before its start and its end, and
     * each checkpoint triggered in it as {@code id:duration}.
     */
    static List<Slot> slots(long startMs, long slotMs, List<Reading> readings, List<TailSplit.Bind> binds,
                            List<TailSplit.Checkpoint> checkpoints) {
        long[] read = binds.stream().mapToLong(TailSplit.Bind::readMs).sorted().toArray();
        long last = Math.max(read.length == 0 ? startMs : read[read.length - 1],
                readings.isEmpty() ? startMs : readings.get(readings.size() - 1).atMs());
        List<Slot> out = new ArrayList<>();
        for (long from = startMs; from < last; from += slotMs) {
            long to = from + slotMs;
            Reading a = atOrBefore(readings, from);
            Reading b = atOrBefore(readings, to);
            double cores = a == null || b == null || b.atMs() <= a.atMs() ? Double.NaN
                    : (b.cpuNanos() - a.cpuNanos()) / 1e6 / (b.atMs() - a.atMs());
            List<String> started = new ArrayList<>();
            for (TailSplit.Checkpoint c : checkpoints) {
                if (c.triggeredMs() >= from && c.triggeredMs() < to) {
                    started.add(c.id() + ":" + (c.completedMs() - c.triggeredMs()));
                }
            }
            out.add(new Slot(from - startMs, b == null ? 0 : b.written(), countAtOrBefore(read, to), cores, started));
        }
        return out;
    }

    static void print(PrintStream log, List<Slot> slots) {
        Table table = new Table("FROM S", "WRITTEN", "READABLE", "CORES", "CHECKPOINTS TRIGGERED (ID:MS)");
        for (Slot s : slots) {
            table.row(String.format("%.1f", s.fromMs() / 1e3), s.written(), s.readable(),
                    Double.isNaN(s.cores()) ? "" : String.format("%.2f", s.cores()), String.join(" ", s.checkpoints()));
        }
        log.println("the run by " + (slots.size() > 1 ? slots.get(1).fromMs() - slots.get(0).fromMs() : 0)
                + " ms from the first request sent (BINDs written and readable at each slot's end):");
        log.print(table.render());
    }

    /** The last reading at or before {@code ms}; {@code readings} are in time order. */
    static Reading atOrBefore(List<Reading> readings, long ms) {
        int lo = 0;
        int hi = readings.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (readings.get(mid).atMs() <= ms) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo == 0 ? null : readings.get(lo - 1);
    }

    private static long countAtOrBefore(long[] sorted, long ms) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= ms) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
