package io.sigmaflow.cli.local;

import io.sigmaflow.cli.support.DurationConverter;
import io.sigmaflow.cli.support.KafkaTarget;
import io.sigmaflow.cli.support.Problems;
import io.sigmaflow.cli.support.SigmaCli;
import io.sigmaflow.client.InvalidRequestException;
import io.sigmaflow.client.Outcome;
import io.sigmaflow.client.OutcomeTimeoutException;
import io.sigmaflow.client.SigmaClient;
import io.sigmaflow.client.SigmaClientException;
import io.sigmaflow.client.Submission;
import io.sigmaflow.connectors.view.ClusterReport;
import io.sigmaflow.schema.DispersionLevel;
import io.sigmaflow.schema.Payload;
import io.sigmaflow.schema.PlacementRequest;
import io.sigmaflow.schema.PodTemplate;
import io.sigmaflow.schema.QosClass;
import io.sigmaflow.schema.RequestOutcome;
import io.sigmaflow.schema.RequestType;
import io.sigmaflow.schema.Resources;
import io.sigmaflow.schema.TopologyLevel;
import io.sigmaflow.schema.UpgradePolicy;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./sigma request TYPE --app APP ...}: what a release system does, from a shell, through
 * {@link SigmaClient} (the job's field rules first: a request it would reject is a usage error, exit
 * 2). Sends one request to {@code sigma.requests} and prints the job's outcomes for it (ACCEPTED, then PLACED,
 * COMPLETED, PARTIALLY_PLACED or PENDING with reasons, or REJECTED with the reason) until a final
 * one or {@code --wait}. Exit 0 when the job settled the request (placed or completed), 3 when it
 * left pods or slots pending, 1 when it rejected it or did not answer, 2 for bad arguments.
 */
@Command(name = "request",
        description = {"Send one request as a release system does and print the job's outcome.",
            "Exit codes: 0 placed or completed, 1 rejected or no answer, 2 bad arguments, 3 left pending."},
        footer = "  ./sigma request publish --app web --replicas 3 --cpu 500 --memory 256 --selector disk=ssd")
