package io.sigmaflow.executor.isolation;

import java.util.Collection;
import java.util.SortedSet;
import java.util.TreeSet;

/** The kernel's CPU list format ({@code 0-3,8,10-11}), read and written as the kernel prints it. */
public final class CpuList {
    private CpuList() {}

    /** The CPUs of {@code text}; blank is none. Throws IllegalArgumentException naming the bad part. */
    public static SortedSet<Integer> parse(String text) {
        SortedSet<Integer> cpus = new TreeSet<>();
        if (text == null || text.isBlank()) {
            return cpus;
        }
        for (String part : text.trim().split(",")) {
            String[] range = part.trim().split("-");
            try {
                int from = Integer.parseInt(range[0].trim());
                int to = range.length > 1 ? Integer.parseInt(range[1].trim()) : from;
                if (range.length > 2 || from < 0 || to < from) {
                    throw new NumberFormatException();
                }
                for (int c = from; c <= to; c++) {
                    cpus.add(c);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + part + "' in CPU list '" + text + "' is not a CPU or a range a-b");
            }
        }
        return cpus;
    }

    /** {@code cpus} as the kernel prints a cpuset: ascending, runs of two or more as {@code a-b}. */
    public static String format(Collection<Integer> cpus) {
        StringBuilder out = new StringBuilder();
        Integer start = null;
        Integer prev = null;
        for (int c : new TreeSet<>(cpus)) {
            if (prev != null && c == prev + 1) {
                prev = c;
                continue;
            }
            append(out, start, prev);
            start = c;
            prev = c;
        }
        append(out, start, prev);
        return out.toString();
    }

    private static void append(StringBuilder out, Integer start, Integer end) {
        if (start == null) {
            return;
        }
        if (!out.isEmpty()) {
            out.append(',');
        }
        out.append(start);
        if (!end.equals(start)) {
            out.append('-').append(end);
        }
    }
}
