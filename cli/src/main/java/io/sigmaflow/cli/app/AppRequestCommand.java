package io.sigmaflow.cli.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sigmaflow.cli.support.DurationConverter;
import io.sigmaflow.cli.support.KafkaTarget;
import io.sigmaflow.cli.support.Output;
import io.sigmaflow.cli.support.OutputOption;
import io.sigmaflow.cli.support.SigmaCli;
import io.sigmaflow.cli.support.Table;
import io.sigmaflow.client.AppSpec;
import io.sigmaflow.client.InvalidRequestException;
import io.sigmaflow.client.Outcome;
import io.sigmaflow.client.OutcomeTimeoutException;
import io.sigmaflow.client.SigmaClient;
import io.sigmaflow.client.SigmaClientException;
import io.sigmaflow.client.Submission;
import io.sigmaflow.client.spec.AppSpecFiles;
import io.sigmaflow.client.spec.InvalidAppSpecException;
import io.sigmaflow.schema.PlacementRequest;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What every request command of {@code ./sigma app} shares: the request is built and checked
 * completely (a bad spec or option: exit 2 naming file, line and field) before anything connects to
 * Kafka; then {@link SigmaClient} sends it and waits for the job's final outcome, with a progress
 * line on stderr once the wait passes a second. Exit 0 done, 3 pending, 1 rejected or failed.
 */
abstract class AppRequestCommand implements Callable<Integer> {
    static final String EXIT_CODES = "Exit codes: 0 done (placed, completed), 3 accepted but pods pending,"
            + " 1 rejected by the job or failed (no answer within --wait), 2 bad command line or spec.";

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaTarget kafka;

    @Mixin
    OutputOption output;

    @Option(names = "--wait", paramLabel = "DURATION", converter = DurationConverter.class,
            description = {"how long to wait for the job's final outcome (default: 60s)", "(" + SigmaCli.DURATIONS + ")"})
    Duration waitFor = Duration.ofSeconds(60);

    @Option(names = "--id", paramLabel = "REQUEST_ID",
            description = "the request id (default: a new one); the job does an id once, so a resend with the same id is safe")
    String requestId;

    /** The request the options describe; a usage error (exit 2) naming every problem otherwise. */
    abstract PlacementRequest request();

    @Override
    public Integer call() throws InterruptedException {
        PlacementRequest request = request();
        if (requestId != null) {
            request = PlacementRequest.newBuilder(request).setRequestId(requestId).build();
        }
        String name = spec.qualifiedName(" ");
        PrintWriter err = spec.commandLine().getErr();
        try (SigmaClient sigma = client(kafka)) {
            Submission s;
            try {
                s = sigma.submit(request);
            } catch (InvalidRequestException e) {
                throw new ParameterException(spec.commandLine(), String.join("\n", e.problems()));
            }
            Outcome last = new ProgressLine(err, name, s).await(waitFor);
            print(s, last);
            if (last.isDone()) {
                return 0;
            }
            if (last.isPending()) {
                return 3;
            }
            err.println(name + ": " + last.status() + ": " + last.message());
            return 1;
        } catch (OutcomeTimeoutException e) {
            err.println(name + ": " + e.getMessage() + "; the request may still be applied: wait with"
                    + " ./sigma app status, or resend with --id " + request.getRequestId());
            return 1;
        } catch (SigmaClientException e) {
            err.println(name + ": " + e.getMessage());
            return 1;
        }
    }

    /** The spec in {@code file}, or a usage error listing every problem of it. */
    AppSpec readSpec(Path file) {
        try {
            return AppSpecFiles.read(callerRelative(file));
        } catch (InvalidAppSpecException e) {
            throw new ParameterException(spec.commandLine(), String.join("\n", e.problems()));
        }
    }

    /** {@code file} as the user meant it: {@code ./sigma} runs commands from the repository root. */
    static Path callerRelative(Path file) {
        String caller = System.getenv("SIGMA_CALLER_DIR");
        return file.isAbsolute() || caller == null || caller.isBlank() ? file : Path.of(caller).resolve(file);
    }

    static SigmaClient client(KafkaTarget kafka) {
        return SigmaClient.builder().bootstrapServers(kafka.bootstrap()).topicPrefix(kafka.prefix())
                .submitter("sigma-cli").build();
    }

    private void print(Submission s, Outcome last) {
        ObjectNode doc = Output.json().createObjectNode();
        doc.put("request", s.requestId()).put("app", s.app()).put("type", s.type().name());
        doc.set("outcome", OutcomeJson.of(last));
        var history = doc.putArray("outcomes");
        s.outcomes().forEach(o -> history.add(OutcomeJson.of(o)));
        Output.print(spec.commandLine().getOut(), output.format(), doc, d -> {
            Table t = new Table("request", "app", "status", "desired", "placed", "pending", "why");
            d.get("outcomes").forEach(o -> t.row(d.get("request").asText(), d.get("app").asText(), o.get("status").asText(),
                    o.get("desired").asInt(), o.get("placed").asInt(), o.get("pending").asInt(), OutcomeJson.why(o)));
            return t;
        });
    }
}
