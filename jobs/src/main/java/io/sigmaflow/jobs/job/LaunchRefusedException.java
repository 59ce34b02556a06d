package io.sigmaflow.jobs.job;

/**
 * {@code ./sigma placement-job} will not start, for a reason an operator must act on; the message
 * says what was found and what to do, the exit code which case it is.
 */
public final class LaunchRefusedException extends Exception {
    /** No checkpoint to resume, yet Kafka shows the job ran before: starting empty would forget it. */
    public static final int EARLIER_WORK = 3;
    /** Another placement job holds the checkpoint directory or the REST port. */
    public static final int ALREADY_RUNNING = 4;

    private final int exitCode;

    public LaunchRefusedException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
