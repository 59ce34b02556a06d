package io.sigmaflow.solver.rebalance.app;

import java.util.List;

/** Bad command-line input: one line per problem, each naming the option. */
final class UsageException extends RuntimeException {
    private final List<String> problems;

    UsageException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    List<String> problems() {
        return problems;
    }
}