public final class RequestCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TYPE", description = "publish, scale, destroy, upgrade or reserve")
    private RequestType type;

    @Option(names = "--app", paramLabel = "APP", description = "the app; required")
    private String app;

    @Option(names = "--replicas", paramLabel = "N",
            description = "pods (required for publish and scale; optional for upgrade) or slots to hold (required for reserve; 0 cancels)")
    private Integer replicas;

    @Option(names = "--cpu", paramLabel = "MILLIS", description = "requests of each pod or slot (publish, upgrade, reserve; default: ${DEFAULT-VALUE})")
    private long cpu = 1000;

    @Option(names = "--memory", paramLabel = "MB", description = "(default: ${DEFAULT-VALUE})")
    private long memory = 1024;

    @Option(names = "--disk", paramLabel = "MB", description = "(default: ${DEFAULT-VALUE})")
    private long disk = 0;

    @Option(names = "--priority", paramLabel = "P", description = "(default: 100; 0 with --qos BE)")
    private Integer priority;

    @Option(names = "--qos", paramLabel = "QOS", description = "LS latency-sensitive (default), BE best-effort, or LSR")
    private QosClass qos = QosClass.LS;

    @Option(names = "--selector", paramLabel = "K=V", description = "node selector, repeatable")
    private Map<String, String> selector = new LinkedHashMap<>();

    @Option(names = "--max-unavailable", paramLabel = "N", description = "rolling upgrade limit (default: ${DEFAULT-VALUE})")
    private int maxUnavailable = 1;

    @Option(names = "--max-surge", paramLabel = "N", description = "rolling upgrade limit (default: ${DEFAULT-VALUE})")
    private int maxSurge = 1;

    @Option(names = "--command", paramLabel = "CMD", description = "what each pod runs (default: ${DEFAULT-VALUE})")
    private String command = "/usr/bin/sleep infinity";

    @Option(names = "--id", paramLabel = "REQUEST_ID", description = "idempotency key (default: a new one)")
    private String id;

    @Mixin
    private KafkaTarget kafka;

    @Option(names = "--wait", paramLabel = "DURATION", converter = DurationConverter.class,
            description = {"how long to wait for the job's outcome (default: 60s)", "(" + SigmaCli.DURATIONS + ")"})
    private Duration waitFor = Duration.ofSeconds(60);

    public static void main(String[] args) {
        SigmaCli.main(new RequestCommand(), args);
    }

    /** The command; returns its exit status. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        return SigmaCli.execute(new RequestCommand(), out, err, args);
    }

    @Override
    public Integer call() throws InterruptedException {
        RequestArgs parsed = args();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PlacementRequest request = parsed.request();
        try (SigmaClient client = SigmaClient.builder().bootstrapServers(parsed.bootstrap()).topicPrefix(parsed.prefix())
                .submitter("sigma-request").build()) {
            Submission sent;
            try {
                sent = client.submit(request);
            } catch (InvalidRequestException e) {
                throw new ParameterException(spec.commandLine(), String.join("\n", e.problems()));
            }
            sent.sent().get(10, java.util.concurrent.TimeUnit.SECONDS);
            out.println("sent " + request.getType() + " " + request.getRequestId() + " for app " + request.getAppId());
            out.flush();
            // Each outcome as it comes, from the client's one reader of the outcomes topic.
            List<RequestOutcome> printed = new ArrayList<>();
            sent.onOutcome(o -> {
                synchronized (printed) {
                    String table = ClusterReport.outcomes(List.of(wire(o)));
                    // The heading once: later outcomes are more rows of the same table.
                    out.print(printed.isEmpty() ? table : table.substring(table.indexOf('\n', table.indexOf('\n') + 1) + 1));
                    out.flush();
                    printed.add(wire(o));
                }
            });
            Outcome last;
            try {
                last = sent.await(parsed.waitFor());
            } catch (OutcomeTimeoutException e) {
                err.println("request: no final outcome for " + request.getRequestId() + " within "
                        + parsed.waitFor().toSeconds() + " s (is the placement job running? ./sigma up)");
                return 1;
            }
            return last.isDone() ? 0 : last.isPending() ? 3 : 1;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            err.println("request: " + request.getRequestId() + " was not sent: " + (e.getCause() == null ? e : e.getCause()).getMessage());
            return 1;
        } catch (SigmaClientException | IllegalStateException e) {
            err.println("request: " + e.getMessage());
            return 1;
        }
    }

    private static RequestOutcome wire(Outcome o) {
        return RequestOutcome.newBuilder().setRequestId(o.requestId()).setAppId(o.app()).setStatus(o.status())
                .setDesired(o.desired()).setPlaced(o.placed()).setPending(o.pending())
                .setPendingReasons(new java.util.TreeMap<>(o.pendingReasons())).setMessage(o.message())
                .setEmittedAtMs(o.emittedAtMs()).build();
    }

    /** The request the options describe; a usage error naming every problem otherwise. */
    RequestArgs args() {
        Problems problems = new Problems();
        if (app == null || app.isBlank()) {
            problems.add("--app: required");
        }
        nonNegative(problems, "--replicas", replicas == null ? 0 : replicas);
        nonNegative(problems, "--cpu", cpu);
        nonNegative(problems, "--memory", memory);
        nonNegative(problems, "--disk", disk);
        nonNegative(problems, "--priority", priority == null ? 0 : priority);
        nonNegative(problems, "--max-unavailable", maxUnavailable);
        nonNegative(problems, "--max-surge", maxSurge);
        // the job requires them too (RequestRules): refuse here rather than send a request it rejects
        if (replicas == null && (type == RequestType.PUBLISH || type == RequestType.SCALE || type == RequestType.RESERVE)) {
            problems.add("--replicas: required for " + type.name().toLowerCase(Locale.ROOT));
        }
        problems.throwIfAny(spec);
        boolean templated = type == RequestType.PUBLISH || type == RequestType.UPGRADE
                || (type == RequestType.RESERVE && (replicas == null || replicas > 0));
        List<String> argv = List.of(command.trim().split("\\s+"));
        PodTemplate template = !templated ? null : PodTemplate.newBuilder()
                .setResources(new Resources(cpu, memory, disk))
                .setPriority(priority != null ? priority : qos == QosClass.BE ? 0 : 100)
                .setQos(qos)
                .setDispersion(List.of(new DispersionLevel(TopologyLevel.CORE_SWITCH, 1),
                        new DispersionLevel(TopologyLevel.CHASSIS, 1), new DispersionLevel(TopologyLevel.HOST, 1)))
                .setNodeSelector(new java.util.TreeMap<>(selector))
                .setPayload(new Payload(argv.get(0), argv.subList(1, argv.size()), Map.of()))
                .build();
        PlacementRequest request = PlacementRequest.newBuilder()
                .setRequestId(id != null ? id : type.name().toLowerCase(Locale.ROOT) + "-"
                        + UUID.randomUUID().toString().substring(0, 8))
                .setAppId(app)
                .setType(type)
                .setReplicas(replicas)
                .setTemplate(template)
                .setUpgrade(type == RequestType.UPGRADE ? new UpgradePolicy(maxUnavailable, maxSurge) : null)
                .setSubmittedAtMs(System.currentTimeMillis())
                .setSubmitter("sigma-request")
                .build();
        return new RequestArgs(request, kafka.bootstrap(), kafka.prefix(), waitFor);
    }

    private static void nonNegative(Problems problems, String option, long value) {
        if (value < 0) {
            problems.add(option + " " + value + ": must be >= 0");
        }
    }
}
