package io.sigmaflow.cli.local;

import io.sigmaflow.schema.DispersionLevel;
import io.sigmaflow.schema.Payload;
import io.sigmaflow.schema.PlacementRequest;
import io.sigmaflow.schema.PodTemplate;
import io.sigmaflow.schema.QosClass;
import io.sigmaflow.schema.RequestType;
import io.sigmaflow.schema.Resources;
import io.sigmaflow.schema.TopologyLevel;
import io.sigmaflow.schema.UpgradePolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The arguments of {@code ./sigma request}: one {@link PlacementRequest} built from flags, every
 * problem named by its flag. What the job then thinks of the request (an unknown app, a second
 * PUBLISH) is its business: the command prints the job's outcome.
 */
record RequestArgs(PlacementRequest request, String bootstrap, String prefix, int waitSeconds) {
    static final String USAGE = """
            usage: request (publish|scale|upgrade|destroy|reserve) --app APP [options]
              --replicas N        pods (required for publish and scale; optional for upgrade) or
                                  slots to hold (required for reserve; 0 cancels)
              --cpu MILLIS        requests of each pod or slot (publish, upgrade, reserve; default 1000)
              --memory MB         (default 1024)
              --disk MB           (default 0)
              --priority P        (default 100; 0 with --qos BE)
              --qos LS|BE         latency-sensitive (default) or best-effort
              --selector K=V      node selector, repeatable
              --max-unavailable N, --max-surge N   rolling upgrade limits (default 1, 1)
              --command CMD       what each pod runs (default: /usr/bin/sleep infinity)
              --id REQUEST_ID     idempotency key (default: a new one)
              --bootstrap HOST:PORT  Kafka (default 127.0.0.1:9092, the local stack's)
              --prefix P          topic prefix (default none: sigma.*)
              --wait SECONDS      how long to wait for the job's outcome (default 60)""";

    private static final List<String> VALUED = List.of("--app", "--replicas", "--cpu", "--memory", "--disk",
            "--priority", "--qos", "--selector", "--max-unavailable", "--max-surge", "--command", "--id", "--bootstrap",
            "--prefix", "--wait");

    /** Thrown with every problem found, one per line. */
    static final class Invalid extends Exception {
        Invalid(List<String> problems) {
            super(String.join("\n", problems));
        }
    }

    static RequestArgs parse(String[] args) throws Invalid {
        List<String> problems = new ArrayList<>();
        if (args.length == 0 || args[0].startsWith("--")) {
            throw new Invalid(List.of("request type: expected one of publish, scale, upgrade, destroy, reserve"));
        }
        RequestType type = null;
        try {
            type = RequestType.valueOf(args[0].toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add("request type '" + args[0] + "': expected one of publish, scale, upgrade, destroy, reserve");
        }
        Map<String, String> values = new TreeMap<>();
        Map<String, String> selector = new TreeMap<>();
        for (int i = 1; i < args.length; i++) {
            String flag = args[i];
            if (!VALUED.contains(flag)) {
                problems.add(flag + ": unknown option");
                continue;
            }
            if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                problems.add(flag + ": needs a value");
                continue;
            }
            String v = args[++i];
            if (flag.equals("--selector")) {
                int eq = v.indexOf('=');
                if (eq <= 0) {
                    problems.add("--selector " + v + ": expected KEY=VALUE");
                } else {
                    selector.put(v.substring(0, eq), v.substring(eq + 1));
                }
            } else {
                values.put(flag, v);
            }
        }
        String app = values.get("--app");
        if (app == null || app.isBlank()) {
            problems.add("--app: required");
        }
        Integer replicas = number(values, "--replicas", null, problems);
        long cpu = number(values, "--cpu", 1000, problems);
        long memory = number(values, "--memory", 1024, problems);
        long disk = number(values, "--disk", 0, problems);
        QosClass qos = QosClass.LS;
        if (values.containsKey("--qos")) {
            try {
                qos = QosClass.valueOf(values.get("--qos").toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add("--qos " + values.get("--qos") + ": expected LS or BE");
            }
        }
        int priority = number(values, "--priority", qos == QosClass.BE ? 0 : 100, problems);
        int maxUnavailable = number(values, "--max-unavailable", 1, problems);
        int maxSurge = number(values, "--max-surge", 1, problems);
        int wait = number(values, "--wait", 60, problems);
        String bootstrap = values.getOrDefault("--bootstrap", "127.0.0.1:9092");
        if (!bootstrap.contains(":")) {
            problems.add("--bootstrap " + bootstrap + ": expected HOST:PORT");
        }
        // the job requires them too (RequestRules): refuse here rather than send a request it rejects
        if (replicas == null && !values.containsKey("--replicas") && type != null
                && (type == RequestType.PUBLISH || type == RequestType.SCALE || type == RequestType.RESERVE)) {
            problems.add("--replicas: required for " + type.name().toLowerCase(Locale.ROOT));
        }
        if (!problems.isEmpty()) {
            throw new Invalid(problems);
        }
        boolean templated = type == RequestType.PUBLISH || type == RequestType.UPGRADE
                || (type == RequestType.RESERVE && (replicas == null || replicas > 0));
        List<String> command = List.of(values.getOrDefault("--command", "/usr/bin/sleep infinity").trim().split("\\s+"));
        PodTemplate template = !templated ? null : PodTemplate.newBuilder()
                .setResources(new Resources(cpu, memory, disk))
                .setPriority(priority)
                .setQos(qos)
                .setDispersion(List.of(new DispersionLevel(TopologyLevel.CORE_SWITCH, 1),
                        new DispersionLevel(TopologyLevel.CHASSIS, 1), new DispersionLevel(TopologyLevel.HOST, 1)))
                .setNodeSelector(selector)
                .setPayload(new Payload(command.get(0), command.subList(1, command.size()), Map.of()))
                .build();
        PlacementRequest request = PlacementRequest.newBuilder()
                .setRequestId(values.getOrDefault("--id", type.name().toLowerCase(Locale.ROOT) + "-"
                        + UUID.randomUUID().toString().substring(0, 8)))
                .setAppId(app)
                .setType(type)
                .setReplicas(replicas)
                .setTemplate(template)
                .setUpgrade(type == RequestType.UPGRADE ? new UpgradePolicy(maxUnavailable, maxSurge) : null)
                .setSubmittedAtMs(System.currentTimeMillis())
                .setSubmitter("sigma-request")
                .build();
        return new RequestArgs(request, bootstrap, values.getOrDefault("--prefix", ""), wait);
    }

    private static Integer number(Map<String, String> values, String flag, Integer fallback, List<String> problems) {
        String v = values.get(flag);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < 0) {
                problems.add(flag + " " + v + ": must be >= 0");
            }
            return n;
        } catch (NumberFormatException e) {
            problems.add(flag + " " + v + ": not a whole number");
            return fallback;
        }
    }
}
