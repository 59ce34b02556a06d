package io.sigmaflow.executor.runtime;

/** A payload that did not start; {@link #refused()} when policy forbade it rather than a failure. */
public final class PodStartException extends Exception {
    private final boolean refused;

    private PodStartException(String message, boolean refused, Throwable cause) {
        super(message, cause);
        this.refused = refused;
    }

    public static PodStartException refused(String why) {
        return new PodStartException(why, true, null);
    }

    public static PodStartException failed(String why, Throwable cause) {
        return new PodStartException(why, false, cause);
    }

    public boolean refused() {
        return refused;
    }
}
