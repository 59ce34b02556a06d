package io.sigmaflow.executor;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One executor per state dir: two executors applying the same node's placements into one ledger
 * and one cgroup subtree would undo each other. An OS file lock, released by the kernel when the
 * process dies however it dies, so a kill -9 never leaves a stale lock behind.
 */
final class StateDirLock implements AutoCloseable {
    /** Another executor holds the state dir. */
    static final class HeldException extends IOException {
        HeldException(String message) {
            super(message);
        }
    }

    private final FileChannel channel;
    private final FileLock lock;

    private StateDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static StateDirLock acquire(Path stateDir) throws IOException {
        Files.createDirectories(stateDir);
        Path file = stateDir.resolve("executor.lock");
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this very JVM
        }
        if (lock == null) {
            String holder = new String(Files.readAllBytes(file), StandardCharsets.US_ASCII).trim();
            channel.close();
            throw new HeldException("state dir " + stateDir + " is in use by another executor (pid " + holder
                    + "); one executor per node and state dir");
        }
        channel.truncate(0);
        channel.write(StandardCharsets.US_ASCII.encode(ProcessHandle.current().pid() + "\n"), 0);
        return new StateDirLock(channel, lock);
    }

    @Override
    public void close() {
        try {
            if (lock.isValid()) {
                lock.release();
            }
            channel.close();
        } catch (IOException e) {
            // Closing the channel releases the lock anyway.
        }
    }
}
