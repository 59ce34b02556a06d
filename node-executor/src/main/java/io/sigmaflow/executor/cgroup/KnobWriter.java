package io.sigmaflow.executor.cgroup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only place that writes a cgroup knob. It reads the file first and writes only when the
 * value differs (a kernel write can be costly: a cpu.shares write walks the scheduler tree), and
 * counts a knob this kernel lacks as unsupported, apart from real failures. Thread-safe.
 */
public final class KnobWriter {
    private static final Logger LOG = LoggerFactory.getLogger(KnobWriter.class);

    /** What one write did. */
    public enum Outcome { WRITTEN, UNCHANGED, UNSUPPORTED, FAILED }

    /** One write: the knob, the value asked for, what happened and, for failures, why. */
    public record Write(CgroupKnob knob, String value, Outcome outcome, String detail) {
        public boolean failed() {
            return outcome == Outcome.FAILED;
        }

        @Override
        public String toString() {
            return knob.file() + "=" + value + " " + outcome + (detail == null ? "" : " (" + detail + ")");
        }
    }

    private final AtomicLong written = new AtomicLong();
    private final AtomicLong unchanged = new AtomicLong();
    private final AtomicLong unsupported = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    /** Writes {@code value} into {@code knob} of the cgroup {@code dir} unless it already holds it. */
    public Write write(Path dir, CgroupKnob knob, String value) {
        Path file = dir.resolve(knob.file());
        String current;
        try {
            current = Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (NoSuchFileException e) {
            if (!Files.isDirectory(dir)) {
                return count(knob, Outcome.FAILED, file, value, "the cgroup " + dir + " does not exist");
            }
            // The directory exists but the kernel does not offer this knob (cpu.idle before 5.15).
            return count(knob, Outcome.UNSUPPORTED, file, value, "not offered by this kernel");
        } catch (IOException e) {
            return count(knob, Outcome.FAILED, file, value, "cannot read: " + e);
        }
        if (knob.holds(current, value)) {
            return count(knob, Outcome.UNCHANGED, file, value, null);
        }
        try {
            // No CREATE: a cgroup file system never creates files on write, and neither must a
            // simulated one (the knob's absence is how "unsupported" is detected).
            Files.writeString(file, value, StandardCharsets.US_ASCII,
                    StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            return count(knob, Outcome.WRITTEN, file, value, null);
        } catch (IOException e) {
            return count(knob, Outcome.FAILED, file, value, "kernel refused '" + value + "' (was '" + current + "'): " + e.getMessage());
        }
    }

    /**
     * Writes {@code rule} into the action file {@code knob} (v1 {@code devices.deny}): such files are
     * write-only and take one rule per write, so there is nothing to read first; a rule written twice
     * is the same rule.
     */
    public Write writeRule(Path dir, CgroupKnob knob, String rule) {
        Path file = dir.resolve(knob.file());
        if (!Files.exists(file)) {
            return Files.isDirectory(dir) ? count(knob, Outcome.UNSUPPORTED, file, rule, "not offered by this kernel")
                    : count(knob, Outcome.FAILED, file, rule, "the cgroup " + dir + " does not exist");
        }
        try {
            Files.writeString(file, rule, StandardCharsets.US_ASCII, StandardOpenOption.WRITE);
            return count(knob, Outcome.WRITTEN, file, rule, null);
        } catch (IOException e) {
            return count(knob, Outcome.FAILED, file, rule, "kernel refused '" + rule + "': " + e.getMessage());
        }
    }

    /** Counts a knob this cgroup version cannot offer at all (device rules on v2) as unsupported. */
    public Write unsupported(CgroupKnob knob, String value, String why) {
        unsupported.incrementAndGet();
        LOG.debug("{}: {}", knob.file(), why);
        return new Write(knob, value, Outcome.UNSUPPORTED, why);
    }

    /** Reads a knob's current value, trimmed; empty string when the knob is missing. */
    public static String read(Path dir, CgroupKnob knob) {
        try {
            return Files.readString(dir.resolve(knob.file()), StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            return "";
        }
    }

    private Write count(CgroupKnob knob, Outcome outcome, Path file, String value, String why) {
        switch (outcome) {
            case WRITTEN -> {
                written.incrementAndGet();
                LOG.debug("{} <- {}", file, value);
            }
            case UNCHANGED -> unchanged.incrementAndGet();
            case UNSUPPORTED -> {
                unsupported.incrementAndGet();
                LOG.debug("{}: {}", file, why);
            }
            case FAILED -> {
                failed.incrementAndGet();
                LOG.warn("cannot set {} to {}: {}", file, value, why);
            }
        }
        return new Write(knob, value, outcome, why);
    }

    public long written() {
        return written.get();
    }

    public long unchanged() {
        return unchanged.get();
    }

    public long unsupported() {
        return unsupported.get();
    }

    public long failed() {
        return failed.get();
    }

    @Override
    public String toString() {
        return "knob writes: " + written + " written, " + unchanged + " unchanged, " + unsupported
                + " unsupported, " + failed + " failed";
    }
}
