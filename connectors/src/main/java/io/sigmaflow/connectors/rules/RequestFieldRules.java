package io.sigmaflow.connectors.rules;

import io.sigmaflow.schema.DispersionLevel;
import io.sigmaflow.schema.GpuRequest;
import io.sigmaflow.schema.PlacementRequest;
import io.sigmaflow.schema.PodTemplate;
import io.sigmaflow.schema.RequestType;
import io.sigmaflow.schema.Resources;
import io.sigmaflow.schema.Toleration;
import io.sigmaflow.schema.UpgradePolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The rules of a request's own fields, which need nothing but the request: the placement job checks
 * them first (and answers REJECTED naming the field), {@code SigmaClient} checks them before it sends
 * anything. One code for both, so what the client accepts the job accepts. What needs the job's state
 * (an unknown app, a second PUBLISH) or its settings (a pod larger than the largest node may be) is
 * the job's alone.
 *
 * <p>Every problem reads {@code field: what is wrong}, the field as the wire record names it
 * ({@code template.resources.cpuMillis}); {@link #problems} lists all of them, in field order.
 */
public final class RequestFieldRules {
    /**
     * App ids: pod ids are {@code <appId>-<n>} and become file and cgroup names on hosts, where the
     * node-executor accepts 1 to 128 characters of these, starting with a letter or digit, without
     * {@code ..}; 100 leaves room for {@code -<n>}.
     */
    public static final Pattern APP_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    public static final int MAX_APP_ID = 100;
    public static final int MAX_REQUEST_ID = 200;
    public static final int MAX_REPLICAS = 100_000;
    /** Most whole GPUs one pod may ask (the largest GPU nodes have 8). */
    public static final int MAX_WHOLE_GPUS = 8;

    private RequestFieldRules() {}

    /** Every problem with {@code r}'s own fields, in field order; empty when there is none. */
    public static List<String> problems(PlacementRequest r) {
        List<String> out = new ArrayList<>();
        add(out, requestId(r.getRequestId()));
        add(out, appId(r.getAppId()));
        if (r.getType() == null) {
            out.add("type: required, one of " + List.of(RequestType.values()));
            return out;
        }
        switch (r.getType()) {
            case PUBLISH -> {
                add(out, replicas(r, true));
                template(out, r.getTemplate(), r.getType());
                add(out, policy(r.getUpgrade()));
            }
            case SCALE -> add(out, replicas(r, true));
            case UPGRADE -> {
                add(out, replicas(r, false));
                template(out, r.getTemplate(), r.getType());
                add(out, policy(r.getUpgrade()));
            }
            case RESERVE -> {
                String p = replicas(r, true);
                add(out, p);
                if (p == null && r.getReplicas() > 0) { // 0 cancels: no template needed
                    template(out, r.getTemplate(), r.getType());
                }
            }
            case DESTROY -> { }
        }
        String limits = FieldLimits.problem(r);
        if (limits != null && !out.contains(limits)) {
            out.add(limits);
        }
        return out;
    }

    /** The first of {@link #problems}, or null: what the job's REJECTED outcome names. */
    public static String problem(PlacementRequest r) {
        List<String> all = problems(r);
        return all.isEmpty() ? null : all.get(0);
    }

    /** Why {@code id} is not a request id, or null. */
    public static String requestId(String id) {
        if (id == null || id.isBlank()) {
            return "requestId: must not be blank";
        }
        if (id.length() > MAX_REQUEST_ID) {
            return "requestId: at most " + MAX_REQUEST_ID + " characters, got " + id.length();
        }
        return null;
    }

    /** Why {@code id} is not an app id safe on every host (see {@link #APP_ID}), or null. */
    public static String appId(String id) {
        if (id == null || !APP_ID.matcher(id).matches()) {
            return "appId: '" + quote(id) + "' must be 1 to " + MAX_APP_ID + " characters of A-Z a-z 0-9 . _ -,"
                    + " starting with a letter or digit (pod ids are <appId>-<n>)";
        }
        if (id.contains("..")) {
            return "appId: '" + id + "' must not contain '..' (app ids name files and cgroups on hosts)";
        }
        return FieldLimits.safeId("appId", id); // the hosts' own rule, should the pattern ever widen
    }

    private static String replicas(PlacementRequest r, boolean required) {
        Integer n = r.getReplicas();
        if (n == null) {
            return required ? "replicas: required for " + r.getType() : null;
        }
        if (n < 0) {
            return "replicas: must be >= 0, got " + n;
        }
        if (n > MAX_REPLICAS) {
            return "replicas: at most " + MAX_REPLICAS + ", got " + n;
        }
        return null;
    }

    private static void template(List<String> out, PodTemplate t, RequestType type) {
        if (t == null) {
            out.add("template: required for " + type);
            return;
        }
        Resources res = t.getResources();
        if (res == null) {
            out.add("template.resources: required");
        } else if (res.getCpuMillis() < 0 || res.getMemoryMb() < 0 || res.getDiskMb() < 0) {
            out.add("template.resources: must not be negative, got cpuMillis=" + res.getCpuMillis() + " memoryMb="
                    + res.getMemoryMb() + " diskMb=" + res.getDiskMb());
        } else if (res.getCpuMillis() == 0 && res.getMemoryMb() == 0) {
            out.add("template.resources: a pod must request some cpu or memory");
        }
        if (t.getPayload() == null || t.getPayload().getExecutable() == null || t.getPayload().getExecutable().isBlank()) {
            out.add("template.payload.executable: must not be blank");
        }
        for (int i = 0; t.getDispersion() != null && i < t.getDispersion().size(); i++) {
            DispersionLevel level = t.getDispersion().get(i);
            if (level.getWeight() < 1) {
                out.add("template.dispersion[" + i + "].weight: must be >= 1, got " + level.getWeight());
            }
        }
        List<Toleration> tolerations = t.getTolerations();
        for (int i = 0; tolerations != null && i < tolerations.size(); i++) {
            if (tolerations.get(i).getKey() == null || tolerations.get(i).getKey().isBlank()) {
                out.add("template.tolerations[" + i + "].key: must not be blank");
            }
        }
        gpu(out, t.getGpu());
    }

    /** Whole GPUs 0..8 or a share of one GPU in milli 1..999, not both; named models must not be blank. */
    private static void gpu(List<String> out, GpuRequest gpu) {
        if (gpu == null) {
            return;
        }
        if (gpu.getWholeGpus() < 0 || gpu.getWholeGpus() > MAX_WHOLE_GPUS) {
            out.add("template.gpu.wholeGpus: must be 0.." + MAX_WHOLE_GPUS + ", got " + gpu.getWholeGpus());
        }
        if (gpu.getMilliShare() < 0 || gpu.getMilliShare() >= 1000) {
            out.add("template.gpu.milliShare: must be 1..999 (a share of one GPU; ask wholeGpus for whole ones), got "
                    + gpu.getMilliShare());
        }
        if (gpu.getWholeGpus() > 0 && gpu.getMilliShare() > 0) {
            out.add("template.gpu: ask either wholeGpus or milliShare, not both (got wholeGpus=" + gpu.getWholeGpus()
                    + " milliShare=" + gpu.getMilliShare() + ")");
        }
        List<String> models = gpu.getModels();
        for (int i = 0; models != null && i < models.size(); i++) {
            if (models.get(i) == null || models.get(i).isBlank()) {
                out.add("template.gpu.models[" + i + "]: must not be blank");
            }
        }
    }

    /** Why {@code policy} cannot roll an upgrade, or null (null: the app's current policy is kept). */
    public static String policy(UpgradePolicy policy) {
        if (policy == null) {
            return null;
        }
        if (policy.getMaxUnavailable() < 0) {
            return "upgrade.maxUnavailable: must be >= 0, got " + policy.getMaxUnavailable();
        }
        if (policy.getMaxSurge() < 0) {
            return "upgrade.maxSurge: must be >= 0, got " + policy.getMaxSurge();
        }
        if (policy.getMaxUnavailable() == 0 && policy.getMaxSurge() == 0) {
            return "upgrade: maxUnavailable and maxSurge cannot both be 0 (the update could never make progress)";
        }
        return null;
    }

    private static void add(List<String> out, String problem) {
        if (problem != null) {
            out.add(problem);
        }
    }

    /** At most 100 characters of an id for a message (a longer one is refused for its length). */
    private static String quote(String id) {
        return id == null || id.length() <= 100 ? id : id.substring(0, 100) + "... (" + id.length() + " characters)";
    }
}
