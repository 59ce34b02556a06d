package io.sigmaflow.roadef.app;

import io.sigmaflow.cli.support.Problems;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The checked arguments of one solve ({@code ./sigma roadef}, and each instance of
 * {@code ./sigma roadef-all}): picocli parses the command line, this checks the values, each
 * problem naming its option.
 */
record RoadefArgs(Path model, Path assignment, Duration time, Path out, Long seed, int threads, long candidates) {
    private static final BigDecimal MAX_SECONDS = BigDecimal.valueOf(7 * 24 * 3600);
    private static final int MAX_THREADS = 1_024;
    /** One exchange point per 1 % of the run, each a whole number of the search's checks. */
    private static final long MIN_CANDIDATES = 100L * 4_096;

    /** The arguments, or null after adding every problem to {@code problems}. */
    static RoadefArgs check(Path model, Path assignment, String seconds, Path out, Long seed, Integer threads,
            Long candidates, Problems problems) {
        int before = problems.list().size();
        if (candidates != null && candidates < MIN_CANDIDATES) {
            problems.add("--candidates: " + candidates + " must be at least " + MIN_CANDIDATES);
        }
        if (threads != null && (threads < 1 || threads > MAX_THREADS)) {
            problems.add("--threads: " + threads + " must be between 1 and " + MAX_THREADS);
        }
        readableFile("--model", model, problems);
        readableFile("--assignment", assignment, problems);
        Duration time = seconds(seconds, problems);
        writableFile("--out", out, problems);
        return problems.list().size() > before ? null : new RoadefArgs(model, assignment, time, out, seed,
                threads != null ? threads : Runtime.getRuntime().availableProcessors(), candidates != null ? candidates : 0);
    }

    private static void readableFile(String option, Path path, Problems problems) {
        if (path == null) {
            problems.add(option + ": required");
        } else if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            problems.add(option + ": '" + path + "' is not a readable file");
        }
    }

    private static void writableFile(String option, Path value, Problems problems) {
        if (value == null) {
            problems.add(option + ": required");
            return;
        }
        Path path = value.toAbsolutePath();
        Path parent = path.getParent();
        if (Files.isDirectory(path)) {
            problems.add(option + ": '" + value + "' is a directory, expected a file name");
        } else if (parent == null || !Files.isDirectory(parent) || !Files.isWritable(parent)) {
            problems.add(option + ": the directory of '" + value + "' does not exist or is not writable");
        }
    }

    /** Seconds may have a fraction ({@code 0.5}): the benchmark's time limits are in seconds. */
    private static Duration seconds(String value, Problems problems) {
        if (value == null) {
            problems.add("--seconds: required");
            return null;
        }
        BigDecimal seconds;
        try {
            seconds = new BigDecimal(value);
        } catch (NumberFormatException e) {
            problems.add("--seconds: '" + value + "' is not a number");
            return null;
        }
        if (seconds.signum() <= 0 || seconds.compareTo(MAX_SECONDS) > 0) {
            problems.add("--seconds: " + value + " must be above 0 and at most " + MAX_SECONDS);
            return null;
        }
        return Duration.ofMillis(Math.max(1, seconds.movePointRight(3).longValue()));
    }
}
