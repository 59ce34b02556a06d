package io.sigmaflow.executor.config;

import java.util.List;

/** One or more problems with the command line or the config file, each naming its field. */
public final class ConfigException extends Exception {
    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
