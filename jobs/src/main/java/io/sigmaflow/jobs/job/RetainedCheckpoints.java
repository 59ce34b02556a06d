package io.sigmaflow.jobs.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * The checkpoints the placement job left in its checkpoint directory ({@code
 * execution.checkpointing.dir}): Flink writes {@code DIR/<job id>/chk-N/_metadata}, the metadata
 * last, so a {@code chk-N} without (or with an empty) {@code _metadata} is one that was still being
 * written when the job stopped and cannot be restored. Each start of the job has a new job id, so
 * the newest checkpoint is the one whose metadata was written last, whatever job wrote it. Read
 * through Flink's file systems: the same code finds checkpoints on {@code file://}, {@code s3://}
 * or {@code hdfs://}.
 */
public final class RetainedCheckpoints {
    static final String METADATA = "_metadata";
    private static final Pattern CHECKPOINT = Pattern.compile("chk-(\\d+)");

    private RetainedCheckpoints() {}

    /** A completed checkpoint: its directory (what {@code execution.state-recovery.path} takes). */
    public record Checkpoint(Path dir, long id, long writtenAtMs) {
        /** Newer: metadata written later; the same millisecond, the higher checkpoint id. */
        boolean newerThan(Checkpoint other) {
            return writtenAtMs != other.writtenAtMs ? writtenAtMs > other.writtenAtMs : id > other.id;
        }
    }

    /** The newest completed checkpoint under {@code checkpointDir} (a URI or a local path), if any. */
    public static Optional<Checkpoint> latest(String checkpointDir) {
        try {
            return latest(new Path(checkpointDir));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the checkpoints in " + checkpointDir + ": " + e.getMessage(), e);
        }
    }

    private static Optional<Checkpoint> latest(Path dir) throws IOException {
        FileSystem fs = dir.getFileSystem();
        Checkpoint newest = null;
        for (FileStatus job : list(fs, dir)) {
            if (!job.isDir()) {
                continue; // the instance lock, say
            }
            for (FileStatus chk : list(fs, job.getPath())) {
                Matcher m = CHECKPOINT.matcher(chk.getPath().getName());
                if (!chk.isDir() || !m.matches()) {
                    continue; // shared/ and taskowned/ hold files of incremental checkpoints
                }
                Path metadata = new Path(chk.getPath(), METADATA);
                if (!fs.exists(metadata)) {
                    continue;
                }
                FileStatus written = fs.getFileStatus(metadata);
                if (written.getLen() == 0) {
                    continue;
                }
                Checkpoint c = new Checkpoint(chk.getPath(), Long.parseLong(m.group(1)), written.getModificationTime());
                if (newest == null || c.newerThan(newest)) {
                    newest = c;
                }
            }
        }
        return Optional.ofNullable(newest);
    }

    private static FileStatus[] list(FileSystem fs, Path dir) throws IOException {
        if (!fs.exists(dir)) {
            return new FileStatus[0];
        }
        FileStatus[] children = fs.listStatus(dir);
        return children == null ? new FileStatus[0] : children;
    }
}
