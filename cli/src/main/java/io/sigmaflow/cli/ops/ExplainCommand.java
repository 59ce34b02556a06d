package io.sigmaflow.cli.ops;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sigmaflow.cli.support.KafkaTarget;
import io.sigmaflow.cli.support.Output;
import io.sigmaflow.cli.support.OutputFormat;
import io.sigmaflow.cli.support.OutputOption;
import io.sigmaflow.cli.support.SigmaCli;
import io.sigmaflow.jobs.job.FlinkConfigFiles;
import io.sigmaflow.jobs.job.PlacementJobConfig;
import io.sigmaflow.placement.model.AvroMapping;
import io.sigmaflow.placement.model.Dispersion;
import io.sigmaflow.placement.model.Pod;
import io.sigmaflow.placement.placer.PlacementConfig;
import io.sigmaflow.connectors.view.LatestOutcomes;
import io.sigmaflow.schema.Placement;
import io.sigmaflow.schema.PlacementAction;
import io.sigmaflow.schema.PlacementRequest;
import io.sigmaflow.schema.PodAllocation;
import io.sigmaflow.schema.PodTemplate;
import io.sigmaflow.schema.RequestOutcome;
import io.sigmaflow.schema.RequestType;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./sigma explain POD}: why a pod is on its node, or why it is pending. Reads the committed
 * node-state (where it is), its BIND on sigma.placements (the scores the job recorded), the app's
 * requests (its template) and outcomes (the job's pending reasons), and recomputes every filter's
 * verdict now with the placement core ({@link FilterVerdicts}).
 */
@Command(name = "explain",
        description = {"Why a pod is on its node: the winner's score per plugin against the runner-up's (from its",
                "BIND), every filter's verdict counts (recomputed now on the committed cluster) and the router's",
                "rule; for a pending pod the job's reasons and what would make it fit.",
                "Exit 0 explained, 1 unknown pod or Kafka failed, 2 bad command line."},
        footer = "  ./sigma explain web-3 -o yaml")
public final class ExplainCommand implements Callable<Integer> {
    private static final Pattern POD_OF_APP = Pattern.compile("(.+)-(\\d+)");
    private static final Pattern SLOT_OF_APP = Pattern.compile("reservation/(.+)/(\\d+)");

    @Spec
    private CommandSpec spec;

    @Mixin
    private KafkaTarget kafka;

    @Mixin
    private OutputOption output;

    @Parameters(index = "0", paramLabel = "POD", description = "the pod id, e.g. web-3 (./sigma status lists them)")
    private String podId;

    private final Function<KafkaTarget, OpsTopics> topics;
    /**
     * The job's profile: flink-conf/config.yaml's when run from the repository root (as ./sigma runs
     * it), else the defaults of sigmaflow.placement.*. A BIND names its score plugins by position in
     * the job's profile; with another profile here, explain shows positions and says so.
     */
    private final PlacementConfig config = jobProfile();

    public ExplainCommand() {
        this(OpsTopics::kafka);
    }

    ExplainCommand(Function<KafkaTarget, OpsTopics> topics) {
        this.topics = topics;
    }

    public static void main(String[] args) {
        SigmaCli.main(new ExplainCommand(), args);
    }

    static PlacementConfig jobProfile() {
        Path dir = FlinkConfigFiles.findDefault();
        if (dir == null) {
            return PlacementConfig.defaults();
        }
        try {
            return PlacementJobConfig.from(FlinkConfigFiles.load(dir, Map.of()))
                    .placement();
        } catch (RuntimeException e) {
            // A config.yaml the job would refuse: explain still works, on the defaults (and says so
            // wherever a BIND's profile differs).
            return PlacementConfig.defaults();
        }
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try (OpsTopics t = topics.apply(kafka)) {
            ClusterSnapshot snapshot = ClusterSnapshot.of(t.nodeStates());
            ClusterSnapshot.Bound bound = snapshot.find(podId);
            List<RequestOutcome> outcomes = t.outcomes();
            List<PlacementRequest> requests = t.requests();
            String app = bound != null ? bound.allocation().getAppId() : appOf(podId, outcomes);
            if (app == null) {
                err.println("explain: unknown pod '" + podId + "': it is bound on no node in sigma.node-state and"
                        + " names no app with outcomes (" + apps(outcomes) + ")");
                return SigmaCli.FAILED;
            }
            ObjectNode doc;
            if (bound != null) {
                Placement bind = lastBind(t.placements(), podId, bound.node().id());
                Template template = template(app, bind == null ? null : bind.getRequestId(), requests);
                Pod pod = template.pod != null ? template.pod : fromAllocation(bound.allocation());
                doc = PodExplanation.placed(pod, bound, bind,
                        FilterVerdicts.of(config, snapshot.orderedStates(), pod), snapshot, config, template.source);
            } else {
                RequestOutcome last = null;
                for (RequestOutcome o : outcomes) {
                    if (o.getAppId().equals(app) && LatestOutcomes.replaces(o, last)) {
                        last = o;
                    }
                }
                if (last != null && last.getPending() > 0 && !mayBePending(podId, app, last, boundIds(snapshot, t.placements()))) {
                    err.println("explain: pod '" + podId + "' is bound on no node and app " + app + " never had a pod"
                            + " of that number: its pending pods are numbered after the ones it placed (the job's"
                            + " last message: " + last.getMessage() + ")");
                    return SigmaCli.FAILED;
                }
                if (last == null || last.getPending() == 0) {
                    err.println("explain: pod '" + podId + "' is bound on no node and app " + app + " has no pending"
                            + " pod" + (last == null ? "" : " (its last outcome: " + last.getStatus() + ", "
                                    + last.getPlaced() + " of " + last.getDesired() + " placed)")
                            + ": it was never created, or was scaled down or destroyed");
                    return SigmaCli.FAILED;
                }
                Template template = template(app, null, requests);
                if (template.pod == null) {
                    err.println("explain: pod '" + podId + "' of app " + app + " is pending, but no request of " + app
                            + " with a template is left in sigma.requests (kept 7 days): its reasons are "
                            + last.getPendingReasons() + ": " + last.getMessage());
                    return SigmaCli.FAILED;
                }
                doc = PodExplanation.pending(template.pod, last,
                        FilterVerdicts.of(config, snapshot.orderedStates(), template.pod), snapshot, config,
                        template.source);
            }
            print(doc);
            return 0;
        } catch (IllegalStateException e) {
            err.println("explain: " + e.getMessage());
            return SigmaCli.FAILED;
        }
    }

    private void print(ObjectNode doc) {
        PrintWriter out = spec.commandLine().getOut();
        if (output.format() == OutputFormat.TABLE) {
            out.print(ExplainText.render(doc));
            out.flush();
        } else {
            Output.print(out, output.format(), doc, d -> null);
        }
    }

    /** The app a pod id names ({@code web-3}, {@code reservation/promo/0}) when that app has outcomes. */
    static String appOf(String podId, List<RequestOutcome> outcomes) {
        Matcher slot = SLOT_OF_APP.matcher(podId);
        Matcher pod = POD_OF_APP.matcher(podId);
        String app = slot.matches() ? slot.group(1) : pod.matches() ? pod.group(1) : null;
        if (app == null) {
            return null;
        }
        for (RequestOutcome o : outcomes) {
            if (o.getAppId().equals(app)) {
                return app;
            }
        }
        return null;
    }

    private static String apps(List<RequestOutcome> outcomes) {
        TreeSet<String> apps = new TreeSet<>();
        outcomes.forEach(o -> apps.add(o.getAppId()));
        if (apps.isEmpty()) {
            return "no app has an outcome yet";
        }
        List<String> shown = List.copyOf(apps).subList(0, Math.min(8, apps.size()));
        return "apps: " + String.join(", ", shown) + (apps.size() > shown.size() ? " and more" : "");
    }

    /**
     * Whether {@code podId} can be one of the app's pending pods: pods are numbered in creation order,
     * so its number is at most the highest number the app ever bound plus the pods still pending.
     * (A slot id is taken as it is.) Keeps "explain web-999" from explaining a pod that never was.
     */
    static boolean mayBePending(String podId, String app, RequestOutcome last, List<String> boundIds) {
        Matcher pod = POD_OF_APP.matcher(podId);
        if (!pod.matches() || !pod.group(1).equals(app)) {
            return true;
        }
        long highest = -1;
        for (String id : boundIds) {
            Matcher bound = POD_OF_APP.matcher(id);
            if (bound.matches() && bound.group(1).equals(app)) {
                highest = Math.max(highest, Long.parseLong(bound.group(2)));
            }
        }
        return Long.parseLong(pod.group(2)) <= highest + last.getPending();
    }

    /** Every pod id bound now (node-state) or ever (the BINDs still on sigma.placements). */
    private static List<String> boundIds(ClusterSnapshot snapshot, List<Placement> placements) {
        List<String> ids = new java.util.ArrayList<>();
        snapshot.cluster().placed().forEach(p -> ids.add(p.pod().id()));
        placements.stream().filter(p -> p.getAction() == PlacementAction.BIND).forEach(p -> ids.add(p.getPodId()));
        return ids;
    }

    /** The pod's BIND on its current node with the highest generation (the one that put it there). */
    static Placement lastBind(List<Placement> placements, String podId, String nodeId) {
        Placement last = null;
        for (Placement p : placements) {
            if (p.getAction() == PlacementAction.BIND && p.getPodId().equals(podId) && p.getNodeId().equals(nodeId)
                    && (last == null || p.getGeneration() > last.getGeneration())) {
                last = p;
            }
        }
        return last;
    }

    private record Template(Pod pod, String source) {}

    /**
     * The pod as the job placed it: the template of the request that bound it, else of the app's
     * latest request that carried one (PUBLISH, UPGRADE, RESERVE for slots).
     */
    private Template template(String app, String requestId, List<PlacementRequest> requests) {
        boolean slot = podId.startsWith(Pod.RESERVATION_PREFIX);
        PlacementRequest chosen = null;
        for (PlacementRequest r : requests) {
            if (!r.getAppId().equals(app) || r.getTemplate() == null || (r.getType() == RequestType.RESERVE) != slot) {
                continue;
            }
            if (requestId != null && requestId.equals(r.getRequestId())) {
                chosen = r;
                break;
            }
            chosen = r;
        }
        if (chosen == null) {
            return new Template(null, "none left in sigma.requests: node selector and tolerations unknown");
        }
        PodTemplate template = chosen.getTemplate();
        String source = chosen.getType() + " " + chosen.getRequestId();
        return new Template(AvroMapping.pod(podId, app, 0, template), source);
    }

    /** Only the requests, from the node's record of the pod: when the app's template is gone. */
    private Pod fromAllocation(PodAllocation a) {
        return new Pod(a.getPodId(), a.getAppId(), a.getGeneration(), AvroMapping.resources(a.getResources()),
                a.getPriority(), a.getQos(), Dispersion.CLUSTER_DEFAULT, Map.of(), List.of());
    }
}
