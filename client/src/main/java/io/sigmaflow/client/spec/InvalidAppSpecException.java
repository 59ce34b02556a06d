package io.sigmaflow.client.spec;

import java.util.List;

/**
 * An app spec with problems, all of them, each {@code file:line: field: what is wrong} (the line
 * left out where the field is missing), e.g. {@code web.yaml:3: resources.cpu: expected a quantity
 * like 500m or 2, got "lots"}.
 */
public final class InvalidAppSpecException extends IllegalArgumentException {
    private final List<String> problems;

    public InvalidAppSpecException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
