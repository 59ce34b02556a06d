package io.sigmaflow.executor.cgroup;

/** The host offers no usable cpu cgroup where the configuration says; the message says what to do. */
public final class CgroupUnavailableException extends Exception {
    public CgroupUnavailableException(String message) {
        super(message);
    }
}
