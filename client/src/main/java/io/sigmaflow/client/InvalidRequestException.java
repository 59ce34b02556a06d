package io.sigmaflow.client;

import java.util.List;

/**
 * A request the job would reject, refused before anything was sent: every problem, each
 * {@code field: what is wrong} as the job's REJECTED outcome would say it (the rules are the
 * job's, {@code io.sigmaflow.connectors.rules.RequestFieldRules}).
 */
public final class InvalidRequestException extends SigmaClientException {
    private final List<String> problems;

    public InvalidRequestException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
