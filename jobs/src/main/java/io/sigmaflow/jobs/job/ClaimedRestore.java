package io.sigmaflow.jobs.job;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.RecoveryClaimMode;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.util.FileUtils;

/**
 * Where a restore in {@code CLAIM} mode reads from. The changelog state backend (the latency
 * profile) cannot resume in Flink's default {@code NO_CLAIM} mode (its first checkpoint fails:
 * FLINK-38307, documented as unsupported in FLINK-40476), and a {@code CLAIM}ed snapshot becomes
 * the new job's: Flink deletes it once newer checkpoints subsume it. A savepoint the operator took
 * before an upgrade is the way back to the build before (a checkpoint of a newer build need not
 * restore into an older one), so it is never claimed: the job restores from a copy of it, a
 * sibling {@code <savepoint>.claimed-<UTC time>}, and the savepoint stays the operator's. The
 * copy is the job's: Flink deletes from it what newer checkpoints no longer need (seen: the
 * operator state within a few checkpoints; the keyed state and {@code _metadata} stay while the
 * restored state is in use), and nothing here deletes it, since that job's retained checkpoints
 * may refer to its files (flink-conf/README.md, retention).
 *
 * <p>A savepoint can be copied because it is self-contained: its {@code _metadata} names its
 * files relative to its own directory (savepoints are relocatable). A retained {@code chk-N} is
 * not: incremental RocksDB checkpoints and the changelog refer by absolute path to files in the
 * job's {@code shared/} directory and in the changelog's, so a copy of the directory would still
 * hand those to the new job. A retained checkpoint is the job's own recovery point (a resume after
 * a crash or a cancel), and it is claimed where it is, which this says.
 *
 * <p>Every restore path goes through {@link #restoreFrom}: {@code ./sigma placement-job}
 * ({@link PlacementJobMain}), a job submitted to a cluster ({@link SubmittedJob}), and {@code
 * ./sigma job submit | resume | upgrade} and the cluster's restart, which copy before they submit
 * (the copy's name tells the submitted job not to copy again).
 */
public final class ClaimedRestore {
    /** What a copy's name adds to the savepoint's. */
    public static final String SUFFIX = ".claimed-";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final Pattern RETAINED_CHECKPOINT = Pattern.compile("chk-\\d+");

    private ClaimedRestore() {}

    /** True when a job on {@code conf} would hand the snapshot it restores to Flink. */
    public static boolean claims(Configuration conf) {
        return conf.get(StateRecoveryOptions.RESTORE_MODE) == RecoveryClaimMode.CLAIM;
    }

    /**
     * The snapshot a job on {@code conf} restores when asked to restore {@code path} (a savepoint
     * or {@code chk-N} directory, or its {@code _metadata}): {@code path} itself unless the job
     * claims it and it is a savepoint, then a fresh copy (made here); what happens is said on
     * {@code out}, prefixed with {@code who}.
     *
     * @throws UncheckedIOException the copy failed (nothing of it is left)
     */
    public static String restoreFrom(Configuration conf, String path, PrintStream out, String who) {
        if (!claims(conf)) {
            return path;
        }
        Path snapshot = directory(new Path(path));
        String mode = StateRecoveryOptions.RESTORE_MODE.key() + ": CLAIM";
        if (snapshot.getName().contains(SUFFIX)) {
            out.println(who + ": restoring " + snapshot + " (" + mode + "), a copy made for this restore: it is this job's");
            return path;
        }
        if (RETAINED_CHECKPOINT.matcher(snapshot.getName()).matches()) {
            out.println(who + ": restoring retained checkpoint " + snapshot + " (" + mode + "): it becomes this job's, and"
                    + " Flink deletes it once newer checkpoints subsume it (a checkpoint shares files with its job's"
                    + " other checkpoints, so it is not copied; a savepoint is the way back to an earlier build)");
            return path;
        }
        try {
            Path copy = copy(snapshot, Instant.now());
            out.println(who + ": restoring from a copy of " + snapshot + " at " + copy + " (" + mode + ": the copy is"
                    + " this job's, Flink deletes from it what newer checkpoints no longer need); " + snapshot + " stays yours");
            return copy.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy savepoint " + snapshot + " to restore it in CLAIM mode (" + mode
                    + " would hand it to the job, which deletes it): " + e.getMessage(), e);
        }
    }

    /**
     * Copies {@code savepoint} with everything under it to a new sibling {@code
     * <name>.claimed-<now>} through Flink's file system for its scheme (local, or a plugin's:
     * s3://, hdfs://), keeping the layout its relative paths name; the copy. A failed copy is
     * removed.
     */
    static Path copy(Path snapshot, Instant now) throws IOException {
        // Path(String) drops a trailing slash (a directory's URI has one), Path(URI) does not:
        // with it, the name would be empty and the copy would land inside the savepoint.
        Path savepoint = new Path(snapshot.toString());
        FileSystem fs = savepoint.getFileSystem();
        if (!fs.exists(new Path(savepoint, RetainedCheckpoints.METADATA))) {
            throw new IOException("no " + RetainedCheckpoints.METADATA + " in " + savepoint);
        }
        Path copy = new Path(savepoint.getParent(), savepoint.getName() + SUFFIX + STAMP.format(now));
        if (fs.exists(copy)) {
            throw new IOException(copy + " exists already");
        }
        try {
            FileUtils.copy(savepoint, copy, false); // Flink's recursive copy, across file systems
        } catch (IOException | RuntimeException e) {
            fs.delete(copy, true);
            throw e;
        }
        return copy;
    }

    /** The snapshot's directory: {@code path}, or its parent when {@code path} is the {@code _metadata} file. */
    private static Path directory(Path path) {
        return path.getName().equals(RetainedCheckpoints.METADATA) ? path.getParent() : path;
    }
}
