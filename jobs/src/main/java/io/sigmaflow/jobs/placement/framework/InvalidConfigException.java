package io.sigmaflow.jobs.placement.framework;

/** A configuration value that cannot be used; the message names the key and what is expected. */
public final class InvalidConfigException extends IllegalArgumentException {
    private final String key;

    public InvalidConfigException(String key, String problem) {
        super(key + ": " + problem);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
