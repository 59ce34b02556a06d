package io.sigmaflow.cli.support;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The field-level problems a command finds after picocli has parsed its options (ranges, options
 * that go together): collected so the user sees all of them at once, each line naming its option,
 * and reported as one usage error (exit 2).
 */
public final class Problems {
    private final List<String> problems = new ArrayList<>();

    /** Adds one problem; it should start with the option it concerns, e.g. {@code --fill: ...}. */
    public Problems add(String problem) {
        problems.add(problem);
        return this;
    }

    public Problems addAll(List<String> more) {
        problems.addAll(more);
        return this;
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }

    public List<String> list() {
        return List.copyOf(problems);
    }

    /** Throws the usage error for {@code spec}'s command when there is any problem. */
    public void throwIfAny(CommandSpec spec) {
        if (!problems.isEmpty()) {
            throw new ParameterException(spec.commandLine(), String.join("\n", problems));
        }
    }
}
