package io.sigmaflow.jobs.job;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One placement job per checkpoint directory: an exclusive lock on {@code DIR/placement-job.lock}
 * held for the life of the process (the OS releases it when the process dies, kill -9 included,
 * so a stale lock cannot block a restart). Two jobs on one directory would restore the same
 * checkpoint and fence each other's Kafka transactions; the second one must stop before it starts
 * anything. A directory on a shared file system ({@code s3://}) cannot be locked this way: there
 * the REST port check and Flink's own job id are all there is.
 */
public final class SingleInstance implements AutoCloseable {
    static final String LOCK_FILE = "placement-job.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private SingleInstance(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code checkpointDir} (a URI or a local path) when it is on the local file system.
     *
     * @throws LaunchRefusedException (exit {@link LaunchRefusedException#ALREADY_RUNNING}) when another
     *     process, or this one, holds it
     */
    public static SingleInstance lock(String checkpointDir) throws LaunchRefusedException {
        Path dir = localPath(checkpointDir);
        if (dir == null) {
            return new SingleInstance(null, null);
        }
        Path file = dir.resolve(LOCK_FILE);
        FileChannel channel = null;
        try {
            Files.createDirectories(dir);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by this JVM already: a second start in the same process
            }
            if (lock == null) {
                String holder = Files.readString(file, StandardCharsets.UTF_8).trim();
                channel.close();
                throw new LaunchRefusedException(LaunchRefusedException.ALREADY_RUNNING,
                        "another placement job is running on " + dir + " (" + LOCK_FILE + " is locked"
                                + (holder.isEmpty() ? "" : " by " + holder) + "). Stop it first; two jobs on one "
                                + "checkpoint directory would restore the same state and fence each other's outputs.");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)));
            channel.force(false);
            return new SingleInstance(channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new LaunchRefusedException(LaunchRefusedException.ALREADY_RUNNING,
                    "cannot lock " + file + ": " + e.getMessage());
        }
    }

    /**
     * Fails when {@code port} on {@code address} is taken, before the job starts: Flink would fail
     * to bind its REST endpoint and leave the process hanging. A range or 0 (any free port) passes.
     */
    public static void checkPortFree(String address, String port) throws LaunchRefusedException {
        if (port == null || !port.trim().matches("\\d{1,5}") || Integer.parseInt(port.trim()) == 0) {
            return;
        }
        int p = Integer.parseInt(port.trim());
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true); // a port left in TIME_WAIT by a job that just stopped is free
            probe.bind(new InetSocketAddress(address == null ? "0.0.0.0" : address, p));
        } catch (BindException e) {
            throw new LaunchRefusedException(LaunchRefusedException.ALREADY_RUNNING, "the REST port " + p + " on "
                    + (address == null ? "any address" : address) + " is in use (another placement job, or ./sigma up?). "
                    + "Stop it, or choose another port: --set rest.port=N");
        } catch (IOException e) {
            throw new LaunchRefusedException(LaunchRefusedException.ALREADY_RUNNING,
                    "cannot check the REST port " + p + ": " + e.getMessage());
        }
    }

    /** The local directory of a {@code file:} URI or a plain path; null for another file system. */
    static Path localPath(String dir) {
        URI uri = URI.create(dir.replace(" ", "%20"));
        if (uri.getScheme() == null) {
            return Path.of(dir).toAbsolutePath();
        }
        return uri.getScheme().equals("file") ? Path.of(uri) : null;
    }

    @Override
    public void close() {
        try {
            if (lock != null) {
                lock.release();
            }
        } catch (IOException e) {
            // the channel's close releases it too
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            // nothing held any more
        }
    }
}
