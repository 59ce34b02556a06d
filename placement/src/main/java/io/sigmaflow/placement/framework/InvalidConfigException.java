package io.sigmaflow.placement.framework;

/** A configuration value that cannot be used; the message names the key and what is expected. */
public final class InvalidConfigException extends IllegalArgumentException {
    private final String key;
    private final String problem;

    public InvalidConfigException(String key, String problem) {
        super(key + ": " + problem);
        this.key = key;
        this.problem = problem;
    }

    public String key() {
        return key;
    }

    /** What is wrong with the value, without the key. */
    public String problem() {
        return problem;
    }
}
