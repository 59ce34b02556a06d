package io.sigmaflow.roadef.app;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The arguments of {@code ./sigma roadef}: strict, every option named once, each error naming
 * the option.
 */
record RoadefArgs(Path model, Path assignment, Duration time, Path out, Long seed) {
    static final String USAGE = "usage: ./sigma roadef --model <model.txt> --assignment <assignment.txt>"
            + " --seconds S --out <solution.txt> [--seed N]";
    private static final BigDecimal MAX_SECONDS = BigDecimal.valueOf(7 * 24 * 3600);

    static RoadefArgs parse(String[] args) {
        Path model = null;
        Path assignment = null;
        Duration time = null;
        Path out = null;
        Long seed = null;
        for (int i = 0; i < args.length; i += 2) {
            String option = args[i];
            if (i + 1 >= args.length) {
                throw new UsageException(option + ": missing value");
            }
            String value = args[i + 1];
            switch (option) {
                case "--model" -> model = once(option, model, readableFile(option, value));
                case "--assignment" -> assignment = once(option, assignment, readableFile(option, value));
                case "--seconds" -> time = once(option, time, seconds(value));
                case "--out" -> out = once(option, out, writableFile(option, value));
                case "--seed" -> seed = once(option, seed, seed(value));
                default -> throw new UsageException(option + ": unknown option");
            }
        }
        require("--model", model);
        require("--assignment", assignment);
        require("--seconds", time);
        require("--out", out);
        return new RoadefArgs(model, assignment, time, out, seed);
    }

    private static <T> T once(String option, T previous, T value) {
        if (previous != null) {
            throw new UsageException(option + ": given more than once");
        }
        return value;
    }

    private static void require(String option, Object value) {
        if (value == null) {
            throw new UsageException(option + ": required");
        }
    }

    private static Path readableFile(String option, String value) {
        Path path = Path.of(value);
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new UsageException(option + ": '" + value + "' is not a readable file");
        }
        return path;
    }

    private static Path writableFile(String option, String value) {
        Path path = Path.of(value).toAbsolutePath();
        if (Files.isDirectory(path)) {
            throw new UsageException(option + ": '" + value + "' is a directory, expected a file name");
        }
        Path parent = path.getParent();
        if (parent == null || !Files.isDirectory(parent) || !Files.isWritable(parent)) {
            throw new UsageException(option + ": the directory of '" + value + "' does not exist or is not writable");
        }
        return Path.of(value);
    }

    private static Duration seconds(String value) {
        BigDecimal seconds;
        try {
            seconds = new BigDecimal(value);
        } catch (NumberFormatException e) {
            throw new UsageException("--seconds: '" + value + "' is not a number");
        }
        if (seconds.signum() <= 0 || seconds.compareTo(MAX_SECONDS) > 0) {
            throw new UsageException("--seconds: " + value + " must be above 0 and at most " + MAX_SECONDS);
        }
        return Duration.ofMillis(Math.max(1, seconds.movePointRight(3).longValue()));
    }

    private static Long seed(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new UsageException("--seed: '" + value + "' is not an integer");
        }
    }
}
